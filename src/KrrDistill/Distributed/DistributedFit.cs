using KrrDistill.Diagnostics;
using KrrDistill.Features;
using KrrDistill.Ridge;

namespace KrrDistill.Distributed;

/// <summary>
/// A fit whose statistics pass is split over the ranks of an MPI job (docs/scale-out.md): each rank accumulates the
/// statistics of its own contiguous block of the training rows, the blocks are summed on rank 0 (exactly what one
/// process sums, in another order), and rank 0 alone fits through the estimator's one door. The estimator itself knows
/// nothing of MPI.
/// </summary>
public static class DistributedFit
{
    /// <summary>
    /// <see cref="FeatureMap.Whiten"/> with the mean and covariance pass split over <paramref name="world"/> (null or one
    /// rank: the plain pass): each rank sums the identity map's statistics of its block of the training rows, the ranks
    /// agree on the job (as <see cref="Fit"/> does; <paramref name="job"/> names it) and sum the blocks into every rank,
    /// and every rank computes the same whitening from the same sums. The ranks agree again before the next sum.
    /// </summary>
    /// <exception cref="InputException">The ranks differ in their job; the message names it.</exception>
    /// <exception cref="OtherRankFailedException">Another rank failed before the sum.</exception>
    public static WhitenedFeatureMap Whiten(IFeatureMap map, TrainingSplit split, double eps, KernelRidgeOptions options, MpiWorld? world,
        IProgress<ProgressReport>? progress = null, string? job = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(options);
        if (world is not { Size: > 1 })
        {
            return FeatureMap.Whiten(map, split.Train, eps, options.ChunkRows, progress);
        }

        Whitening.RequireEps(eps);
        (int start, int length) = world.Block(split.Train.Count);
        SufficientStatistics moments = FeaturePass.Accumulate(split.Train.Block(start, length), FeatureMap.Identity(map.InputDimension), options.ChunkRows, progress);
        world.Agree(JobIdentity.Of(new KernelRidge(map, options), split, FormattableString.Invariant($"{job ?? "fit"}, whitened with ε {eps:R}")));
        world.SumToAll(moments);
        world.AgreeAgainBeforeTheNextSum();
        return FeatureMap.Whitened(map, Whitening.Fit(moments, eps));
    }

    /// <summary>
    /// <see cref="KernelRidge.Fit(TrainingSplit, IProgress{ProgressReport}?)"/> with the statistics pass split over
    /// <paramref name="world"/> (null or one rank: the plain fit). Returns the model on rank 0, null on the others. A
    /// training part no larger than p (the dual form) is fit by rank 0 alone. Before anything is summed the ranks prove
    /// they run the same job: <paramref name="job"/> (the command and its options beyond the fit, "fit" when null), the
    /// ridge options, the feature map's checksum and the training data's fingerprint and row counts must agree.
    /// </summary>
    /// <exception cref="InputException">The ranks differ in one of those; the message names it.</exception>
    /// <exception cref="OtherRankFailedException">Another rank failed before the sum.</exception>
    public static RidgeModel? Fit(KernelRidge ridge, TrainingSplit split, MpiWorld? world, IProgress<ProgressReport>? progress = null, string? job = null)
    {
        ArgumentNullException.ThrowIfNull(ridge);
        ArgumentNullException.ThrowIfNull(split);
        if (world is not { Size: > 1 })
        {
            return ridge.Fit(split, progress);
        }

        ridge.RequireSplit(split.Train, split.Validation.Count);
        if (ridge.UsesDualForm(split.Train))
        {
            world.Agree(JobIdentity.Of(ridge, split, job));
            if (!world.IsRoot)
            {
                return null; // too few rows to split: rank 0 fits alone
            }

            world.TakeNodeCoresForSerialWork();
            return ridge.Fit(split, progress);
        }

        var timer = new PhaseTimer();
        (int start, int length) = world.Block(split.Train.Count);
        SufficientStatistics statistics = FeaturePass.Accumulate(split.Train.Block(start, length), ridge.FeatureMap, ridge.Options.ChunkRows, progress, ridge.Options.Precision);
        timer.Lap("features + Gram (train)");
        world.Agree(JobIdentity.Of(ridge, split, job));
        world.SumToRoot(statistics);
        timer.Lap($"sum over {world.Size} MPI ranks");
        if (!world.IsRoot)
        {
            return null;
        }

        world.TakeNodeCoresForSerialWork();
        return ridge.Solve(statistics, LambdaChoice.ValidationAccuracy(split.Validation), FitSource.Of(split.Train, dual: false), consumeGram: true, timer, progress);
    }
}
