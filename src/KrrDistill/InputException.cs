namespace KrrDistill;

/// <summary>
/// A user-input error: an option out of range, or a file, key or value that cannot be used. Every way in
/// (the CLI, .NET callers, the Python package) reports it as bad input; the CLI prints the one-line message
/// and exits with code 2. Anything else thrown by the library is an internal failure.
/// </summary>
public class InputException : Exception
{
    /// <summary>Creates the exception with a one-line message naming the file, key or value at fault.</summary>
    public InputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and the underlying cause.</summary>
    public InputException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>
    /// Creates the exception for the options property <paramref name="property"/> (e.g. <c>ImagesPerClass</c>);
    /// the message is the property name followed by <paramref name="detail"/>.
    /// </summary>
    public InputException(string property, string detail, Exception? inner = null)
        : base($"{property} {detail}", inner)
    {
        Property = property;
        Detail = detail;
    }

    /// <summary>The options property at fault (null when the error is about a file or value rather than an option).</summary>
    public string? Property { get; }

    /// <summary>What is wrong with <see cref="Property"/>, without its name (null when <see cref="Property"/> is null).</summary>
    public string? Detail { get; }

    /// <summary>Throws for <paramref name="property"/> unless <paramref name="value"/> is a finite number ≥ 0.</summary>
    internal static void RequireNonNegative(double value, string property)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new InputException(property, $"must be a finite number ≥ 0 (got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }
    }

    /// <summary>Throws for <paramref name="property"/> unless <paramref name="value"/> is a finite number &gt; 0.</summary>
    internal static void RequirePositive(double value, string property)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new InputException(property, $"must be a finite number > 0 (got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }
    }

    /// <summary>Throws for <paramref name="property"/> unless <paramref name="value"/> ≥ <paramref name="minimum"/>.</summary>
    internal static void RequireAtLeast(int value, int minimum, string property, string? why = null)
    {
        if (value < minimum)
        {
            throw new InputException(property, $"must be at least {minimum} (got {value}){(why is null ? "." : ": " + why)}");
        }
    }
}
