using System.CommandLine;

namespace KrrDistill.Cli;

/// <summary>One example at the end of a command's help: what it does, and the line as a user types it.</summary>
/// <param name="Command">The command it belongs to.</param>
/// <param name="What">One line saying what it does.</param>
/// <param name="Line">The command line: <c>krr-distill COMMAND …</c>, after a <c>mkdir -p DIR &amp;&amp;</c> when it writes into a new directory.</param>
/// <param name="AtTop">Whether <c>krr-distill --help</c> shows it too.</param>
internal sealed record CommandExample(string Command, string What, string Line, bool AtTop = false);

/// <summary>
/// The examples of every command's help, in an order in which they run one after another in an empty directory: the
/// later ones use the files the earlier ones write (the test suite runs them so). They use the bundled
/// <c>fashion-mnist-sample</c>, so they run without a download.
/// </summary>
internal static class CommandExamples
{
    /// <summary>Every example, in the order they run.</summary>
    public static IReadOnlyList<CommandExample> All { get; } =
    [
        new("fetch", "Download Fashion-MNIST into ./data, checked against its publisher's checksums",
            "krr-distill fetch fashion-mnist --data-dir data"),
        new("info", "Show the BLAS backend, its threads and which data sets are present", "krr-distill info"),
        new("stats", "Sum the statistics of each half of the training split (e.g. on two machines)",
            "krr-distill stats --dataset fashion-mnist-sample --shard 1/2 --out half1.npz"),
        new("stats", "… and of the second half",
            "krr-distill stats --dataset fashion-mnist-sample --shard 2/2 --out half2.npz"),
        new("merge", "Add the halves' statistics into one file", "krr-distill merge half1.npz half2.npz --out stats.npz"),
        new("fit", "Fit the original model; λ is chosen on a 5 % validation split",
            "krr-distill fit --dataset fashion-mnist-sample", AtTop: true),
        new("fit", "Random Fourier features 1,000 wide, saving the model",
            "krr-distill fit --dataset fashion-mnist-sample --features rff --width 1000 --save-model model.npz"),
        new("fit", "Fit from merged statistics, without another pass over the training rows",
            "krr-distill fit --stats stats.npz --dataset fashion-mnist-sample"),
        new("distill", "Distill 10 images per class: distilled.npz, distilled.png, distilled.metrics.json",
            "krr-distill distill --dataset fashion-mnist-sample --ipc 10", AtTop: true),
        new("distill", "Release an (ε, δ)-differentially private set (ε = 1, λ fixed in advance)",
            "krr-distill distill --dataset fashion-mnist-sample --privacy dp --lambda 100 --out private.npz"),
        new("evaluate", "Retrain on the distilled set and check its test accuracy",
            "krr-distill evaluate --distilled distilled.npz --dataset fashion-mnist-sample", AtTop: true),
        new("kip", "The KIP baseline from one real image per class, stopped after 20 Adam steps",
            "krr-distill kip --dataset fashion-mnist-sample --ipc 1 --steps 20"),
        new("reproduce", "The paper's Table 3 on the bundled sample, written to reproduce/report.md",
            "krr-distill reproduce --table 3 --datasets fashion-mnist-sample"),
        new("completion", "bash: complete commands, options and data sets in new shells (bash-completion)",
            "krr-distill completion bash >> ~/.bash_completion"),
        new("completion", "zsh: a directory of your $fpath (fpath=(~/.zfunc $fpath) before compinit)",
            "mkdir -p ~/.zfunc && krr-distill completion zsh > ~/.zfunc/_krr-distill"),
        new("completion", "fish: its completions directory (mkdir -p it when it is new)",
            "krr-distill completion fish > ~/.config/fish/completions/krr-distill.fish"),
    ];

    /// <summary>The examples <paramref name="command"/>'s help ends with (the root's: those marked <see cref="CommandExample.AtTop"/>).</summary>
    public static IReadOnlyList<CommandExample> For(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command is RootCommand ? [.. All.Where(e => e.AtTop)] : [.. All.Where(e => e.Command == command.Name)];
    }
}
