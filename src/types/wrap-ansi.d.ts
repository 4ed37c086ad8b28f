declare module 'wrap-ansi' {
  interface Options {
    hard?: boolean
    trim?: boolean
    wordWrap?: boolean
  }
  export default function wrapAnsi(text: string, columns: number, options?: Options): string
}
