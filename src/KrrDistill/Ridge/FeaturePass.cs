using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// The one pass over the data: rows mapped through φ a chunk at a time (memory O(chunk·(d + p)) whatever n is) and
/// either summed into <see cref="SufficientStatistics"/> (ΦᵀΦ, ΦᵀY) or, for the few rows of a dual fit, kept as Φ.
/// </summary>
internal static class FeaturePass
{
    /// <summary>The statistics of φ's features over <paramref name="rows"/>, summed in <paramref name="precision"/>.</summary>
    public static SufficientStatistics Accumulate(TrainingRows rows, IFeatureMap featureMap, int chunkRows, IProgress<ProgressReport>? progress = null,
        Precision precision = Precision.Double)
        => Accumulate(rows.Data, rows.Indices, featureMap, chunkRows, progress, precision);

    /// <summary>The statistics of φ's features over rows <paramref name="rows"/> of <paramref name="data"/>, summed in <paramref name="precision"/>.</summary>
    public static SufficientStatistics Accumulate(Dataset data, int[] rows, IFeatureMap featureMap, int chunkRows, IProgress<ProgressReport>? progress = null,
        Precision precision = Precision.Double)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(featureMap);
        var statistics = new SufficientStatistics(featureMap.OutputDimension, data.Classes, precision);
        AccumulateInto(statistics, data, rows, featureMap, chunkRows, progress);
        return statistics;
    }

    /// <summary>
    /// Adds φ's features of <paramref name="rows"/> of <paramref name="data"/> into <paramref name="statistics"/>, a chunk at
    /// a time, in the statistics' precision.
    /// </summary>
    public static void AccumulateInto(SufficientStatistics statistics, Dataset data, int[] rows, IFeatureMap featureMap, int chunkRows,
        IProgress<ProgressReport>? progress = null)
    {
        int p = featureMap.OutputDimension;
        int chunk = Math.Max(1, Math.Min(chunkRows, rows.Length));
        using var producer = new FeatureProducer(data, featureMap, chunk);
        bool single = statistics.Precision == Precision.Single;

        // In single precision the float32 features take half of the pass's float64 buffer and the float32 inputs the
        // producer's float64 buffer (rounded in place): no float32 arrays beside them (CIFAR-10 size, fcnn: 1,016 → 867 MB).
        double[] buffer = Diagnostics.LargeBuffers.ForPass(single ? ((chunk * p) + 1) / 2 : chunk * p);
        int[] labels = new int[chunk];
        try
        {
            for (int start = 0; start < rows.Length; start += chunk)
            {
                int count = Math.Min(chunk, rows.Length - start);
                ReadOnlySpan<int> part = rows.AsSpan(start, count);
                for (int r = 0; r < count; r++)
                {
                    labels[r] = data.Labels[part[r]];
                }

                if (single)
                {
                    Span<float> phi = System.Runtime.InteropServices.MemoryMarshal.Cast<double, float>(buffer.AsSpan())[..(count * p)];
                    producer.Map(part, phi);
                    statistics.Add(phi, count, labels);
                }
                else
                {
                    producer.Map(part, buffer);
                    statistics.Add(buffer, count, labels);
                }

                progress?.Report(new ProgressReport("features + Gram", (double)(start + count) / rows.Length));
            }
        }
        finally
        {
            statistics.ReleaseChunkScratch();
        }
    }

    /// <summary>Features of the given rows as one matrix (|rows|×p).</summary>
    public static Matrix MapRows(Dataset data, int[] rows, IFeatureMap featureMap, int chunkRows,
        IProgress<ProgressReport>? progress = null, string phase = "features")
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(featureMap);
        int p = featureMap.OutputDimension;
        var result = new Matrix(rows.Length, p);
        int chunk = Math.Max(1, Math.Min(chunkRows, rows.Length));
        using var producer = new FeatureProducer(data, featureMap, chunk);
        for (int start = 0; start < rows.Length; start += chunk)
        {
            int count = Math.Min(chunk, rows.Length - start);
            producer.Map(rows.AsSpan(start, count), result.Data.AsSpan(start * p, count * p));
            progress?.Report(new ProgressReport(phase, (double)(start + count) / rows.Length));
        }

        return result;
    }
}
