using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;

namespace KrrDistill.Cli;

/// <summary>
/// Options whose value is exactly one of an enum's names (<c>--init noise</c>, <c>--features fcnn</c>), in any letter
/// case: never a number or a comma list, which <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/> would accept
/// (<c>fcnn,rff</c> is <c>Linear</c> to it); a refusal names the option and lists the choices in lower case, never a
/// .NET type.
/// </summary>
internal static class StrictChoices
{
    /// <summary>Makes <paramref name="option"/> parse by these rules; returns it.</summary>
    public static Option<T> Choice<T>(this Option<T> option)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(option);
        string[] names = [.. Enum.GetNames<T>().Select(n => n.ToLowerInvariant()).Order(StringComparer.Ordinal)];
        option.CompletionSources.Clear(); // the parser's own offers the .NET names (Fcnn); help and completion show these
        option.CompletionSources.Add(_ => names.Select(n => new CompletionItem(n)));
        Func<ArgumentResult, T>? defaultValue = option.DefaultValueFactory;
        option.CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return defaultValue is null ? default : defaultValue(result);
            }

            string text = result.Tokens[^1].Value;
            string? name = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            if (name is not null)
            {
                return Enum.Parse<T>(name);
            }

            result.AddError(NotAChoice(option.Name, text, names));
            return default;
        };
        return option;
    }

    /// <summary>
    /// Makes <paramref name="option"/> accept exactly one of <paramref name="choices"/> (as typed; help, completion and
    /// the refusal list them in alphabetical order), refusing anything else by the option's name with the nearest
    /// choice; returns it.
    /// </summary>
    public static Option<string> OneOf(this Option<string> option, params string[] choices)
    {
        ArgumentNullException.ThrowIfNull(option);
        choices = [.. choices.Order(StringComparer.Ordinal)];
        option.CompletionSources.Clear();
        option.CompletionSources.Add(_ => choices.Select(c => new CompletionItem(c)));
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !choices.Contains(result.Tokens[^1].Value, StringComparer.Ordinal))
            {
                result.AddError(NotAChoice(option.Name, result.Tokens[^1].Value, choices));
            }
        });
        return option;
    }

    /// <summary>"--option: 'text' is not one of a, b, c.", with the nearest choice when it is a likely misspelling.</summary>
    internal static string NotAChoice(string option, string text, string[] choices)
        => Spelling.Closest(text, choices) is { } near
            ? $"{option}: '{text}' is not one of {string.Join(", ", choices)}; did you mean '{near}'?"
            : $"{option}: '{text}' is not one of {string.Join(", ", choices)}.";
}
