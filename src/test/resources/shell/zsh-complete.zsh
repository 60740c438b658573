# Completes command lines in a real interactive zsh, as a TAB would, and prints what it offers:
#   zsh -f zsh-complete.zsh 'claude-connector st' 'claude-connector env --shell '
# prints "candidate: status", "completion done", "candidate: bash", … The interactive zsh reads
# $ZDOTDIR/.zshrc, so it completes with the user's own set-up (fpath, compinit); the hooks only
# report what the completion system adds (zsh/zpty gives that zsh a terminal).
zmodload zsh/zpty || { print -u2 "no zsh/zpty module"; exit 2 }
zpty shell zsh -i
zpty -w shell "CAPTURE_COUNT=$# source ${(q)${0:a:h}}/zsh-complete-hooks.zsh"
zpty -r shell line '*hooks ready*' || { print -u2 "the interactive zsh did not start"; exit 2 }
for typed in "$@"; do
  zpty -w -n shell $'\C-u'"$typed"$'\t'
  zpty -r shell line '*completion done*' || { print -u2 "no completion for: $typed"; exit 3 }
  print -r -- "${line//$'\r'/}"
done
zpty -d shell
