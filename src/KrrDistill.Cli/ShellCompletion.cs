using System.CommandLine;
using System.CommandLine.Completions;
using KrrDistill.Data;

namespace KrrDistill.Cli;

/// <summary>
/// What the shell completion scripts offer (<c>krr-distill __complete SHELL WORDS…</c>, not a command of its own: it
/// is answered before parsing, so that the words being completed are never read as options). WORDS are the words
/// after <c>krr-distill</c> up to the cursor, the last one the (possibly empty) word being completed. The answer is
/// one candidate per line, <c>VALUE&lt;TAB&gt;DESCRIPTION</c>, then one line saying what the shell adds itself:
/// <c>:files</c>, <c>:dirs</c> or <c>:none</c>.
/// </summary>
internal static class ShellCompletion
{
    /// <summary>The first argument that asks for completions.</summary>
    public const string Request = "__complete";

    /// <summary>The shells there are scripts for.</summary>
    public static readonly string[] Shells = ["bash", "fish", "zsh"];

    /// <summary>Options whose value is a file to read or write (the shell completes paths).</summary>
    private static readonly HashSet<string> FileOptions = new(StringComparer.Ordinal)
    {
        "--dataset", "--stats", "--zca-from", "--distilled", "--out", "--png", "--metrics", "--save-model",
    };

    /// <summary>Options whose value is a directory.</summary>
    private static readonly HashSet<string> DirectoryOptions = new(StringComparer.Ordinal) { "--data-dir", "--out-dir" };

    /// <summary>What the shell should add to the candidates.</summary>
    public enum Addition
    {
        /// <summary>Nothing.</summary>
        None,

        /// <summary>File names.</summary>
        Files,

        /// <summary>Directory names.</summary>
        Directories,
    }

    /// <summary>Answers <c>__complete SHELL WORDS…</c> on <paramref name="stdout"/>; returns the exit code.</summary>
    public static int Answer(RootCommand root, IReadOnlyList<string> request, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stdout);
        bool described = request.Count > 0 && request[0] != "bash";
        (IReadOnlyList<(string Value, string Description)> candidates, Addition addition) = Complete(root, request.Count > 0 ? [.. request.Skip(1)] : []);
        foreach ((string value, string description) in candidates)
        {
            stdout.WriteLine(described && description.Length > 0 ? $"{value}\t{description}" : value);
        }

        stdout.WriteLine(addition switch { Addition.Files => ":files", Addition.Directories => ":dirs", _ => ":none" });
        return 0;
    }

    /// <summary>The candidates for the last of <paramref name="words"/> (the words after the program name), and what the shell adds.</summary>
    public static (IReadOnlyList<(string Value, string Description)> Candidates, Addition Addition) Complete(RootCommand root, IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(words);
        string current = words.Count > 0 ? words[^1] : "";
        string[] before = [.. words.Take(Math.Max(0, words.Count - 1))];
        if (before.Length >= 2 && before[^1] == "=" && before[^2].StartsWith("--", StringComparison.Ordinal))
        {
            before = before[..^1]; // bash without bash-completion splits --option=value into three words
        }

        Command command = before.Select(w => root.Subcommands.FirstOrDefault(c => c.Name == w)).OfType<Command>().FirstOrDefault() ?? root;
        Option[] options = [.. OptionsOf(command, root)];
        (List<(string, string)> candidates, Addition addition) = ([], Addition.None);
        if (current.StartsWith("--", StringComparison.Ordinal) && current.IndexOf('=', StringComparison.Ordinal) is > 2 and int equals
            && options.FirstOrDefault(o => Names(o).Contains(current[..equals])) is { } joined)
        {
            candidates.AddRange(ValuesOf(joined).Select(v => ($"{current[..equals]}={v.Item1}", v.Item2))); // --option=value
        }
        else if (before.Length > 0 && options.FirstOrDefault(o => Names(o).Contains(before[^1])) is { } valued && valued.Arity.MinimumNumberOfValues > 0)
        {
            candidates.AddRange(ValuesOf(valued));
            addition = DirectoryOptions.Contains(valued.Name) ? Addition.Directories : FileOptions.Contains(valued.Name) ? Addition.Files : Addition.None;
        }
        else if (current.StartsWith('-') || (command != root && command.Arguments.Count == 0))
        {
            candidates.AddRange(options.Where(o => !o.Hidden && !before.Any(w => Names(o).Contains(w))).Select(o => (o.Name, Brief(o.Description))));
        }
        else if (command == root)
        {
            candidates.AddRange(root.Subcommands.Where(c => !c.Hidden).Select(c => (c.Name, Brief(c.Description))));
        }
        else
        {
            Argument argument = command.Arguments[0];
            candidates.AddRange(argument.GetCompletions(CompletionContext.Empty).Select(c => (c.Label, "")));
            addition = candidates.Count == 0 ? Addition.Files : Addition.None;
        }

        return ([.. candidates.Where(c => c.Item1.StartsWith(current, StringComparison.Ordinal))], addition);
    }

    /// <summary>The options <paramref name="command"/> takes: its own, and the root's that apply to every command.</summary>
    private static IEnumerable<Option> OptionsOf(Command command, RootCommand root)
        => command == root ? root.Options : command.Options.Concat(root.Options.Where(o => o.Recursive));

    private static IEnumerable<string> Names(Option option) => option.Aliases.Prepend(option.Name);

    /// <summary>The values offered for <paramref name="option"/>: its choices, or the named data sets for <c>--dataset</c>.</summary>
    private static IEnumerable<(string, string)> ValuesOf(Option option)
        => option.Name == "--dataset"
            ? DatasetCatalog.Names.Select(n => (n, "named data set")).Append(("folder:", "a folder of images, one subfolder per class"))
            : option.GetCompletions(CompletionContext.Empty).Select(c => (c.Label, ""));

    /// <summary>A description cut to its first clause, at most 70 characters, on one line.</summary>
    private static string Brief(string? description)
    {
        string text = string.Join(' ', (description ?? "").Split(['\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        int end = new[] { text.IndexOf("; ", StringComparison.Ordinal), text.IndexOf(" (", StringComparison.Ordinal) }.Where(i => i > 0).DefaultIfEmpty(-1).Min();
        text = (end > 0 ? text[..end] : text).TrimEnd(' ', '.', ',', ':');
        if (text.Length <= 70)
        {
            return text;
        }

        int cut = text.LastIndexOf(' ', 69);
        return text[..(cut > 0 ? cut : 69)] + "…";
    }
}
