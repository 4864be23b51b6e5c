using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Privacy;

/// <summary>
/// Private distillation (docs/privacy.md): every use of the private training rows goes through here. The rows are
/// clipped, their exact statistics kept secret, the calibrated noise added (<see cref="WholeSetPrivacyOptions"/>) or
/// Theorem 6.2's σ used for Z (<see cref="RowPrivacyOptions"/>), then Algorithm 1 and the inversion run as
/// post-processing. No real-image baseline, real initialization or λ chosen on private rows is ever computed.
/// </summary>
public sealed class PrivateDistiller
{
    private readonly ILinearAlgebraBackend _backend;

    /// <summary>
    /// A private distiller. <paramref name="distiller"/> gives IPC, labels and λ_S (noise initialization only);
    /// <paramref name="ridge"/> gives λ (fixed) and the seed of the validation split.
    /// </summary>
    public PrivateDistiller(PrivacyOptions privacy, DistillerOptions? distiller = null, KernelRidgeOptions? ridge = null)
    {
        Privacy = privacy ?? throw new ArgumentNullException(nameof(privacy));
        Distiller = distiller ?? new DistillerOptions();
        Ridge = ridge ?? new KernelRidgeOptions();
        Distiller.Validate();
        Ridge.Validate();
        _backend = LinearAlgebraBackends.Current;
    }

    /// <summary>The privacy options.</summary>
    public PrivacyOptions Privacy { get; }

    /// <summary>The distiller options.</summary>
    public DistillerOptions Distiller { get; }

    /// <summary>The ridge options of the (private) original model.</summary>
    public KernelRidgeOptions Ridge { get; }

    /// <summary>
    /// Releases one private distilled set of <paramref name="train"/> through <paramref name="featureMap"/>, and scores it
    /// on <paramref name="test"/> (public). Throws <see cref="InputException"/> naming the option under which the
    /// stated guarantee could not hold.
    /// </summary>
    public PrivateDistillResult Distill(IFeatureMap featureMap, Dataset train, Dataset test, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(featureMap);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        train.RequireFits(featureMap.InputDimension, int.MaxValue, "the feature map");
        test.RequireFits(featureMap.InputDimension, train.Classes, $"a model of {train.Name}");

        DistillRunOptions options = DistillRunOptions.From(Distiller, Ridge, Privacy);
        return PrivateDistillationRunner.Run(new DatasetPair(train, test), featureMap, options, _backend, progress);
    }
}
