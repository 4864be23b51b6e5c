using System.Runtime.InteropServices;
using System.Text;

namespace KrrDistill.Native;

/// <summary>
/// How every exported function runs: the work inside one try, nothing ever thrown across the C boundary. Returns
/// <see cref="Ok"/>, <see cref="BadInput"/> (an <see cref="InputException"/>: the caller's data or options) or
/// <see cref="Internal"/> (anything else), and keeps the one-line message for <see cref="Exports.LastError"/>.
/// </summary>
internal static class NativeCall
{
    public const int Ok = 0, Internal = 1, BadInput = 2;

    [ThreadStatic]
    private static string? LastMessage;

    /// <summary>This thread's last failure message ("" when none).</summary>
    public static string LastError => LastMessage ?? "";

    public static int Run(Action work)
    {
        try
        {
            LastMessage = null;
            NativeDependencies.Ensure();
            work();
            return Ok;
        }
        catch (InputException e)
        {
            string message = OptionNames.Message(e, OptionNames.Python);
            LastMessage = OneLine(message);
            return BadInput;
        }
        catch (Exception e)
        {
            LastMessage = $"internal error: {OneLine(e.Message)} ({e.GetType().Name})";
            return Internal;
        }
    }

    /// <summary>Writes <paramref name="text"/> as NUL-terminated UTF-8 into the caller's buffer, cut to fit; returns the bytes needed.</summary>
    public static unsafe int WriteUtf8(string text, byte* buffer, int capacity)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (buffer != null && capacity > 0)
        {
            int n = Math.Min(bytes.Length, capacity - 1);
            bytes.AsSpan(0, n).CopyTo(new Span<byte>(buffer, n));
            buffer[n] = 0;
        }

        return bytes.Length + 1;
    }

    /// <summary>A NUL-terminated UTF-8 string from the caller ("" for null).</summary>
    public static unsafe string ReadUtf8(byte* text) => text == null ? "" : Marshal.PtrToStringUTF8((nint)text) ?? "";

    private static string OneLine(string message) => Printable.Escape(message.ReplaceLineEndings(" ").Trim());
}
