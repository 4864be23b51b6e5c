namespace KrrDistill.Data;

/// <summary>
/// Bad input data: a file, key or value that cannot be used. The message is one line that names the file,
/// key or option at fault; the CLI prints it and exits with code 2.
/// </summary>
public sealed class DataFormatException : InputException
{
    /// <summary>Creates the exception with a one-line message naming what is wrong.</summary>
    public DataFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and the underlying cause.</summary>
    public DataFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
