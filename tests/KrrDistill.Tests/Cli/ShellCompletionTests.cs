using KrrDistill.Cli;
using KrrDistill.Tests.Data;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// Shell completion: what the tool offers for a partial command line (in-process), and the bash, zsh and fish scripts
/// of <c>krr-distill completion SHELL</c> run by the shells themselves against the built tool (bash through its
/// completion function with COMP_WORDS, zsh through its completion function with the completion system's builtins
/// stubbed, fish through <c>complete -C</c>); a shell that is not installed is a skip.
/// </summary>
public class ShellCompletionTests
{
    public static TheoryData<string[], string[], string> Offers() => new()
    {
        { [""], ["distill", "fit", "evaluate", "kip", "stats", "merge", "reproduce", "fetch", "info", "completion"], "none" },
        { ["dis"], ["distill"], "none" },
        { ["distill", "--fe"], ["--features"], "none" },
        { ["distill", "--features", ""], ["fcnn", "identity", "linear", "rff"], "none" },
        { ["distill", "--init", "r"], ["real"], "none" },
        { ["distill", "--privacy", ""], ["dp", "none", "row-dp"], "none" },
        { ["fit", "--dataset", "fa"], ["fashion-mnist", "fashion-mnist-sample"], "files" },
        { ["fit", "--data-dir", ""], [], "dirs" },
        { ["distill", "--out", ""], [], "files" },
        { ["merge", ""], [], "files" },
        { ["fetch", ""], ["cifar10", "cifar100", "fashion-mnist", "mnist"], "none" },
        { ["completion", ""], ["bash", "fish", "zsh"], "none" },
        { ["kip", "--la"], [], "none" }, // kip takes no --lambda
        { ["fit", "--q"], ["--quiet"], "none" },
        { ["fit", "--width", ""], [], "none" },
        { ["fit", "--features=r"], ["--features=rff"], "none" },
        { ["fit", "--features", "=", "r"], ["rff"], "none" }, // as bash alone splits it
        { ["fit", "--dataset", "folder"], ["folder:"], "files" },
    };

    [Theory]
    [MemberData(nameof(Offers))]
    public void TheToolOffersWhatTheCommandTakes(string[] words, string[] expected, string addition)
    {
        (IReadOnlyList<(string Value, string Description)> candidates, ShellCompletion.Addition added) = ShellCompletion.Complete(CliApplication.Tree(), words);
        Assert.Equal(expected, candidates.Select(c => c.Value));
        Assert.Equal(addition, added switch { ShellCompletion.Addition.Files => "files", ShellCompletion.Addition.Directories => "dirs", _ => "none" });
    }

    [Fact]
    public void AnOptionAlreadyGivenIsNotOfferedAgain()
    {
        (IReadOnlyList<(string Value, string Description)> candidates, _) = ShellCompletion.Complete(CliApplication.Tree(), ["fit", "--dataset", "mnist", "--"]);
        Assert.DoesNotContain(candidates, c => c.Value == "--dataset");
        Assert.Contains(candidates, c => c.Value == "--features" && c.Description.StartsWith("Feature map", StringComparison.Ordinal));
    }

    [Fact]
    public void Bash()
    {
        using var dir = WithAFile();
        string script = """
            source <(krr-distill completion bash)
            complete -p krr-distill
            show() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _krr_distill; echo "${COMPREPLY[*]}"; }
            show krr-distill dis
            show krr-distill distill --features ''
            show krr-distill merge ha
            show krr-distill fit --dataset fashion-mnist-s
            show krr-distill fit --dataset fol
            compopt() { echo "compopt $*"; }
            show krr-distill fit --dataset fol
            """;
        string[] lines = Shell(dir, "bash", ["--norc", "--noprofile", "-c", script]);
        Assert.Equal(["complete -F _krr_distill krr-distill", "distill", "fcnn identity linear rff", "half1.npz", "fashion-mnist-sample", "folder:",
            "compopt -o nospace", "compopt -o filenames", "folder:"], lines); // no space after folder:
    }

    [Fact]
    public void Zsh()
    {
        using var dir = WithAFile();
        string script = """
            compdef() { print -- "compdef $*"; }
            _describe() { print -l -- "${(@P)${@[-1]}}"; }
            _files() { print -- "_files $*"; }
            source <(krr-distill completion zsh)
            words=(krr-distill dis); CURRENT=2; _krr-distill
            words=(krr-distill distill --init ''); CURRENT=4; _krr-distill
            words=(krr-distill fit --data-dir ''); CURRENT=4; _krr-distill
            """;
        string[] lines = Shell(dir, "zsh", ["-f", "-c", script]);
        Assert.Equal("compdef _krr-distill krr-distill", lines[0]);
        Assert.StartsWith("distill:Distill the data set", lines[1], StringComparison.Ordinal);
        Assert.Equal(["noise", "real", "_files -/"], lines[2..]);
    }

    [Fact]
    public void Fish()
    {
        using var dir = WithAFile();
        string script = """
            krr-distill completion fish | source
            complete -C'krr-distill dis'
            complete -C'krr-distill distill --labels '
            complete -C'krr-distill merge ha'
            """;
        string[] lines = Shell(dir, "fish", ["--no-config", "-c", script]);
        Assert.StartsWith("distill\tDistill the data set", lines[0], StringComparison.Ordinal);
        Assert.Equal(["fit", "model", "onehot", "half1.npz"], lines[1..]);
    }

    private static TempDirectory WithAFile()
    {
        var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "half1.npz"), "");
        return dir;
    }

    /// <summary>Runs <paramref name="shell"/> in <paramref name="dir"/> with the built tool first on PATH; its stdout lines.</summary>
    private static string[] Shell(TempDirectory dir, string shell, string[] arguments)
    {
        if (ProcessRun.OnPath(shell) is null)
        {
            Assert.Skip($"{shell} is not installed (apt-get install {shell})");
        }

        ProcessRun run = ProcessRun.Of(shell, arguments, dir.Path, ProcessRun.WithToolOnPath(dir.Path));
        Assert.True(run.ExitCode == 0, $"{shell}: exit {run.ExitCode}: {run.Stderr}");
        return run.Stdout.TrimEnd('\n').Split('\n');
    }
}
