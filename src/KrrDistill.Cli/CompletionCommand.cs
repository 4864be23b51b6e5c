using System.CommandLine;
using System.CommandLine.Completions;

namespace KrrDistill.Cli;

/// <summary>
/// <c>krr-distill completion bash|zsh|fish</c>: prints the shell's completion script (how to install it is in its first
/// lines and in the README). The scripts ask the tool itself for candidates (<see cref="ShellCompletion"/>).
/// </summary>
internal static class CompletionCommand
{
    public static Command Create(TextWriter stdout)
    {
        var shell = new Argument<string>("shell") { Description = "The shell: bash, zsh or fish" };
        shell.CompletionSources.Add(_ => ShellCompletion.Shells.Select(name => new CompletionItem(name)));
        shell.Validators.Add(result =>
        {
            string typed = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!ShellCompletion.Shells.Contains(typed))
            {
                result.AddError(StrictChoices.NotAChoice("completion", typed, ShellCompletion.Shells));
            }
        });
        var command = new Command("completion", "Print the shell completion script for bash, zsh or fish (commands, options, choices, data sets).") { shell };
        command.SetAction(parse =>
        {
            stdout.Write(Script(parse.GetRequiredValue(shell)));
            return 0;
        });
        return command;
    }

    /// <summary>The completion script for <paramref name="shell"/> (bash, zsh or fish).</summary>
    public static string Script(string shell)
    {
        using Stream stream = typeof(CompletionCommand).Assembly.GetManifestResourceStream($"completion.{shell}")
            ?? throw new InvalidOperationException($"the {shell} completion script is not built into this binary.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
