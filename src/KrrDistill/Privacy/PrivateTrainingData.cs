using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Privacy;

/// <summary>
/// What a private distillation computes from the private rows before any noise: the exact statistics of the
/// clipped features, kept in memory only (never released). Several releases (different ε, noise draws) may
/// share one preparation; each release is a separate use of the data and its budgets add up.
/// </summary>
internal sealed class PrivateTrainingData
{
    /// <summary>The feature map with the clip applied (its <see cref="ClippedFeatureMap.Bound"/> gives B and C).</summary>
    public required ClippedFeatureMap ClippedMap { get; init; }

    /// <summary>Exact ΦᵀΦ, ΦᵀY and n of the clipped private rows. Secret.</summary>
    public required SufficientStatistics Exact { get; init; }

    /// <summary>Training-set rows treated as private.</summary>
    public required int[] PrivateRows { get; init; }

    /// <summary>Rows of the validation split declared public (empty unless <see cref="PrivacyOptions.PublicValidation"/>).</summary>
    public required int[] PublicRows { get; init; }

    /// <summary>Clipped features of <see cref="PublicRows"/> (|public|×p).</summary>
    public required Matrix PublicFeatures { get; init; }

    /// <summary>Rows per class among the private rows (public under replace-one-row neighbours, where labels of
    /// unchanged rows and n are fixed; used only by Theorem 6.2's calibration).</summary>
    public required long[] ClassCounts { get; init; }

    /// <summary>Private rows the clip scaled down. Not private: reported to the data owner only.</summary>
    public required long RowsClipped { get; init; }

    /// <summary>Under input clipping, feature rows the defensive second clip changed (0 whenever the derived bound holds).</summary>
    public required long SafetyClips { get; init; }
}
