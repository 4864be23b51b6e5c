using System.Buffers;
using KrrDistill.Data;

namespace KrrDistill.Features;

/// <summary>
/// Produces the features of chosen samples of a data set chunk by chunk: normalized inputs into one
/// reused buffer (chunk×d), then <see cref="IFeatureMap.Map"/>. Memory is O(chunk·(d + p)) whatever n is.
/// </summary>
internal sealed class FeatureProducer : IDisposable
{
    private readonly Dataset _data;
    private readonly IFeatureMap _map;
    private double[]? _inputs;

    /// <summary>Prepares a buffer for chunks of up to <paramref name="chunkRows"/> samples.</summary>
    public FeatureProducer(Dataset data, IFeatureMap map, int chunkRows)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _map = map ?? throw new ArgumentNullException(nameof(map));
        data.RequireFits(map.InputDimension, int.MaxValue, "the feature map");

        ChunkRows = Math.Max(1, chunkRows);
        _inputs = Diagnostics.LargeBuffers.Rent(ChunkRows * data.Dimension);
    }

    /// <summary>Largest chunk accepted by <see cref="Map"/>.</summary>
    public int ChunkRows { get; }

    /// <summary>Writes the features of samples <paramref name="rows"/> (at most <see cref="ChunkRows"/>) as |rows|×p.</summary>
    public void Map(ReadOnlySpan<int> rows, Span<double> features)
    {
        ObjectDisposedException.ThrowIf(_inputs is null, this);
        if (rows.Length > ChunkRows)
        {
            throw new ArgumentException($"at most {ChunkRows} rows per chunk.", nameof(rows));
        }

        _data.CopyInputs(rows, _inputs);
        _map.Map(_inputs, rows.Length, features);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_inputs is not null)
        {
            ArrayPool<double>.Shared.Return(_inputs);
            _inputs = null;
        }
    }
}
