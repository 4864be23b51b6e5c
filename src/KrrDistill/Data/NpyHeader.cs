using System.Globalization;
using System.Text;

namespace KrrDistill.Data;

/// <summary>
/// The header of a numpy <c>.npy</c> file: the magic string <c>\x93NUMPY</c>, a version, a little-endian
/// header length, and a Python dict literal <c>{'descr': …, 'fortran_order': …, 'shape': (…), }</c>
/// padded with spaces and a newline so the data start on a multiple of 64 bytes.
/// </summary>
internal static class NpyHeader
{
    /// <summary>The magic string that starts every .npy file.</summary>
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Longest header text accepted when reading (numpy itself refuses more than 10000 characters by default).</summary>
    public const int MaxHeaderLength = 1 << 20;

    private const int ArrayAlign = 64;
    private const int GrowthAxisMaxDigits = 21;

    /// <summary>Formats a shape as Python prints a tuple: <c>()</c>, <c>(3,)</c>, <c>(2, 3)</c>.</summary>
    public static string FormatShape(IReadOnlyList<int> shape) => shape.Count switch
    {
        0 => "()",
        1 => $"({shape[0].ToString(CultureInfo.InvariantCulture)},)",
        _ => $"({string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))})",
    };

    /// <summary>
    /// The complete header block numpy 1.24+ writes for a C-order array of <paramref name="descr"/> and
    /// <paramref name="shape"/>: magic, version 1.0 (2.0 if the header exceeds 65535 bytes), length, dict
    /// text, growth padding, alignment padding and newline. The total length is a multiple of 64.
    /// </summary>
    public static byte[] Encode(string descr, IReadOnlyList<int> shape)
    {
        var text = new StringBuilder();
        text.Append("{'descr': '").Append(descr).Append("', 'fortran_order': False, 'shape': ").Append(FormatShape(shape)).Append(", }");
        if (shape.Count > 0)
        {
            // numpy leaves room for the first axis to grow in place (GROWTH_AXIS_MAX_DIGITS).
            text.Append(' ', GrowthAxisMaxDigits - shape[0].ToString(CultureInfo.InvariantCulture).Length);
        }

        byte[] dict = Encoding.Latin1.GetBytes(text.ToString());
        int hlen = dict.Length + 1;
        int prefix = Magic.Length + 2 + 2;
        int padding = ArrayAlign - ((prefix + hlen) % ArrayAlign);
        byte major = 1;
        if (hlen + padding > ushort.MaxValue)
        {
            major = 2;
            prefix = Magic.Length + 2 + 4;
            padding = ArrayAlign - ((prefix + hlen) % ArrayAlign);
        }

        var block = new byte[prefix + hlen + padding];
        Magic.CopyTo(block);
        block[6] = major;
        block[7] = 0;
        int length = hlen + padding;
        if (major == 1)
        {
            block[8] = (byte)length;
            block[9] = (byte)(length >> 8);
        }
        else
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(block.AsSpan(8), length);
        }

        dict.CopyTo(block, prefix);
        block.AsSpan(prefix + dict.Length, padding).Fill((byte)' ');
        block[^1] = (byte)'\n';
        return block;
    }

    /// <summary>
    /// Parses the dict text of a header into its three entries; anything else (a syntax error, a missing
    /// or extra key, a non-integer dimension, a structured dtype) is a <see cref="DataFormatException"/> naming <paramref name="source"/>.
    /// </summary>
    public static (string Descr, bool FortranOrder, int[] Shape) Parse(string text, string source)
    {
        object? value;
        try
        {
            var parser = new LiteralParser(text);
            value = parser.ParseValue();
            parser.ExpectEnd();
        }
        catch (FormatException e)
        {
            throw new DataFormatException($"{source}: cannot parse the NPY header ({e.Message}): {Abbreviate(text)}");
        }

        if (value is not Dictionary<string, object?> dict)
        {
            throw new DataFormatException($"{source}: the NPY header is not a dict: {Abbreviate(text)}");
        }

        string[] expected = ["descr", "fortran_order", "shape"];
        if (dict.Count != expected.Length || !expected.All(dict.ContainsKey))
        {
            throw new DataFormatException($"{source}: the NPY header has keys [{string.Join(", ", dict.Keys.Order(StringComparer.Ordinal))}], expected [descr, fortran_order, shape].");
        }

        string descr = dict["descr"] switch
        {
            string s => s,
            List<object?> => throw new DataFormatException($"{source}: structured dtypes (record arrays) are not supported: {Abbreviate(text)}"),
            _ => throw new DataFormatException($"{source}: the NPY header's descr is not a dtype string: {Abbreviate(text)}"),
        };

        if (dict["fortran_order"] is not bool fortran)
        {
            throw new DataFormatException($"{source}: the NPY header's fortran_order is not True or False: {Abbreviate(text)}");
        }

        if (dict["shape"] is not PyTuple tuple)
        {
            throw new DataFormatException($"{source}: the NPY header's shape is not a tuple: {Abbreviate(text)}");
        }

        var shape = new int[tuple.Items.Count];
        for (int i = 0; i < shape.Length; i++)
        {
            if (tuple.Items[i] is not long dim || dim < 0 || dim > int.MaxValue)
            {
                throw new DataFormatException($"{source}: the NPY header's shape has an invalid dimension {tuple.Items[i] ?? "None"}: {Abbreviate(text)}");
            }

            shape[i] = (int)dim;
        }

        return (descr, fortran, shape);
    }

    private static string Abbreviate(string text)
    {
        string line = DataFile.OneLine(text);
        return line.Length <= 200 ? line : line[..200] + "…";
    }

    /// <summary>A Python tuple literal (told apart from a list, which is how a structured dtype is written).</summary>
    private sealed record PyTuple(List<object?> Items);

    /// <summary>A parser for the Python literals numpy writes into headers: dicts, tuples, lists, strings, ints, True/False/None.</summary>
    private sealed class LiteralParser(string text)
    {
        private int _at;

        public object? ParseValue()
        {
            SkipSpace();
            if (_at >= text.Length)
            {
                throw new FormatException("unexpected end");
            }

            char c = text[_at];
            switch (c)
            {
                case '{':
                    return ParseDict();
                case '(':
                    return new PyTuple(ParseSequence('(', ')'));
                case '[':
                    return ParseSequence('[', ']');
                case '\'':
                case '"':
                    return ParseString();
                default:
                    if (c == '-' || char.IsAsciiDigit(c))
                    {
                        return ParseInteger();
                    }

                    if (char.IsAsciiLetter(c))
                    {
                        int start = _at;
                        while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] == '_'))
                        {
                            _at++;
                        }

                        return text[start.._at] switch
                        {
                            "True" => true,
                            "False" => false,
                            "None" => null,
                            string word => throw new FormatException($"unexpected name '{word}'"),
                        };
                    }

                    throw new FormatException($"unexpected '{c}' at offset {_at}");
            }
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_at != text.Length)
            {
                throw new FormatException($"unexpected '{text[_at]}' at offset {_at}");
            }
        }

        private Dictionary<string, object?> ParseDict()
        {
            _at++;
            var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (true)
            {
                SkipSpace();
                if (Peek() == '}')
                {
                    _at++;
                    return dict;
                }

                if (ParseValue() is not string key)
                {
                    throw new FormatException("a dict key is not a string");
                }

                SkipSpace();
                Expect(':');
                object? value = ParseValue();
                if (!dict.TryAdd(key, value))
                {
                    throw new FormatException($"key '{key}' appears twice");
                }

                SkipSpace();
                if (Peek() == ',')
                {
                    _at++;
                }
                else if (Peek() != '}')
                {
                    throw new FormatException($"expected ',' or '}}' at offset {_at}");
                }
            }
        }

        private List<object?> ParseSequence(char open, char close)
        {
            _at++;
            var items = new List<object?>();
            while (true)
            {
                SkipSpace();
                if (Peek() == close)
                {
                    _at++;
                    return items;
                }

                items.Add(ParseValue());
                SkipSpace();
                if (Peek() == ',')
                {
                    _at++;
                }
                else if (Peek() != close)
                {
                    throw new FormatException($"expected ',' or '{close}' after an item of a '{open}' sequence at offset {_at}");
                }
            }
        }

        private string ParseString()
        {
            char quote = text[_at++];
            var value = new StringBuilder();
            while (_at < text.Length && text[_at] != quote)
            {
                if (text[_at] == '\\' && _at + 1 < text.Length)
                {
                    _at++;
                }

                value.Append(text[_at++]);
            }

            Expect(quote);
            return value.ToString();
        }

        private long ParseInteger()
        {
            int start = _at;
            if (text[_at] == '-')
            {
                _at++;
            }

            while (_at < text.Length && char.IsAsciiDigit(text[_at]))
            {
                _at++;
            }

            if (!long.TryParse(text.AsSpan(start, _at - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            {
                throw new FormatException($"'{text[start.._at]}' is not an integer that fits 64 bits");
            }

            // Python 2 wrote long integers with an L suffix.
            if (_at < text.Length && text[_at] is 'L' or 'l')
            {
                _at++;
            }

            return value;
        }

        private char Peek() => _at < text.Length ? text[_at] : throw new FormatException("unexpected end");

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw new FormatException($"expected '{c}' at offset {_at}");
            }

            _at++;
        }

        private void SkipSpace()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }
    }
}
