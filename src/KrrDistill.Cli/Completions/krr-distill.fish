# fish completion for krr-distill (printed by `krr-distill completion fish`).
# Install for this user:
#   mkdir -p ~/.config/fish/completions
#   krr-distill completion fish > ~/.config/fish/completions/krr-distill.fish
# The candidates come from the tool itself (`krr-distill __complete fish WORDS…`), so they always match its version.
function __krr_distill_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    set -l program $words[1]
    set -e words[1]
    set -l lines ($program __complete fish $words $current 2>/dev/null)
    test (count $lines) -gt 0; or return
    set -l directive $lines[-1]
    set -e lines[-1]
    set -q lines[1]; and printf '%s\n' $lines
    switch $directive
        case :files
            __fish_complete_path $current
        case :dirs
            __fish_complete_directories $current
    end
end
complete -c krr-distill -f -a '(__krr_distill_complete)'
