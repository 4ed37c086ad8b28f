// The completion scripts for each shell. Each asks `django-drill __complete`
// for candidates (stderr discarded) and falls back to file names when there are none.

export const SHELLS = ['bash', 'zsh', 'fish'] as const
export type Shell = (typeof SHELLS)[number]

const bash = `# django-drill completion for bash. Install:
#   django-drill completion bash > ~/.local/share/bash-completion/completions/django-drill
# or add to ~/.bashrc:  eval "$(django-drill completion bash)"
_django_drill() {
  local IFS=$'\\n' i w cur
  local -a words=()
  # bash splits "--topic=orm" into "--topic" "=" "orm": join them again for __complete.
  for ((i = 1; i <= COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    if ((\${#words[@]})) && [[ $w == "=" || \${words[\${#words[@]}-1]} == *= ]]; then
      words[\${#words[@]}-1]+=$w
    else
      words+=("$w")
    fi
  done
  ((\${#words[@]})) || words=("")
  cur=\${words[\${#words[@]}-1]}
  COMPREPLY=($(command "\${COMP_WORDS[0]}" __complete "\${words[@]}" 2>/dev/null))
  # bash replaces only what follows the "=": drop "--topic=" from each candidate.
  if [[ $cur == -*=* ]]; then COMPREPLY=("\${COMPREPLY[@]#"\${cur%%=*}="}"); fi
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
    compadd -V django-drill -Q -- "\${candidates[@]}"
  else
    _files
  fi
}
if (( $+functions[compdef] )); then compdef _django_drill django-drill djdrill; fi
# Autoloaded from $fpath, this file is the completion function itself: complete now, on the first Tab.
if [[ "\${funcstack[1]}" == _django-drill ]]; then _django_drill "$@"; fi
`

const fish = `# django-drill completion for fish. Install:
#   django-drill completion fish > ~/.config/fish/completions/django-drill.fish
function __django_drill_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l candidates (command $words[1] __complete $words[2..-1] 2>/dev/null)
    if set -q candidates[1]
        printf '%s\\n' $candidates
    else
        __fish_complete_path (commandline -ct)
    end
end
complete -c django-drill -f -k -a '(__django_drill_complete)'
complete -c djdrill -f -k -a '(__django_drill_complete)'
`

export const COMPLETION_SCRIPTS: Record<Shell, string> = { bash, zsh, fish }
