namespace KrrDistill.Tests;

/// <summary>Text quoted in messages reaches the terminal only as printable characters.</summary>
public sealed class PrintableTests
{
    [Theory]
    [InlineData("plain text, ünïcödé, 中文, ∑ and 🙂", "plain text, ünïcödé, 中文, ∑ and 🙂")]
    [InlineData("\u001b[31mred\u001b[0m", "\\x1B[31mred\\x1B[0m")]
    [InlineData("a\0b\u007fc\u0085d", "a\\x00b\\x7Fc\\x85d")]
    [InlineData("line\u2028para\u2029", "line\\u2028para\\u2029")]
    [InlineData("bidi \u202e override", "bidi \\u202E override")]
    [InlineData("bytes \ufffd not UTF-8", "bytes \\uFFFD not UTF-8")]
    [InlineData("", "")]
    public void ControlsAndUndecodableText_AreEscaped_TheRestKept(string text, string expected)
    {
        string escaped = Printable.Escape(text);
        Assert.Equal(expected, escaped);
        Assert.DoesNotMatch(@"[\x00-\x1F\x7F-\x9F\u2028\u2029\u202E\uFFFD]", escaped);
    }

    [Fact]
    public void ALoneSurrogate_IsEscaped_APairKept()
    {
        Assert.Equal("lone \\uD800 surrogate", Printable.Escape("lone " + (char)0xD800 + " surrogate"));
        Assert.Equal("lone \\uDC00", Printable.Escape("lone " + (char)0xDC00));
        Assert.Equal("pair 🙂", Printable.Escape("pair " + (char)0xD83D + (char)0xDE42));
    }
}
