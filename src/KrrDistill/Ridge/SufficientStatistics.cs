using System.Globalization;
using System.Numerics.Tensors;
using KrrDistill.Data;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// The sufficient statistics of a primal KRR fit (docs/theory.md §2): G = ΦᵀΦ (p×p), B = ΦᵀY (p×k) for one-hot labels Y,
/// the sample count n and the count of each class. They are accumulated chunk by chunk (<see cref="Add(ReadOnlySpan{double}, int, ReadOnlySpan{int})"/>: one SYRK and
/// a label scatter per chunk), so the n×p feature matrix is never held: memory is O(p² + p·k) whatever n is.
/// Statistics of disjoint shards add up exactly to those of their union (<see cref="Merge"/>): the seam where work
/// splits across processes or machines. <see cref="Save"/>/<see cref="Load"/> write and read <c>stats.npz</c>, which
/// numpy can add by hand key by key.
/// </summary>
public sealed class SufficientStatistics
{
    private readonly double[] _gram;        // row-major p×p; the upper triangle is current, the lower one only after Symmetrize
    private readonly double[] _labelRows;   // k×p: row c is the sum of the feature rows of class c (= Bᵀ)
    private readonly long[]? _classCounts;
    private bool _symmetric = true;

    /// <summary>Empty statistics for p = <paramref name="features"/> features and k = <paramref name="classes"/> classes.</summary>
    public SufficientStatistics(int features, int classes)
        : this(features, classes, Precision.Double)
    {
    }

    /// <summary>
    /// Empty statistics for p features and k classes whose chunks arrive in <paramref name="precision"/> (float32 chunks
    /// through <see cref="Add(ReadOnlySpan{float}, int, ReadOnlySpan{int})"/> for <see cref="Precision.Single"/>).
    /// </summary>
    public SufficientStatistics(int features, int classes, Precision precision)
    {
        if (!Enum.IsDefined(precision))
        {
            throw new ArgumentOutOfRangeException(nameof(precision));
        }

        Precision = precision;
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        Features = features;
        Classes = classes;
        _gram = Diagnostics.LargeBuffers.Doubles((long)features * features);
        _labelRows = new double[classes * features];
        _classCounts = new long[classes];
    }

    /// <summary>
    /// Statistics given as matrices: G (p×p, symmetric), B (p×k) and n; the class counts are unknown (null) unless given
    /// (statistics released with noise have none).
    /// </summary>
    internal SufficientStatistics(Matrix gram, Matrix crossProduct, long count, long[]? classCounts = null, Precision precision = Precision.Double)
    {
        Precision = precision;
        ArgumentNullException.ThrowIfNull(gram);
        ArgumentNullException.ThrowIfNull(crossProduct);
        if (gram.Rows != gram.Columns || crossProduct.Rows != gram.Rows || crossProduct.Columns < 1)
        {
            throw new ArgumentException($"G must be p×p and ΦᵀY p×k; got {gram.Rows}×{gram.Columns} and {crossProduct.Rows}×{crossProduct.Columns}.");
        }

        Features = gram.Rows;
        Classes = crossProduct.Columns;
        _gram = gram.Clone().Data;
        _labelRows = crossProduct.Transpose().Data;
        _classCounts = classCounts is null ? null : (long[])classCounts.Clone();
        Count = count;
    }

    /// <summary>
    /// The arithmetic the chunks were summed in (<see cref="Ridge.Precision"/>): what stats.npz records, and what merging
    /// requires to agree.
    /// </summary>
    public Precision Precision { get; }

    /// <summary>Feature dimension p.</summary>
    public int Features { get; }

    /// <summary>Number of classes k (the label dimension).</summary>
    public int Classes { get; }

    /// <summary>Number of samples n summed in.</summary>
    public long Count { get; private set; }

    /// <summary>Samples of each class (k, a copy); null for statistics whose counts are not known (released with noise).</summary>
    public IReadOnlyList<long>? ClassCounts => _classCounts is null ? null : [.. _classCounts];

    /// <summary>G = ΦᵀΦ (p×p, both triangles filled), a new matrix.</summary>
    public Matrix Gram => GramView.Clone();

    /// <summary>G without a copy: the statistics' own storage, valid until the next <see cref="Add(ReadOnlySpan{double}, int, ReadOnlySpan{int})"/> or <see cref="Merge"/>; never written to.</summary>
    internal Matrix GramView
    {
        get
        {
            Symmetrize();
            return new Matrix(Features, Features, _gram);
        }
    }

    /// <summary>B = ΦᵀY (p×k), a new matrix.</summary>
    public Matrix CrossProduct => new Matrix(Classes, Features, _labelRows).Transpose();

    /// <summary>
    /// Adds a chunk: <paramref name="features"/> holds <paramref name="rows"/>×p feature rows (row-major) of samples of
    /// classes <paramref name="labels"/> (0 … k−1; the targets are their one-hot vectors).
    /// </summary>
    public void Add(ReadOnlySpan<double> features, int rows, ReadOnlySpan<int> labels)
    {
        int p = Features;
        if (!CheckChunk(features.Length, rows, labels, Precision.Double))
        {
            return;
        }

        LinearAlgebraBackends.Current.SyrkTransposed(p, rows, 1.0, features, p, 1.0, _gram, p);
        _symmetric = false;
        for (int r = 0; r < rows; r++)
        {
            // (YᵀΦ)[c] += Φ[r] for every row r of class c: memory-bound, so one thread.
            Span<double> target = _labelRows.AsSpan(labels[r] * p, p);
            TensorPrimitives.Add(target, features.Slice(r * p, p), target);
            _classCounts![labels[r]]++;
        }

        Count += rows;
    }

    /// <summary>
    /// Adds a float32 chunk (statistics of <see cref="Precision.Single"/>): its ΦᵀΦ formed in float32 (<c>ssyrk</c>) and
    /// summed into the float64 Gram, its class sums accumulated in float64. Shapes as in
    /// <see cref="Add(ReadOnlySpan{double}, int, ReadOnlySpan{int})"/>.
    /// </summary>
    public void Add(ReadOnlySpan<float> features, int rows, ReadOnlySpan<int> labels)
    {
        int p = Features;
        if (!CheckChunk(features.Length, rows, labels, Precision.Single))
        {
            return;
        }

        float[] chunkGram = _chunkGram ??= new float[p * p];
        double[] wide = System.Buffers.ArrayPool<double>.Shared.Rent(p);
        try
        {
            LinearAlgebraBackends.Current.SyrkTransposedSingle(p, rows, features, p, chunkGram, p);
            for (int i = 0; i < p; i++)
            {
                Span<double> row = wide.AsSpan(i, p - i), target = _gram.AsSpan((i * p) + i, p - i);
                TensorPrimitives.ConvertTruncating<float, double>(chunkGram.AsSpan((i * p) + i, p - i), row);
                TensorPrimitives.Add(target, row, target);
            }

            _symmetric = false;
            for (int r = 0; r < rows; r++)
            {
                Span<double> row = wide.AsSpan(0, p), target = _labelRows.AsSpan(labels[r] * p, p);
                TensorPrimitives.ConvertTruncating<float, double>(features.Slice(r * p, p), row);
                TensorPrimitives.Add(target, row, target);
                _classCounts![labels[r]]++;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(wide);
        }

        Count += rows;
    }

    /// <summary>Lets the float32 chunk Gram (p×p) go when no more float32 chunks are coming (the end of a pass).</summary>
    internal void ReleaseChunkScratch() => _chunkGram = null;

    private float[]? _chunkGram; // the last float32 chunk's ΦᵀΦ, kept between chunks of one pass

    /// <summary>Checks a chunk's buffers, labels and precision; false when it holds no rows.</summary>
    private bool CheckChunk(long featuresLength, int rows, ReadOnlySpan<int> labels, Precision precision)
    {
        if (rows < 0 || labels.Length < rows || featuresLength < (long)rows * Features)
        {
            throw new ArgumentException("chunk buffers are shorter than rows·p / rows.");
        }

        if (precision != Precision)
        {
            throw new InvalidOperationException($"statistics of {Precision.Name()} precision take {Precision.Name()} chunks, not {precision.Name()} ones.");
        }

        if (rows == 0)
        {
            return false;
        }

        for (int r = 0; r < rows; r++)
        {
            if ((uint)labels[r] >= (uint)Classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"label {labels[r]} is outside 0..{Classes - 1}.");
            }
        }

        return _classCounts is not null
            ? true
            : throw new InvalidOperationException("statistics released with noise cannot take more samples.");
    }

    /// <summary>
    /// Adds <paramref name="other"/> (the statistics of a disjoint shard) into these, which then hold the statistics of
    /// the union; returns this. Throws <see cref="InputException"/> when the shapes differ.
    /// </summary>
    public SufficientStatistics Merge(SufficientStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Features != Features || other.Classes != Classes)
        {
            throw new InputException($"statistics with p = {other.Features}, k = {other.Classes} cannot be merged into statistics with p = {Features}, k = {Classes}.");
        }

        if (other.Precision != Precision)
        {
            throw new InputException($"statistics summed in {other.Precision.Name()} precision cannot be merged with statistics in {Precision.Name()} precision: compute every shard with the same --precision.");
        }

        if (ReferenceEquals(other, this) || _classCounts is null || other._classCounts is null)
        {
            throw new InvalidOperationException("only exact statistics of two different shards can be merged (not a shard with itself, nor statistics released with noise).");
        }

        if (Count + other.Count > MaxCount)
        {
            throw new InputException($"statistics of {Count} and {other.Count} samples add up to more than 2^53 samples, beyond what a count in stats.npz holds exactly.");
        }

        Symmetrize();
        other.Symmetrize();
        TensorPrimitives.Add(_gram, other._gram, _gram);
        TensorPrimitives.Add(_labelRows, other._labelRows, _labelRows);
        for (int c = 0; c < Classes; c++)
        {
            _classCounts[c] += other._classCounts[c];
        }

        Count += other.Count;
        return this;
    }

    /// <summary>
    /// Sums these statistics across processes: <paramref name="sumDoubles"/> and <paramref name="sumCounts"/> reduce an
    /// array in place into the receiving process's copy (MPI_Reduce to rank 0, <see cref="Distributed.MpiWorld"/>); when
    /// <paramref name="receives"/> the sums become these statistics. The exact counterpart of <see cref="Merge"/>.
    /// </summary>
    internal void SumAcross(Action<double[]> sumDoubles, Action<long[]> sumCounts, bool receives)
    {
        if (_classCounts is null)
        {
            throw new InvalidOperationException("statistics released with noise cannot be summed.");
        }

        Symmetrize();
        sumDoubles(_gram);
        sumDoubles(_labelRows);
        long[] counts = [.. _classCounts, Count];
        sumCounts(counts);
        if (receives)
        {
            counts.AsSpan(0, Classes).CopyTo(_classCounts);
            Count = counts[^1];
        }
    }

    /// <summary>
    /// Writes <c>stats.npz</c> atomically: <c>gram</c> float64 [p, p], <c>features_labels</c> float64 [p, k],
    /// <c>count</c> int64 0-d and <c>class_counts</c> int64 [k]. Adding two such files key by key gives the merged statistics.
    /// </summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var arrays = new Dictionary<string, NpyArray>();
        Write(arrays, "");
        NpzWriter.Write(path, arrays);
    }

    /// <summary>Adds the four keys of <see cref="Save"/>, each prefixed with <paramref name="prefix"/>, to <paramref name="arrays"/>.</summary>
    internal void Write(IDictionary<string, NpyArray> arrays, string prefix)
    {
        if (_classCounts is null)
        {
            throw new InvalidOperationException("statistics released with noise are not saved as stats.npz.");
        }

        arrays[prefix + "gram"] = NpyArray.FromDoubles(GramView.Data, Features, Features);
        arrays[prefix + "features_labels"] = NpyArray.FromDoubles(CrossProduct.Data, Features, Classes);
        arrays[prefix + "count"] = NpyArray.ScalarInt64(Count);
        arrays[prefix + "class_counts"] = NpyArray.FromInt64(_classCounts, Classes);
        arrays[prefix + "precision"] = NpyArray.FromString(Precision.Name());
    }

    /// <summary>An independent copy (its own storage), for merging without changing these.</summary>
    internal SufficientStatistics Clone()
    {
        var copy = new SufficientStatistics(Features, Classes, Precision) { Count = Count };
        Symmetrize();
        _gram.AsSpan().CopyTo(copy._gram);
        _labelRows.AsSpan().CopyTo(copy._labelRows);
        _classCounts?.AsSpan().CopyTo(copy._classCounts);
        return copy;
    }

    /// <summary>Reads <c>stats.npz</c> (see <see cref="Save"/>); a missing or mis-shaped key throws <see cref="DataFormatException"/> naming it.</summary>
    public static SufficientStatistics Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read(NpzReader.Read(path), "");
    }

    /// <summary>The statistics under the keys <paramref name="prefix"/><c>gram</c>, … of <paramref name="archive"/>.</summary>
    internal static SufficientStatistics Read(NpzArchive archive, string prefix)
    {
        (double[] g, int[] shape) = ArtefactArrays.NumericWithShape(archive, prefix + "gram", ArtefactArrays.Any, ArtefactArrays.Any);
        int p = shape[0];
        if (p < 1 || shape[1] != p)
        {
            throw new DataFormatException($"{archive.Source}: key '{prefix}gram' has shape {ArtefactArrays.FormatShape(shape)}, expected (p, p) with p ≥ 1.");
        }

        ArtefactArrays.RequireFinite(archive, prefix + "gram", g, shape);
        RequireGram(archive.Source, prefix + "gram", g, p);

        (double[] b, int[] bShape) = ArtefactArrays.NumericWithShape(archive, prefix + "features_labels", p, ArtefactArrays.Any);
        int k = bShape[1];
        if (k < 1)
        {
            throw new DataFormatException($"{archive.Source}: key '{prefix}features_labels' has shape {ArtefactArrays.FormatShape(bShape)}, expected ({p}, k) with k ≥ 1.");
        }

        ArtefactArrays.RequireFinite(archive, prefix + "features_labels", b, bShape);
        double count = ArtefactArrays.Scalar(archive, prefix + "count");
        double[] counts = ArtefactArrays.Numeric(archive, prefix + "class_counts", k);
        if (!(count >= 0 && count <= MaxCount) || count != Math.Floor(count) || counts.Any(c => !(c >= 0 && c <= MaxCount) || c != Math.Floor(c)) || counts.Sum() != count)
        {
            throw new DataFormatException($"{archive.Source}: keys '{prefix}count' ({count.ToString(CultureInfo.InvariantCulture)}) and '{prefix}class_counts' must be whole numbers from 0 to 2^53, the counts adding up to the count.");
        }

        // Files from before precision was recorded were all summed in double.
        Precision precision = Precision.Double;
        if (archive.ContainsKey(prefix + "precision") && !Precisions.TryParse(ArtefactArrays.Text(archive, prefix + "precision"), out precision))
        {
            throw new DataFormatException($"{archive.Source}: key '{prefix}precision' must be 'single' or 'double'.");
        }

        return new SufficientStatistics(new Matrix(p, p, g), new Matrix(p, k, b), (long)count, [.. counts.Select(c => (long)c)], precision);
    }

    /// <summary>The largest sample count statistics hold: 2^53, the largest whole number a float64 key holds exactly.</summary>
    internal const long MaxCount = 1L << 53;

    /// <summary>
    /// Refuses a <paramref name="key"/> (p×p, row-major) that is not a Gram matrix ΦᵀΦ: symmetric (to 1e-12 of its
    /// largest entry), a diagonal ≥ 0 (squared norms), and |G_ij| ≤ √(G_ii G_jj) (Cauchy–Schwarz, with room for
    /// rounding), so that an edited or corrupted stats.npz is refused before it is merged or fitted.
    /// </summary>
    private static void RequireGram(string source, string key, double[] g, int p)
    {
        double scale = g.Length == 0 ? 0 : g.Max(Math.Abs);
        double[] norms = new double[p];
        for (int i = 0; i < p; i++)
        {
            double gii = g[(i * p) + i];
            if (gii < 0)
            {
                throw new DataFormatException($"{source}: key '{key}' has {gii.ToString("G6", CultureInfo.InvariantCulture)} at [{i}, {i}]; the diagonal of a ΦᵀΦ holds squared norms, never below 0.");
            }

            norms[i] = Math.Sqrt(gii);
        }

        for (int i = 0; i < p; i++)
        {
            for (int j = i + 1; j < p; j++)
            {
                double gij = g[(i * p) + j];
                if (Math.Abs(gij - g[(j * p) + i]) > 1e-12 * scale)
                {
                    throw new DataFormatException($"{source}: key '{key}' is not symmetric (entries [{i}, {j}] and [{j}, {i}] differ), so it is not a ΦᵀΦ.");
                }

                if (Math.Abs(gij) > (norms[i] * norms[j] * (1 + 1e-9)) + (1e-12 * scale))
                {
                    throw new DataFormatException($"{source}: key '{key}' has |G[{i}, {j}]| above √(G[{i}, {i}]·G[{j}, {j}]), which no ΦᵀΦ has (Cauchy–Schwarz).");
                }
            }
        }
    }

    /// <summary>Copies the upper triangle of G onto the lower one when an <see cref="Add(ReadOnlySpan{double}, int, ReadOnlySpan{int})"/> left it stale.</summary>
    private void Symmetrize()
    {
        if (_symmetric)
        {
            return;
        }

        Matrix.CopyUpperToLower(_gram, Features);
        _symmetric = true;
    }
}
