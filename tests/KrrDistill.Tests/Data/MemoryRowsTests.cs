using System.Runtime.InteropServices;
using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.Ridge;

namespace KrrDistill.Tests.Data;

/// <summary>
/// A data set over a caller's memory (the Python package's arrays) reads the same model inputs, bit for bit, as the
/// same values copied into the library's own arrays, for every element type and normalization, and refuses NaN by
/// sample and feature without copying.
/// </summary>
public sealed unsafe class MemoryRowsTests
{
    private const int Rows = 700, Width = 9, Classes = 3; // above 2·256 rows, so the parallel path runs too

    public static TheoryData<string, bool> Cases => new()
    {
        { "u1", true }, { "f8", true }, { "f4", true }, { "u1", false }, { "f8", false }, { "f4", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void WrappedMemory_GivesTheInputsAndTheModelOfACopy(string dtype, bool identity)
    {
        var random = new Random(3);
        int[] labels = [.. Enumerable.Range(0, Rows).Select(i => i % Classes)];
        InputNormalization normalization = identity
            ? (dtype == "u1" ? InputNormalization.Uniform(Width, 0, 1, 255) : InputNormalization.None(Width))
            : InputNormalization.Uniform(Width, 0.25, 2.5, dtype == "u1" ? 255 : 3);
        byte[] bytes = new byte[Rows * Width];
        random.NextBytes(bytes);
        double[] doubles = [.. bytes.Select(b => (b - 128) / 7.0 + random.NextDouble())];
        float[] floats = [.. doubles.Select(v => (float)v)];
        Dataset copy = dtype switch
        {
            "u1" => Dataset.FromBytes("copy", bytes, Rows, Width, labels, Classes, normalization, null),
            "f8" => Dataset.FromValues("copy", doubles, Rows, Width, labels, Classes, normalization, null),
            _ => Dataset.FromValues("copy", [.. floats.Select(f => (double)f)], Rows, Width, labels, Classes, normalization, null),
        };

        fixed (byte* pb = bytes)
        fixed (double* pd = doubles)
        fixed (float* pf = floats)
        {
            MemoryRows rows = dtype switch
            {
                "u1" => MemoryRows.Wrap("x", pb, MemoryElement.UInt8, Rows, Width),
                "f8" => MemoryRows.Wrap("x", pd, MemoryElement.Float64, Rows, Width),
                _ => MemoryRows.Wrap("x", pf, MemoryElement.Float32, Rows, Width),
            };
            Dataset wrapped = Dataset.FromRows("x", rows, Width, labels, Classes, dtype == "u1", normalization, null);
            int[] order = [.. Enumerable.Range(0, Rows).Reverse()];
            double[] expected = new double[Rows * Width], actual = new double[Rows * Width];
            copy.CopyInputs(order, expected);
            wrapped.CopyInputs(order, actual);
            Assert.Equal(expected, actual); // exact: the same arithmetic, or a widening that is exact

            IFeatureMap map = FeatureMap.Create(FeatureKind.Fcnn, Width, new FeatureMapOptions { Width = 16, Seed = 1 });
            RidgeModel a = new KernelRidge(map, new KernelRidgeOptions { Seed = 2 }).Fit(copy);
            RidgeModel b = new KernelRidge(map, new KernelRidgeOptions { Seed = 2 }).Fit(wrapped);
            Assert.Equal(a.Lambda, b.Lambda);
            Assert.Equal(a.Weights.Data, b.Weights.Data);
        }
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NonFiniteValues_AreRefusedBySampleAndFeature(double bad)
    {
        double[] values = new double[Rows * Width];
        values[(123 * Width) + 4] = bad;
        float[] floats = [.. values.Select(v => (float)v)];
        fixed (double* pd = values)
        fixed (float* pf = floats)
        {
            double* d = pd;
            float* f = pf;
            Assert.Contains("x: sample 123, feature 4 is", Assert.Throws<DataFormatException>(() => MemoryRows.Wrap("x", d, MemoryElement.Float64, Rows, Width)).Message, StringComparison.Ordinal);
            Assert.Contains("x: sample 123, feature 4 is", Assert.Throws<DataFormatException>(() => MemoryRows.Wrap("x", f, MemoryElement.Float32, Rows, Width)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LargeFiniteValuesWhoseSumOverflows_AreAccepted()
    {
        double[] values = [.. Enumerable.Repeat(1e308, Rows * Width)];
        fixed (double* pd = values)
        {
            Assert.Equal(Rows, MemoryRows.Wrap("x", pd, MemoryElement.Float64, Rows, Width).Count);
        }
    }

    [Fact]
    public void NativeMemory_IsReadInPlace_ChangesShowThrough()
    {
        nint memory = Marshal.AllocHGlobal(Rows * Width);
        try
        {
            new Span<byte>((void*)memory, Rows * Width).Fill(10);
            MemoryRows rows = MemoryRows.Wrap("x", (void*)memory, MemoryElement.UInt8, Rows, Width);
            Dataset data = Dataset.FromRows("x", rows, Width, new int[Rows], 1, bytes: true, InputNormalization.Uniform(Width, 0, 1, 255), null);
            ((byte*)memory)[Width * 5] = 255;
            double[] row = new double[Width];
            data.CopyInputs(5, 1, row);
            Assert.Equal(1.0, row[0]);
            Assert.Equal(10 / 255.0, row[1]);
        }
        finally
        {
            Marshal.FreeHGlobal(memory);
        }
    }
}
