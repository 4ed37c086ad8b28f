// The completion scripts for each shell. Each asks `django-drill __complete`
// for candidates (stderr discarded) and falls back to file names when there are none.

export const SHELLS = ['bash', 'zsh', 'fish'] as const
export type Shell = (typeof SHELLS)[number]

const bash = `# django-drill completion for bash. Install:
#   django-drill completion bash > ~/.local/share/bash-completion/completions/django-drill
# or add to ~/.bashrc:  eval "$(django-drill completion bash)"
_django_drill() {
  local IFS=$'\\n'
  COMPREPLY=($(command "\${COMP_WORDS[0]}" __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -o nosort -F _django_drill django-drill djdrill 2>/dev/null || complete -o default -F _django_drill django-drill djdrill
`

const zsh = `#compdef django-drill djdrill
# django-drill completion for zsh. Install into a folder on $fpath:
#   django-drill completion zsh > "\${fpath[1]}/_django-drill"
# or add to ~/.zshrc:  eval "$(django-drill completion zsh)"
_django_drill() {
  local -a candidates
  candidates=("\${(@f)$(command "\${words[1]}" __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if (( \${#candidates[@]} )) && [[ -n "\${candidates[1]}" ]]; then
    compadd -Q -- "\${candidates[@]}"
  else
    _files
  fi
}
if (( $+functions[compdef] )); then compdef _django_drill django-drill djdrill; fi
`

const fish = `# django-drill completion for fish. Install:
#   django-drill completion fish > ~/.config/fish/completions/django-drill.fish
function __django_drill_complete
    set -l words (commandline -opc) (commandline -ct)
    command $words[1] __complete $words[2..-1] 2>/dev/null
end
complete -c django-drill -a '(__django_drill_complete)'
complete -c djdrill -a '(__django_drill_complete)'
`

export const COMPLETION_SCRIPTS: Record<Shell, string> = { bash, zsh, fish }
