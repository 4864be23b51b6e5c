# bash completion for krr-distill (printed by `krr-distill completion bash`).
# Install for this user:
#   mkdir -p ~/.local/share/bash-completion/completions
#   krr-distill completion bash > ~/.local/share/bash-completion/completions/krr-distill
# The candidates come from the tool itself (`krr-distill __complete bash WORDS…`), so they always match its version.
_krr_distill() {
    local cur=${COMP_WORDS[COMP_CWORD]} line directive
    local -a lines
    mapfile -t lines < <("${COMP_WORDS[0]}" __complete bash "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
    COMPREPLY=()
    ((${#lines[@]})) || return 0
    directive=${lines[${#lines[@]}-1]}
    unset 'lines[${#lines[@]}-1]'
    for line in "${lines[@]}"; do
        COMPREPLY+=("${line%%$'\t'*}")
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
}
complete -F _krr_distill krr-distill
