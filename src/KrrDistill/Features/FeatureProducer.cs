using System.Buffers;
using KrrDistill.Data;

namespace KrrDistill.Features;

/// <summary>
/// Produces the features of chosen samples of a data set, chunk by chunk, from sparse inputs
/// (<see cref="SparseInputChunk"/>) when the map starts with a linear layer and at least
/// <see cref="SparseThreshold"/> of the raw values are 0 (MNIST: 81%), else from dense rows.
/// </summary>
public sealed class FeatureProducer : IDisposable
{
    /// <summary>Zero fraction from which the sparse path is used.</summary>
    public const double SparseThreshold = 0.5;

    private readonly Dataset _data;
    private readonly IFeatureMap _map;
    private readonly SparseInputChunk? _sparse;
    private double[]? _dense;

    /// <summary>Prepares buffers for chunks of up to <paramref name="chunkRows"/> samples.</summary>
    public FeatureProducer(Dataset data, IFeatureMap map, int chunkRows)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _map = map ?? throw new ArgumentNullException(nameof(map));
        if (data.Dimension != map.InputDimension)
        {
            throw new DataFormatException($"{data.Name}: samples have {data.Dimension} features but the feature map expects {map.InputDimension}.");
        }

        ChunkRows = Math.Max(1, chunkRows);
        if (map is ISparseInputFeatureMap && data.IsBytes && data.ZeroFraction >= SparseThreshold)
        {
            _sparse = new SparseInputChunk(ChunkRows, data.Dimension, data.ZeroInput());
        }
        else
        {
            _dense = ArrayPool<double>.Shared.Rent(ChunkRows * data.Dimension);
        }
    }

    /// <summary>Largest chunk accepted by <see cref="Map"/>.</summary>
    public int ChunkRows { get; }

    /// <summary>True when features come from sparse inputs.</summary>
    public bool UsesSparseInputs => _sparse is not null;

    /// <summary>Writes the features of samples <paramref name="rows"/> (at most <see cref="ChunkRows"/>) as |rows|×p.</summary>
    public void Map(ReadOnlySpan<int> rows, Span<double> features)
    {
        if (rows.Length > ChunkRows)
        {
            throw new ArgumentException($"at most {ChunkRows} rows per chunk.", nameof(rows));
        }

        if (_sparse is not null)
        {
            _data.CopySparseInputs(rows, _sparse);
            ((ISparseInputFeatureMap)_map).MapSparse(_sparse, features);
        }
        else
        {
            ObjectDisposedException.ThrowIf(_dense is null, this);
            _data.CopyInputs(rows, _dense);
            _map.Map(_dense, rows.Length, features);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_dense is not null)
        {
            ArrayPool<double>.Shared.Return(_dense);
            _dense = null;
        }
    }
}
