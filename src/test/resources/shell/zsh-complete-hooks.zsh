# Sourced into the interactive zsh by zsh-complete.zsh: every match the completion system adds is
# printed as "candidate: WORD", and "completion done" ends each completion; after CAPTURE_COUNT
# completions the shell exits.
PROMPT='' RPROMPT=''
compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  local -a __hits
  builtin compadd -A __hits "$@"
  local h
  for h in $__hits; do print -r -- "candidate: $h"; done
  builtin compadd "$@"
}
integer __left=$CAPTURE_COUNT
__done() { comppostfuncs=(__done); print -r -- "completion done"; (( --__left > 0 )) || exit 0 }
comppostfuncs=(__done)
print -r -- "hooks ready"
