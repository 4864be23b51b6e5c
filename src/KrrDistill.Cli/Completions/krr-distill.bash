# bash completion for krr-distill (printed by `krr-distill completion bash`).
# Install for this user (bash-completion reads ~/.bash_completion; or put `source <(krr-distill completion bash)`
# in ~/.bashrc):
#   krr-distill completion bash >> ~/.bash_completion
# The candidates come from the tool itself (`krr-distill __complete bash WORDS…`), so they always match its version.
_krr_distill() {
    local cur cword line directive program
    local -a words lines
    if declare -F _get_comp_words_by_ref >/dev/null; then
        # bash-completion: keep --option=value and folder:PATH whole (bash alone splits them at = and :)
        _get_comp_words_by_ref -n =: cur words cword
    else
        words=("${COMP_WORDS[@]}") cword=$COMP_CWORD cur=${COMP_WORDS[COMP_CWORD]}
    fi
    program=${words[0]/#\~/$HOME}
    mapfile -t lines < <("$program" __complete bash "${words[@]:1:cword}" 2>/dev/null)
    COMPREPLY=()
    ((${#lines[@]})) || return 0
    directive=${lines[${#lines[@]}-1]}
    unset 'lines[${#lines[@]}-1]'
    for line in "${lines[@]}"; do
        COMPREPLY+=("$line")
        [[ $line == *: ]] && compopt -o nospace 2>/dev/null # folder: is followed by a path, not a space
    done
    case $directive in
        :files)
            compopt -o filenames 2>/dev/null
            mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
            ;;
        :dirs)
            compopt -o filenames 2>/dev/null
            mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -d -- "$cur")
            ;;
    esac
    if declare -F __ltrim_colon_completions >/dev/null; then
        __ltrim_colon_completions "$cur"
    fi
}
complete -F _krr_distill krr-distill
