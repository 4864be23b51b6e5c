using System.Globalization;
using System.Text;

namespace KrrDistill;

/// <summary>
/// Text from files and arguments made safe to print in a one-line message: control characters (terminal escapes, NUL,
/// DEL, C1 codes), line and paragraph separators, lone surrogates and the replacement character of undecodable bytes
/// are shown as <c>\xNN</c> or <c>\uNNNN</c>, so that a message quoting a binary file cannot reach the terminal raw or
/// span lines. The front ends pass every error line through it.
/// </summary>
public static class Printable
{
    /// <summary><paramref name="text"/> with what a terminal must not receive raw written as escapes.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int first = 0;
        while (first < text.Length && IsSafe(text, first))
        {
            first++;
        }

        if (first == text.Length)
        {
            return text;
        }

        var s = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            if (IsSafe(text, i))
            {
                s.Append(text[i]);
                if (char.IsHighSurrogate(text[i]))
                {
                    s.Append(text[++i]);
                }
            }
            else
            {
                char c = text[i];
                s.Append(c <= 0xFF ? $"\\x{(int)c:X2}" : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
            }
        }

        return s.ToString();
    }

    /// <summary>True when the character at <paramref name="i"/> (a whole surrogate pair) may be printed as it is.</summary>
    private static bool IsSafe(string text, int i)
    {
        char c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return i > 0 && char.IsHighSurrogate(text[i - 1]);
        }

        UnicodeCategory category = char.GetUnicodeCategory(c);
        return category is not (UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Format)
            && c != '\uFFFD';
    }
}
