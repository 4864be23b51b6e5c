using System.Text;
using KrrDistill.Data;

namespace KrrDistill.Tests.Data;

public sealed class NpyFileTests
{
    private static byte[] Save(NpyArray array)
    {
        using var stream = new MemoryStream();
        NpyWriter.Write(stream, array);
        return stream.ToArray();
    }

    private static NpyArray Load(byte[] bytes, string source = "test.npy")
    {
        using var stream = new MemoryStream(bytes);
        return NpyReader.Read(stream, source);
    }

    public static TheoryData<string, NpyArray> NumpyFiles => new()
    {
        { NumpyReference.Arange3, NpyArray.FromDoubles([0.0, 1.0, 2.0]) },
        { NumpyReference.Int64TwoByThree, NpyArray.FromInt64([1, 2, 3, 4, 5, -6], 2, 3) },
        { NumpyReference.StringIdentity, NpyArray.FromString("identity") },
        { NumpyReference.Scalar2Point5, NpyArray.Scalar(2.5) },
        { NumpyReference.UInt8TwoByThree, NpyArray.FromBytes([0, 1, 2, 3, 4, 5], 2, 3) },
        { NumpyReference.Float32Pair, NpyArray.FromSingles([1.5f, -2f]) },
        { NumpyReference.EmptyZeroByFour, NpyArray.FromDoubles([], 0, 4) },
        { NumpyReference.StringVector, NpyArray.FromStrings(["ab", "c"]) },
        { NumpyReference.ThreeByOne, NpyArray.FromDoubles([0.0, 1.0, 2.0], 3, 1) },
    };

    [Theory]
    [MemberData(nameof(NumpyFiles))]
    public void Write_IsByteForByteWhatNumpyWrites(string numpyBase64, NpyArray array)
    {
        Assert.Equal(NumpyReference.Bytes(numpyBase64), Save(array));
    }

    [Theory]
    [MemberData(nameof(NumpyFiles))]
    public void Read_NumpyFile_GivesTheArray(string numpyBase64, NpyArray expected)
    {
        NpyArray read = Load(NumpyReference.Bytes(numpyBase64));

        Assert.Equal(expected.DType, read.DType);
        Assert.Equal(expected.Shape, read.Shape);
        Assert.Equal(expected.Data, read.Data);
    }

    [Fact]
    public void Header_OfArange3_IsTheDocumentedNumpyHeader()
    {
        byte[] header = NpyWriter.Header(NpyArray.FromDoubles([0.0, 1.0, 2.0]));

        Assert.Equal(128, header.Length);
        Assert.Equal("\u0093NUMPY\u0001\u0000v\u0000{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", Encoding.Latin1.GetString(header, 0, 67));
        Assert.All(header[67..127], b => Assert.Equal((byte)' ', b));
        Assert.Equal((byte)'\n', header[^1]);
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 123456789 })]
    [InlineData(new[] { 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 })]
    public void Header_IsPaddedToMultipleOf64AndEndsWithNewline(int[] shape)
    {
        byte[] header = NpyHeader.Encode("<f8", shape);

        Assert.Equal(0, header.Length % 64);
        Assert.Equal((byte)'\n', header[^1]);
        Assert.Equal(header.Length - 10, header[8] | (header[9] << 8));
    }

    public static TheoryData<NpyArray> RoundTripArrays => new()
    {
        NpyArray.Scalar(double.Pi),
        NpyArray.Scalar(double.NaN),
        NpyArray.ScalarInt64(long.MinValue),
        NpyArray.FromDoubles([1e-310, -0.0, double.PositiveInfinity, double.MaxValue, 1.0 / 3.0]),
        NpyArray.FromDoubles(Enumerable.Range(0, 24).Select(i => Math.Sin(i)).ToArray(), 2, 3, 4),
        NpyArray.FromDoubles([], 0),
        NpyArray.FromDoubles([], 3, 0, 2),
        NpyArray.FromSingles([float.Epsilon, -1f, 3.25f, float.NaN], 2, 2),
        NpyArray.FromSingles([7f], 1, 1, 1),
        NpyArray.FromBytes([0, 255, 128], 3),
        NpyArray.FromBytes(Enumerable.Range(0, 784 * 2).Select(i => (byte)i).ToArray(), 2, 28, 28),
        NpyArray.FromInt64([long.MaxValue, -1, 0, 42], 4, 1),
        NpyArray.FromString(""),
        NpyArray.FromString("{\"data_set\": \"mnist\", \"λ\": 1e-06}"),
        NpyArray.FromString("rocket 🚀 and a\nnewline"),
        NpyArray.FromStrings(["fcnn", "rff", "", "identity"], 2, 2),
    };

    [Theory]
    [MemberData(nameof(RoundTripArrays))]
    public void WriteThenRead_RoundTripsExactly(NpyArray array)
    {
        byte[] bytes = Save(array);
        NpyArray read = Load(bytes);

        Assert.Equal(array.DType, read.DType);
        Assert.Equal(array.Shape, read.Shape);
        Assert.Equal(array.Data, read.Data);
        Assert.Equal(0, (bytes.Length - (array.Count * array.ItemSize)) % 64);
    }

    [Fact]
    public void WriteThenRead_DoublesAreBitExact()
    {
        double[] values = [double.NaN, BitConverter.Int64BitsToDouble(0x7ff8_0000_dead_beef), -0.0, double.Epsilon];
        var read = (double[])Load(Save(NpyArray.FromDoubles(values))).Data;

        Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), read.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void WriteToPath_ThenReadPath_RoundTrips()
    {
        using var dir = new TempDirectory();
        string path = dir.File("x.npy");
        NpyArray array = NpyArray.FromDoubles([1, 2, 3, 4, 5, 6], 3, 2);

        NpyWriter.Write(path, array);
        NpyArray read = NpyReader.Read(path);

        Assert.Equal([3, 2], read.Shape);
        Assert.Equal(array.Data, read.Data);
        Assert.Equal(["x.npy"], dir.Entries());
    }

    [Fact]
    public void Read_Versions2And3()
    {
        NpyArray v2 = Load(NumpyReference.Bytes(NumpyReference.Version2));
        NpyArray v3 = Load(NumpyReference.Bytes(NumpyReference.Version3));

        Assert.Equal([1, 2], v2.Shape);
        Assert.Equal(new[] { 1.0, 2.0 }, v2.Data);
        Assert.Equal("<U7", v3.DType);
        Assert.Equal("héllo ✓", v3.AsString());
    }

    [Fact]
    public void Read_Int32_IsWidenedToInt64()
    {
        NpyArray read = Load(NumpyReference.Bytes(NumpyReference.Int32Pair));

        Assert.Equal("<i8", read.DType);
        Assert.Equal(new long[] { 7, -1 }, read.Data);
    }

    [Fact]
    public void Read_FortranOrder_IsReturnedInRowMajorOrder()
    {
        NpyArray read = Load(NumpyReference.Bytes(NumpyReference.FortranOrder), "w.npy");

        Assert.Equal([2, 3], read.Shape);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5 }, read.Data);
    }

    [Fact]
    public void Read_FortranOrder3DAndBigEndianInt32_MatchNumpy()
    {
        NpyArray cube = Load(Convert.FromBase64String(Fortran3D), "c.npy");
        Assert.Equal([2, 3, 4], cube.Shape);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (double)i).ToArray(), cube.Data);

        NpyArray ints = Load(Convert.FromBase64String(FortranBigInt32), "i.npy");
        Assert.Equal("<i8", ints.DType);
        Assert.Equal([2, 3], ints.Shape);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5 }, ints.Data);
    }

    [Fact]
    public void Read_ObjectArray_IsRefusedNamingSource()
    {
        var e = Assert.Throws<DataFormatException>(() => Load(NumpyReference.Bytes(NumpyReference.ObjectArray), "o.npy"));

        Assert.StartsWith("o.npy: object arrays (dtype |O) are not supported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EveryPlainNumpyDtype_ConvertsExactly()
    {
        Assert.Equal(new double[] { 1.0, 2.0 }, Load(NumpyReference.Bytes(NumpyReference.BigEndian), "b.npy").Data);
        NpyArray booleans = Load(NumpyReference.Bytes(NumpyReference.BoolPair), "t.npy");
        Assert.Equal("<f8", booleans.DType);
        Assert.Equal(new double[] { 1.0, 0.0 }, booleans.Data);

        Assert.Equal(new float[] { 1.5f, -2.25f }, Load(Convert.FromBase64String(HalfPair), "h.npy").Data);
        Assert.Equal(new float[] { 0.5f, 3.0f }, Load(Convert.FromBase64String(BigFloat32), "f.npy").Data);
        Assert.Equal(new long[] { -300, 7 }, Load(Convert.FromBase64String(BigInt16), "s.npy").Data);
        Assert.Equal(new long[] { -5, 100 }, Load(Convert.FromBase64String(Int8), "i8.npy").Data);
        Assert.Equal(new long[] { 65535, 1 }, Load(Convert.FromBase64String(UInt16), "u2.npy").Data);
        Assert.Equal(new long[] { 4_000_000_000, 2 }, Load(Convert.FromBase64String(BigUInt32), "u4.npy").Data);
        Assert.Equal(new long[] { long.MaxValue, 3 }, Load(Convert.FromBase64String(UInt64), "u8.npy").Data);
        Assert.Equal(new[] { "ab", "c" }, Load(Convert.FromBase64String(BigUnicode), "u.npy").Data);
    }

    [Fact]
    public void Read_UInt64BeyondInt64_IsRefusedNamingTheElement()
    {
        var e = Assert.Throws<DataFormatException>(() => Load(Convert.FromBase64String(UInt64TooLarge), "big.npy"));
        Assert.StartsWith("big.npy: element 0 (9223372036854775808) does not fit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownDtype_IsRefusedListingTheSupportedOnes()
    {
        byte[] bytes = WithHeader("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new byte[16]);
        var e = Assert.Throws<DataFormatException>(() => Load(bytes, "z.npy"));
        Assert.StartsWith("z.npy: dtype '<c16' is not supported", e.Message, StringComparison.Ordinal);
    }

    // np.save output of the arrays named, written with numpy 1.24 (Debian 12).
    private const string HalfPair = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGYyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAPoDA";
    private const string BigFloat32 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/AAAAQEAAAA==";
    private const string BigInt16 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmkyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr+1AAH";
    private const string Int8 = "k05VTVBZAQB2AHsnZGVzY3InOiAnfGkxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr7ZA==";
    private const string UInt16 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPHUyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr//wEA";
    private const string BigUInt32 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPnU0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAruaygAAAAAAg==";
    private const string UInt64 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPHU4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr/////////fwMAAAAAAAAA";
    private const string UInt64TooLarge = "k05VTVBZAQB2AHsnZGVzY3InOiAnPHU4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAgAMAAAAAAAAA";
    private const string BigUnicode = "k05VTVBZAQB2AHsnZGVzY3InOiAnPlUyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAABhAAAAYgAAAGMAAAAA";
    private const string Fortran3D = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMywgNCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAChAAAAAAAAAEEAAAAAAAAAwQAAAAAAAACBAAAAAAAAANEAAAAAAAADwPwAAAAAAACpAAAAAAAAAFEAAAAAAAAAxQAAAAAAAACJAAAAAAAAANUAAAAAAAAAAQAAAAAAAACxAAAAAAAAAGEAAAAAAAAAyQAAAAAAAACRAAAAAAAAANkAAAAAAAAAIQAAAAAAAAC5AAAAAAAAAHEAAAAAAAAAzQAAAAAAAACZAAAAAAAAAN0A=";
    private const string FortranBigInt32 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmk0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAwAAAAEAAAAEAAAAAgAAAAU=";

    [Fact]
    public void Read_StructuredDtype_IsRefused()
    {
        byte[] bytes = WithHeader("{'descr': [('x', '<f8'), ('y', '<i4')], 'fortran_order': False, 'shape': (1,), }", new byte[12]);

        var e = Assert.Throws<DataFormatException>(() => Load(bytes, "s.npy"));

        Assert.StartsWith("s.npy: structured dtypes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Python2LongsAndDoubleQuotes_AreAccepted()
    {
        byte[] bytes = WithHeader("{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (1L, 2L)}", new byte[16]);

        Assert.Equal([1, 2], Load(bytes).Shape);
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False}", "keys")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}", "keys")]
    [InlineData("{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}", "fortran_order")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (-2,)}", "invalid dimension")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': [2]}", "not a tuple")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)", "cannot parse")]
    [InlineData("print('hello')", "cannot parse")]
    public void Read_MalformedHeader_IsRefused(string header, string expected)
    {
        var e = Assert.Throws<DataFormatException>(() => Load(WithHeader(header, new byte[16]), "h.npy"));

        Assert.StartsWith("h.npy: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedData_IsRefusedNamingFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("cut.npy");
        File.WriteAllBytes(path, Save(NpyArray.FromDoubles(new double[10], 2, 5))[..^3]);

        var e = Assert.Throws<DataFormatException>(() => NpyReader.Read(path));

        Assert.Equal($"{path}: truncated: header says shape (2, 5) of <f8 = 80 bytes, the file holds 77.", e.Message);
    }

    [Fact]
    public void Read_TruncatedData_FromUnseekableStream_IsRefused()
    {
        byte[] bytes = Save(NpyArray.FromInt64([1, 2, 3]))[..^1];
        using var stream = new UnseekableStream(bytes);

        var e = Assert.Throws<DataFormatException>(() => NpyReader.Read(stream, "pipe"));

        Assert.Equal("pipe: truncated: header says shape (3,) of <i8 = 24 bytes, the file holds 23.", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(60)]
    public void Read_TruncatedHeader_IsRefused(int length)
    {
        byte[] bytes = Save(NpyArray.Scalar(1))[..length];

        var e = Assert.Throws<DataFormatException>(() => Load(bytes, "t.npy"));

        Assert.StartsWith("t.npy: truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TrailingBytes_AreRefused()
    {
        byte[] bytes = [.. Save(NpyArray.FromBytes([1, 2])), 0];

        var seekable = Assert.Throws<DataFormatException>(() => Load(bytes, "x.npy"));
        var unseekable = Assert.Throws<DataFormatException>(() => NpyReader.Read(new UnseekableStream(bytes), "x.npy"));

        Assert.StartsWith("x.npy: 1 bytes of trailing data", seekable.Message, StringComparison.Ordinal);
        Assert.StartsWith("x.npy: trailing data", unseekable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongMagicOrVersion_IsRefused()
    {
        byte[] good = Save(NpyArray.Scalar(1));
        byte[] badMagic = [.. good];
        badMagic[1] = (byte)'X';
        byte[] badVersion = [.. good];
        badVersion[6] = 4;

        Assert.StartsWith("m.npy: not an NPY file", Assert.Throws<DataFormatException>(() => Load(badMagic, "m.npy")).Message, StringComparison.Ordinal);
        Assert.StartsWith("v.npy: NPY format version 4.0 is not supported", Assert.Throws<DataFormatException>(() => Load(badVersion, "v.npy")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_IsRefusedNamingIt()
    {
        using var dir = new TempDirectory();

        Assert.Equal(dir.File("a.npy") + ": no such file.", Assert.Throws<DataFormatException>(() => NpyReader.Read(dir.File("a.npy"))).Message);
    }

    [Fact]
    public void ToDoubles_ConvertsEveryNumericDtype()
    {
        Assert.Equal([1.5, -2.0], NpyArray.FromSingles([1.5f, -2f]).ToDoubles());
        Assert.Equal([0.0, 255.0], NpyArray.FromBytes([0, 255]).ToDoubles());
        Assert.Equal([-3.0, 9007199254740992.0], NpyArray.FromInt64([-3, 1L << 53]).ToDoubles());
        double[] doubles = [1, 2];
        Assert.Same(doubles, NpyArray.FromDoubles(doubles).ToDoubles());
        Assert.Throws<InvalidOperationException>(() => NpyArray.FromString("x").ToDoubles());
    }

    [Fact]
    public void AsString_NeedsASingleString()
    {
        Assert.Equal("fcnn", NpyArray.FromString("fcnn").AsString());
        Assert.Equal("fcnn", NpyArray.FromStrings(["fcnn"]).AsString());
        Assert.Throws<InvalidOperationException>(() => NpyArray.FromStrings(["a", "b"]).AsString());
        Assert.Throws<InvalidOperationException>(() => NpyArray.Scalar(1).AsString());
    }

    [Fact]
    public void Factories_SetDtypeAndShape()
    {
        Assert.Equal("<U4", NpyArray.FromString("🚀abc").DType);
        Assert.Equal("<U1", NpyArray.FromString("").DType);
        Assert.Empty(NpyArray.Scalar(1).Shape);
        Assert.Equal([3], NpyArray.FromInt64([1, 2, 3]).Shape);
        Assert.Throws<ArgumentException>(() => NpyArray.FromDoubles([1, 2, 3], 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => NpyArray.FromDoubles([], -1));
    }

    /// <summary>A version 1.0 file with the given header text (padded as numpy does) and data.</summary>
    private static byte[] WithHeader(string header, byte[] data)
    {
        int total = (10 + header.Length + 1 + 63) / 64 * 64;
        string padded = header.PadRight(total - 10 - 1) + "\n";
        byte[] text = Encoding.Latin1.GetBytes(padded);
        return [0x93, .. "NUMPY"u8, 1, 0, (byte)text.Length, (byte)(text.Length >> 8), .. text, .. data];
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
