using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace KrrDistill.Cli;

/// <summary>
/// One rule for every number on the command line, whatever the machine's culture: invariant digits, a dot for
/// decimals, an optional exponent, no group separators (so "0,5" and "1,000" are refused rather than read as 5 and
/// 1000), finite values only. A refusal names the option and shows what a valid value looks like, never a .NET type.
/// </summary>
internal static class StrictNumbers
{
    /// <summary>Makes <paramref name="option"/> (of int, int?, double or double?) parse by these rules; returns it.</summary>
    public static Option<T> Strict<T>(this Option<T> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        Type type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (type != typeof(int) && type != typeof(double))
        {
            throw new ArgumentException($"{option.Name}: strict parsing is for int and double options, not {type.Name}.", nameof(option));
        }

        Func<ArgumentResult, T>? defaultValue = option.DefaultValueFactory;
        option.CustomParser = result => Parse(option.Name, type, result, defaultValue);
        return option;
    }

    private static T Parse<T>(string name, Type type, ArgumentResult result, Func<ArgumentResult, T>? defaultValue)
    {
        if (result.Tokens.Count == 0)
        {
            return defaultValue is null ? default! : defaultValue(result);
        }

        string text = result.Tokens[^1].Value;
        if (type == typeof(int))
        {
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int whole))
            {
                return (T)(object)whole;
            }

            bool digits = text.Length > 0 && text.TrimStart('-', '+').All(char.IsAsciiDigit) && text.TrimStart('-', '+').Length > 0;
            result.AddError(digits
                ? $"{name}: {text} is out of range (whole numbers up to {int.MaxValue})."
                : $"{name}: '{text}' is not a whole number (write it like 10, without separators or decimals).");
            return default!;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
        {
            return (T)(object)value;
        }

        result.AddError(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? $"{name}: '{text}' is not a finite number."
            : $"{name}: '{text}' is not a number (write it like 0.5, 1e-3 or 1000: a dot for decimals, no group separators).");
        return default!;
    }
}
