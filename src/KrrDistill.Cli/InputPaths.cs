using System.CommandLine;

namespace KrrDistill.Cli;

/// <summary>
/// Options and arguments that name a file to read: an empty or blank name is refused by the parser, naming the option,
/// before any command runs (the file APIs would otherwise throw their own words about a parameter called 'path').
/// </summary>
internal static class InputPaths
{
    /// <summary>What a refused empty directory option says after its name.</summary>
    public const string EmptyDirectory = "is empty: name a directory, or leave the option out to search the standard places.";

    /// <summary>Refuses an empty <paramref name="option"/> value, saying <paramref name="refusal"/> after its name; returns the option.</summary>
    public static Option<T> InputPath<T>(this Option<T> option, string refusal = "is empty: name the file to read.")
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[^1].Value))
            {
                result.AddError($"{option.Name} {refusal}");
            }
        });
        return option;
    }

    /// <summary>Refuses an empty name among <paramref name="argument"/>'s values; returns the argument.</summary>
    public static Argument<string[]> InputPathList(this Argument<string[]> argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        argument.Validators.Add(result =>
        {
            int empty = result.Tokens.ToList().FindIndex(t => string.IsNullOrWhiteSpace(t.Value));
            if (empty >= 0)
            {
                result.AddError($"{argument.Name}: file {empty + 1} of {result.Tokens.Count} is an empty name: name the files to read.");
            }
        });
        return argument;
    }
}
