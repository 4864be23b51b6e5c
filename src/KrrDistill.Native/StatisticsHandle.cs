using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.Ridge;

namespace KrrDistill.Native;

/// <summary>
/// Streaming statistics behind a handle: the <see cref="StatisticsArtefact"/> they save as (stats.npz), made here
/// (source <see cref="MadeHere"/>, batches added by the caller, to the training statistics or, when asked, the validation statistics) or loaded from a
/// <c>krr-distill stats</c> shard file. Python threads call in without the GIL (ctypes releases it), so every
/// operation holds the handle's lock; a merge takes both locks in creation order, which cannot deadlock.
/// </summary>
internal sealed class StatisticsHandle
{
    /// <summary>The source recorded for statistics built from a caller's batches.</summary>
    public const string MadeHere = "python";

    private static long Created;
    private readonly long _order = Interlocked.Increment(ref Created);
    private readonly Lock _gate = new();

    private StatisticsHandle(StatisticsArtefact artefact) => Artefact = artefact;

    /// <summary>The statistics and what they are of.</summary>
    public StatisticsArtefact Artefact { get; private set; }

    /// <summary>
    /// False until the first batch says how inputs are read (uint8 ÷ 255, or floats as they are): statistics made here
    /// that hold no sample yet. A shard file records its own.
    /// </summary>
    private bool NormalizationKnown => Artefact.Source != MadeHere || Artefact.Train.Count > 0;

    /// <summary>Empty statistics for φ (d inputs, p features) and k classes, summed in <paramref name="precision"/>, seed recorded.</summary>
    public static StatisticsHandle Create(IFeatureMap map, int classes, int seed, Precision precision)
    {
        int p = map.OutputDimension, d = map.InputDimension;
        var artefact = new StatisticsArtefact(new SufficientStatistics(p, classes, precision), new SufficientStatistics(p, classes, precision), map, InputNormalization.None(d),
            null, MadeHere, seed, 0, 1, [1]);
        return new StatisticsHandle(artefact);
    }

    /// <summary>Statistics read from a stats.npz.</summary>
    public static StatisticsHandle Of(StatisticsArtefact artefact) => new(artefact);

    /// <summary>Runs <paramref name="read"/> under the lock (a fit or a save must not see half a batch).</summary>
    public T Read<T>(Func<StatisticsArtefact, T> read)
    {
        lock (_gate)
        {
            return read(Artefact);
        }
    }

    /// <summary>Writes stats.npz (atomically) under the lock.</summary>
    public void Save(string path)
    {
        lock (_gate)
        {
            Artefact.Save(path);
        }
    }

    /// <summary>Adds a batch (rows = samples) through φ, to the training or the validation statistics; the first batch fixes the normalization recorded for saving.</summary>
    public void Add(Dataset batch, bool validation = false)
    {
        lock (_gate)
        {
            AddLocked(batch, validation);
        }
    }

    /// <summary>
    /// Adds <paramref name="other"/> into these. Two sets made from batches need the same φ (checksum) and k; shard files
    /// of <c>krr-distill stats</c> merge under that command's rules (same source and split, no shard twice).
    /// </summary>
    public void Merge(StatisticsHandle other)
    {
        if (ReferenceEquals(this, other))
        {
            throw new InputException("other: statistics cannot be merged into themselves (every sample would count twice).");
        }

        (StatisticsHandle first, StatisticsHandle second) = _order < other._order ? (this, other) : (other, this);
        lock (first._gate)
        {
            lock (second._gate)
            {
                MergeLocked(other);
            }
        }
    }

    private void AddLocked(Dataset batch, bool validation)
    {
        StatisticsArtefact a = Artefact;
        if (a.Source != MadeHere)
        {
            throw new InputException($"x: these statistics are shards {a.ShardText} of {a.Source} (krr-distill stats); adding samples would make them something else. Add batches to new Statistics, and merge shard files with each other.");
        }

        if (batch.Dimension != a.FeatureMap.InputDimension)
        {
            throw new InputException($"x: {batch.Dimension} values per sample, but the statistics' feature map takes {a.FeatureMap.InputDimension}.");
        }

        bool first = !NormalizationKnown;
        new KernelRidge(a.FeatureMap, new KernelRidgeOptions { Seed = a.Seed }).AccumulateInto(validation ? a.Validation : a.Train, batch);
        if (first)
        {
            // Only after the batch went in: a refused first batch leaves nothing behind.
            Artefact = a with { Normalization = batch.Normalization };
        }
    }

    private void MergeLocked(StatisticsHandle other)
    {
        StatisticsArtefact a = Artefact, b = other.Artefact;
        if (a.Source == MadeHere && b.Source == MadeHere)
        {
            if (a.FeatureChecksum != b.FeatureChecksum || a.Train.Classes != b.Train.Classes)
            {
                throw new InputException($"other: statistics of {b.FeatureMap.Kind.ArtefactName()} p = {b.FeatureMap.OutputDimension}, k = {b.Train.Classes} (checksum {b.FeatureChecksum[..12]}) cannot be merged into statistics of {a.FeatureMap.Kind.ArtefactName()} p = {a.FeatureMap.OutputDimension}, k = {a.Train.Classes} (checksum {a.FeatureChecksum[..12]}): the feature maps (kind, width, depth, seed) or classes differ.");
            }

            bool adopt = !NormalizationKnown && other.NormalizationKnown;
            a.Train.Merge(b.Train);
            a.Validation.Merge(b.Validation);
            if (adopt)
            {
                Artefact = a with { Normalization = b.Normalization };
            }

            return;
        }

        Artefact = a.Merge(b, "the statistics", "other");
    }
}
