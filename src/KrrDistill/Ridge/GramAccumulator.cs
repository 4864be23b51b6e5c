using System.Numerics;
using System.Runtime.Intrinsics;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// Accumulates ΦᵀΦ and ΦᵀY over chunks of feature rows (PAPER.md §1, primal form), so the n×p
/// feature matrix is never held whole: memory is O(p² + p·k) whatever n is. The Gram update is one
/// SYRK per chunk (upper triangle); the label product is a scatter-add of rows for one-hot labels.
/// </summary>
public sealed class GramAccumulator
{
    private readonly ILinearAlgebraBackend _backend;
    private readonly double[] _gram;
    private readonly double[] _labelRows;
    private long _count;

    /// <summary>Creates an empty accumulator for p features and k classes.</summary>
    public GramAccumulator(int features, int classes, ILinearAlgebraBackend backend)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
        Features = features;
        Classes = classes;
        _gram = new double[features * features];
        _labelRows = new double[classes * features];
    }

    /// <summary>Feature dimension p.</summary>
    public int Features { get; }

    /// <summary>Number of classes k (one-hot label dimension).</summary>
    public int Classes { get; }

    /// <summary>Samples added so far.</summary>
    public long Count => _count;

    /// <summary>
    /// Adds a chunk: <paramref name="features"/> holds rows×p feature rows (row-major) of samples whose
    /// classes are <paramref name="labels"/> (one-hot targets).
    /// </summary>
    public void Add(ReadOnlySpan<double> features, int rows, ReadOnlySpan<int> labels)
    {
        int p = Features;
        if (labels.Length < rows || features.Length < (long)rows * p)
        {
            throw new ArgumentException("chunk buffers are shorter than rows·p / rows.");
        }

        if (rows == 0)
        {
            return;
        }

        _backend.SyrkTransposed(p, rows, 1.0, features, p, 1.0, _gram, p);
        for (int r = 0; r < rows; r++)
        {
            if ((uint)labels[r] >= (uint)Classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"label {labels[r]} is outside 0..{Classes - 1}.");
            }
        }

        ScatterRows(features, rows, labels);
        _count += rows;
    }

    /// <summary>The statistics accumulated so far (G symmetrized, ΦᵀY as p×k).</summary>
    public GramStatistics ToStatistics()
    {
        int p = Features;
        var g = new Matrix(p, p, (double[])_gram.Clone());
        for (int i = 0; i < p; i++)
        {
            for (int j = i + 1; j < p; j++)
            {
                g.Data[(j * p) + i] = g.Data[(i * p) + j];
            }
        }

        var b = new Matrix(Classes, p, (double[])_labelRows.Clone()).Transpose();
        return new GramStatistics(g, b, _count);
    }

    /// <summary>(YᵀΦ)[c] += Φ[r] for every row r of class c (one pass; memory-bound, so one thread).</summary>
    private void ScatterRows(ReadOnlySpan<double> features, int rows, ReadOnlySpan<int> labels)
    {
        int p = Features;
        for (int r = 0; r < rows; r++)
        {
            AddTo(_labelRows.AsSpan(labels[r] * p, p), features.Slice(r * p, p));
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void AddTo(Span<double> target, ReadOnlySpan<double> source)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= source.Length - Vector512<double>.Count; i += Vector512<double>.Count)
            {
                (Vector512.Create(target[i..]) + Vector512.Create(source[i..])).CopyTo(target[i..]);
            }
        }

        for (; i <= source.Length - Vector<double>.Count; i += Vector<double>.Count)
        {
            (new Vector<double>(target[i..]) + new Vector<double>(source[i..])).CopyTo(target[i..]);
        }

        for (; i < source.Length; i++)
        {
            target[i] += source[i];
        }
    }
}
