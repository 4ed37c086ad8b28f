// The session loop now lives in src/session/ (pick, ask, judge, record, feedback, run).
export { runSession, type SessionDeps, type SessionOptions } from '../session/run.ts'
export { userBankFile } from '../session/leech.ts'
