namespace KrrDistill.Features;

/// <summary>
/// A feature map whose first operation is linear in x, so it can start from a sparse chunk
/// (<see cref="SparseInputChunk"/>) and skip the multiplications by zero pixels. The result equals
/// <see cref="IFeatureMap.Map"/> of the densified chunk up to rounding.
/// </summary>
public interface ISparseInputFeatureMap : IFeatureMap
{
    /// <summary>Maps the chunk's rows to features (Rows×p, row-major).</summary>
    void MapSparse(SparseInputChunk inputs, Span<double> features);
}
