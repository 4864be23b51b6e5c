using System.CommandLine;
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

            result.AddError($"{option.Name}: '{text}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");
            return default;
        };
        return option;
    }
}
