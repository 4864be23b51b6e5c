using KrrDistill.Data;

namespace KrrDistill.Tests.Data;

public sealed class CsvReaderTests
{
    private static string Write(TempDirectory dir, string text, string name = "data.csv")
    {
        string path = dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Read_FileWithHeader_GivesLabelsFeaturesAndClasses()
    {
        using var dir = new TempDirectory();
        string path = Write(dir, "label,x1,x2,x3\n2,0.5,-1,3e2\n0,1.25,2,-0.0\r\n\n4,7,8,9\n");

        CsvTable table = CsvReader.ReadTable(path);
        Dataset data = CsvReader.Read(path);

        Assert.Equal(["x1", "x2", "x3"], table.Header);
        Assert.Equal(3, data.Count);
        Assert.Equal(3, data.Dimension);
        Assert.Equal(5, data.Classes);
        Assert.Equal([2, 0, 4], data.Labels);
        Assert.False(data.IsBytes);
        Assert.Null(data.ImageShape);
        var inputs = new double[9];
        data.CopyInputs(0, 3, inputs);
        Assert.Equal([0.5, -1, 300, 1.25, 2, -0.0, 7, 8, 9], inputs);
    }

    [Fact]
    public void Read_NoHeader_LastLabelColumn_OtherDelimiter_QuotedCells()
    {
        using var dir = new TempDirectory();
        string path = Write(dir, "1.5; \"2\" ;1\n-3;4;0\n");

        CsvTable table = CsvReader.ReadTable(path, new CsvOptions { LabelColumn = -1, Delimiter = ';' });

        Assert.Null(table.Header);
        Assert.Equal([1, 0], table.Labels);
        Assert.Equal([1.5, 2, -3, 4], table.Values);
        Assert.Equal(2, table.Dimension);
    }

    [Fact]
    public void Read_ClassesOption_AndForcedHeader()
    {
        using var dir = new TempDirectory();
        string path = Write(dir, "0,1,2\n1,3,4\n");

        Dataset data = CsvReader.Read(path, new CsvOptions { HasHeader = true, Classes = 10 });

        Assert.Equal(1, data.Count);
        Assert.Equal(10, data.Classes);
        Assert.Equal([1], data.Labels);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e999")]
    public void Read_NonFiniteCell_IsRefusedNamingLineAndColumn(string cell)
    {
        using var dir = new TempDirectory();
        string path = Write(dir, $"y,a,b\n1,2,3\n0,{cell},5\n");

        var e = Assert.Throws<DataFormatException>(() => CsvReader.Read(path));

        Assert.Equal($"{path}: line 3, column 2: '{cell}' (NaN or infinite values are not allowed).", e.Message);
    }

    [Fact]
    public void Read_UnparsableOrEmptyCell_IsRefusedNamingLineAndColumn()
    {
        using var dir = new TempDirectory();
        string bad = Write(dir, "1,2,3\n0,5,abc\n", "bad.csv");
        string empty = Write(dir, "1,2,3\n0,,4\n", "empty.csv");
        string comma = Write(dir, "1,2,3\n0,4,\"1,5\"\n", "comma.csv");

        Assert.Equal($"{bad}: line 2, column 3: 'abc' is not a number.", Assert.Throws<DataFormatException>(() => CsvReader.Read(bad)).Message);
        Assert.Equal($"{empty}: line 2, column 2: empty cell.", Assert.Throws<DataFormatException>(() => CsvReader.Read(empty)).Message);
        Assert.Equal($"{comma}: line 2, column 3: '1,5' is not a number.", Assert.Throws<DataFormatException>(() => CsvReader.Read(comma)).Message);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("2000000")]
    public void Read_LabelNotANonNegativeInteger_IsRefused(string label)
    {
        using var dir = new TempDirectory();
        string path = Write(dir, $"0,1\n{label},2\n");

        var e = Assert.Throws<DataFormatException>(() => CsvReader.Read(path));

        Assert.Equal($"{path}: line 2, column 1: label '{label}' is not an integer in 0..1000000.", e.Message);
    }

    [Fact]
    public void Read_RaggedLine_IsRefused()
    {
        using var dir = new TempDirectory();
        string path = Write(dir, "label,a,b\n1,2,3\n\n1,2\n");

        var e = Assert.Throws<DataFormatException>(() => CsvReader.Read(path));

        Assert.Equal($"{path}: line 4 has 2 columns, line 2 has 3.", e.Message);
    }

    [Fact]
    public void Read_EmptyOrHeaderOnlyOrMissing_IsRefused()
    {
        using var dir = new TempDirectory();
        string empty = Write(dir, "\n\n", "e.csv");
        string header = Write(dir, "label,a\n", "h.csv");

        Assert.Equal($"{empty}: no data lines.", Assert.Throws<DataFormatException>(() => CsvReader.Read(empty)).Message);
        Assert.Equal($"{header}: no data lines.", Assert.Throws<DataFormatException>(() => CsvReader.Read(header)).Message);
        Assert.Equal($"{dir.File("none.csv")}: no such file.", Assert.Throws<DataFormatException>(() => CsvReader.Read(dir.File("none.csv"))).Message);
    }

    [Fact]
    public void Read_BadLabelColumnOption_IsRefused()
    {
        using var dir = new TempDirectory();
        string path = Write(dir, "1,2\n");

        var e = Assert.Throws<DataFormatException>(() => CsvReader.Read(path, new CsvOptions { LabelColumn = 5 }));

        Assert.Equal($"{path}: label column 5 does not exist; line 1 has 2 columns.", e.Message);
    }
}
