using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// The sufficient statistics of a KRR fit in the primal: G = ΦᵀΦ (p×p, symmetric, both triangles
/// filled), B = ΦᵀY (p×k), and the sample count n. Statistics of disjoint shards add up to those of
/// their union (<see cref="Add"/>).
/// </summary>
public sealed class GramStatistics
{
    /// <summary>Wraps the given statistics.</summary>
    public GramStatistics(Matrix gram, Matrix crossProduct, long count)
    {
        ArgumentNullException.ThrowIfNull(gram);
        ArgumentNullException.ThrowIfNull(crossProduct);
        if (gram.Rows != gram.Columns || crossProduct.Rows != gram.Rows)
        {
            throw new ArgumentException($"G must be p×p and ΦᵀY p×k; got {gram.Rows}×{gram.Columns} and {crossProduct.Rows}×{crossProduct.Columns}.");
        }

        Gram = gram;
        CrossProduct = crossProduct;
        Count = count;
    }

    /// <summary>G = ΦᵀΦ, p×p.</summary>
    public Matrix Gram { get; }

    /// <summary>B = ΦᵀY, p×k.</summary>
    public Matrix CrossProduct { get; }

    /// <summary>Number of samples n summed into the statistics.</summary>
    public long Count { get; }

    /// <summary>Feature dimension p.</summary>
    public int Features => Gram.Rows;

    /// <summary>Label dimension k.</summary>
    public int Targets => CrossProduct.Columns;

    /// <summary>The statistics of the union of two disjoint shards.</summary>
    public GramStatistics Add(GramStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Features != Features || other.Targets != Targets)
        {
            throw new ArgumentException("statistics of different shapes cannot be added.");
        }

        var g = Gram.Clone();
        var b = CrossProduct.Clone();
        for (int i = 0; i < g.Data.Length; i++)
        {
            g.Data[i] += other.Gram.Data[i];
        }

        for (int i = 0; i < b.Data.Length; i++)
        {
            b.Data[i] += other.CrossProduct.Data[i];
        }

        return new GramStatistics(g, b, Count + other.Count);
    }
}
