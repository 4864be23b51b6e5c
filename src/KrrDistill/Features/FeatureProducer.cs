using KrrDistill.Data;

namespace KrrDistill.Features;

/// <summary>
/// Produces the features of chosen samples of a data set chunk by chunk: normalized inputs into one
/// reused buffer (chunk×d), then <see cref="IFeatureMap.Map(ReadOnlySpan{double}, int, Span{double})"/> (or its float32 overload). Memory is O(chunk·(d + p)) whatever n is.
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
        _inputs = Diagnostics.LargeBuffers.ForPass(ChunkRows * data.Dimension);
    }

    /// <summary>Largest chunk accepted by <see cref="Map(ReadOnlySpan{int}, Span{double})"/>.</summary>
    public int ChunkRows { get; }

    /// <summary>Writes the features of samples <paramref name="rows"/> (at most <see cref="ChunkRows"/>) as |rows|×p.</summary>
    public void Map(ReadOnlySpan<int> rows, Span<double> features) => _map.Map(Load(rows), rows.Length, features);

    /// <summary>
    /// The float32 features of samples <paramref name="rows"/> (at most <see cref="ChunkRows"/>) as |rows|×p: the inputs
    /// normalized in float64 as always, rounded to float32 in place of the float64 chunk buffer (no second buffer), then
    /// the map's float32 path.
    /// </summary>
    public void Map(ReadOnlySpan<int> rows, Span<float> features)
    {
        Span<double> wide = Load(rows);
        Span<float> single = System.Runtime.InteropServices.MemoryMarshal.Cast<double, float>(wide)[..wide.Length];
        RoundInPlace(wide, single);
        _map.Map(single, rows.Length, features);
    }

    /// <summary>The normalized inputs of <paramref name="rows"/> (at most <see cref="ChunkRows"/>) in the chunk buffer, |rows|×d.</summary>
    private Span<double> Load(ReadOnlySpan<int> rows)
    {
        ObjectDisposedException.ThrowIf(_inputs is null, this);
        if (rows.Length > ChunkRows)
        {
            throw new ArgumentException($"at most {ChunkRows} rows per chunk.", nameof(rows));
        }

        Span<double> inputs = _inputs.AsSpan(0, rows.Length * _data.Dimension);
        _data.CopyInputs(rows, inputs);
        return inputs;
    }

    /// <summary>
    /// single[i] = (float)wide[i] where <paramref name="single"/> starts at <paramref name="wide"/>'s first byte: in
    /// increasing i, float i (bytes 4i … 4i+3) overwrites only double ⌊i/2⌋, which was read already.
    /// </summary>
    private static void RoundInPlace(ReadOnlySpan<double> wide, Span<float> single)
    {
        for (int i = 0; i < single.Length; i++)
        {
            single[i] = (float)wide[i];
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _inputs = null;
    }
}
