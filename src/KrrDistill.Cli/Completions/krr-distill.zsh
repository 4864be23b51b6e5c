#compdef krr-distill
# zsh completion for krr-distill (printed by `krr-distill completion zsh`).
# Install for this user: put it in a directory of $fpath as _krr-distill, e.g.
#   mkdir -p ~/.zfunc && krr-distill completion zsh > ~/.zfunc/_krr-distill
# with `fpath=(~/.zfunc $fpath)` before `autoload -U compinit && compinit` in ~/.zshrc.
# The candidates come from the tool itself (`krr-distill __complete zsh WORDS…`), so they always match its version.
_krr-distill() {
    local -a lines candidates prefixes
    local line directive program=${words[1]/#\~/$HOME}
    lines=("${(@f)$("$program" __complete zsh "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    (( ${#lines} )) || return 1
    directive=${lines[-1]}
    lines=("${(@)lines[1,-2]}")
    for line in "${lines[@]}"; do
        if [[ ${line%%$'\t'*} == *: ]]; then
            prefixes+=("${line%%$'\t'*}") # folder: is followed by a path, not a space
        elif [[ $line == *$'\t'* ]]; then
            candidates+=("${${line%%$'\t'*}//:/\\:}:${line#*$'\t'}")
        elif [[ -n $line ]]; then
            candidates+=("${line//:/\\:}")
        fi
    done
    (( ${#candidates} )) && _describe -t values 'krr-distill' candidates
    (( ${#prefixes} )) && compadd -S '' -- "${prefixes[@]}"
    case $directive in
        :files) _files ;;
        :dirs) _files -/ ;;
    esac
}
if [[ "${funcstack[1]}" == "_krr-distill" ]]; then
    _krr-distill "$@"
else
    compdef _krr-distill krr-distill
fi
