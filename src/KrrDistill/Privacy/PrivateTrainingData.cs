using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.Ridge;

namespace KrrDistill.Privacy;

/// <summary>
/// What <see cref="PrivateDistiller.Prepare"/> computed from the private rows before any noise: the exact statistics of
/// the clipped features, kept in memory only (never released). Several releases (different ε, noise draws) may share
/// one preparation; each release is a separate use of the data and its budgets add up. Only counts and the bound are
/// public here.
/// </summary>
public sealed class PrivateTrainingData
{
    internal PrivateTrainingData()
    {
    }

    /// <summary>Number of private training rows n.</summary>
    public int PrivateCount => PrivateRows.Length;

    /// <summary>Rows of the validation split declared public (0 unless <see cref="WholeSetPrivacyOptions.PublicValidationSplit"/>).</summary>
    public int PublicValidationCount => PublicRows.Length;

    /// <summary>The input clip B and the feature bound C the rows were clipped to.</summary>
    public FeatureNormBound Bound => ClippedMap.Bound;

    /// <summary>Private rows the clip scaled down. Not private-safe: reported to the data owner only.</summary>
    public required long RowsClipped { get; init; }

    /// <summary>Under input clipping, feature rows the defensive second clip changed (0 whenever the derived bound holds).</summary>
    public required long SafetyClips { get; init; }

    /// <summary>The privacy and ridge options the rows were clipped and split with.</summary>
    internal (PrivacyOptions Privacy, KernelRidgeOptions Ridge) PreparedWith { get; init; }

    /// <summary>The training set the rows belong to.</summary>
    internal Dataset Train { get; init; } = null!;

    /// <summary>The feature map φ (unclipped; the released set is constructed through it).</summary>
    internal IFeatureMap FeatureMap { get; init; } = null!;

    /// <summary>The feature map with the clip applied (its <see cref="ClippedFeatureMap.Bound"/> gives B and C).</summary>
    internal ClippedFeatureMap ClippedMap { get; init; } = null!;

    /// <summary>Exact ΦᵀΦ, ΦᵀY and n of the clipped private rows. Secret.</summary>
    internal SufficientStatistics Exact { get; init; } = null!;

    /// <summary>Training-set rows treated as private.</summary>
    internal int[] PrivateRows { get; init; } = null!;

    /// <summary>Rows of the validation split declared public (empty unless <see cref="PrivacyOptions.PublicValidation"/>).</summary>
    internal int[] PublicRows { get; init; } = null!;

    /// <summary>Rows per class among the private rows (public under replace-one-row neighbours, where labels of
    /// unchanged rows and n are fixed; used only by Theorem 6.2's calibration).</summary>
    internal long[] ClassCounts { get; init; } = null!;
}
