using KrrDistill.Data;
using KrrDistill.Diagnostics;
using KrrDistill.Ridge;

namespace KrrDistill.Cli;

/// <summary><c>--stats</c> of <c>fit</c> and <c>distill</c>: the merged statistics of every shard, checked against the other options.</summary>
internal static class StatisticsInput
{
    /// <summary>
    /// Loads <c>--stats</c>: every shard must be there, a <c>--seed</c> typed must be the statistics' seed, and a data set
    /// named must be their source. Returns the statistics, the ridge options with their seed, and the data set if named.
    /// </summary>
    public static (StatisticsArtefact Statistics, KernelRidgeOptions Options, DatasetPair? Data) Load(FitSettings s, PhaseTimer timer, IProgress<ProgressReport>? progress)
    {
        string path = s.Stats!;
        StatisticsArtefact a = StatisticsArtefact.Load(path);
        if (!a.Complete)
        {
            throw new InputException($"--stats {path} covers shards {a.ShardText}; merge every shard first (krr-distill merge).");
        }

        if (s.SeedGiven && s.Seed != a.Seed)
        {
            throw new InputException($"--seed {s.Seed} differs from the seed {a.Seed} that --stats {path} was computed with (it fixes the feature map and the split).");
        }

        KernelRidgeOptions options = s.RidgeOptions with { Seed = a.Seed };
        timer.Lap("load statistics");
        if (!s.HasDataset)
        {
            // No split to reproduce: statistics of any provenance (Python's batches too, whose fraction is 0) fit alone.
            return (a, options, null);
        }

        if (!(options.ValidationFraction == a.ValidationFraction))
        {
            throw new InputException($"--stats {path} was computed with a validation fraction of {a.ValidationFraction}, not {options.ValidationFraction}.");
        }

        DatasetPair data = s.LoadData(progress);
        if (!a.IsFrom(data.Train))
        {
            string how = a.SourceFingerprint is null ? "" : $" (the samples differ: fingerprint {data.Train.Fingerprint[..12]} against {a.SourceFingerprint[..12]})";
            throw new InputException($"--dataset {s.Dataset} is not the source of --stats {path}, which is {a.Source}{how}.");
        }

        timer.Lap("load data");
        return (a, options, data);
    }
}
