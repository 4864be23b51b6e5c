using System.Globalization;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.Ridge;

namespace KrrDistill.Privacy;

/// <summary>The refusals of a private release, checked before any work and naming the option (docs/privacy.md).</summary>
internal static class PrivacyChecks
{
    /// <summary>
    /// Refuses every setting under which the stated guarantee could not hold or the theory does not apply.
    /// </summary>
    public static void Check(IFeatureMap featureMap, DistillerOptions options, KernelRidgeOptions ridge, PrivacyOptions privacy, int classes)
    {
        ArgumentNullException.ThrowIfNull(featureMap);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ridge);
        ArgumentNullException.ThrowIfNull(privacy);
        string mode = privacy.Mode == PrivacyMode.Dp ? "whole-set" : "row";
        if (options.Init == InitMode.Real)
        {
            throw new InputException(nameof(DistillerOptions.Init), $"real cannot be combined with privacy mode {mode}: it copies real training images into the distilled set, so no privacy guarantee can hold; use noise initialization.");
        }

        if (options.Labels == LabelMode.Fit)
        {
            throw new InputException(nameof(DistillerOptions.Labels), $"fit cannot be combined with privacy mode {mode}: it releases labels for real training images; use model or onehot labels.");
        }

        if (!(privacy.Epsilon > 0) || !double.IsFinite(privacy.Epsilon))
        {
            throw new InputException(nameof(PrivacyOptions.Epsilon), $"must be a finite number > 0 (got {F(privacy.Epsilon)}).");
        }

        if (!(privacy.Delta > 0 && privacy.Delta < 1))
        {
            throw new InputException(nameof(PrivacyOptions.Delta), $"must lie in (0, 1) (got {F(privacy.Delta)}).");
        }

        FeatureNormBounds.CheckClip(privacy.ClipNorm);

        int k = classes, p = featureMap.OutputDimension;
        InputException.RequireAtLeast(options.ImagesPerClass, 1, nameof(DistillerOptions.ImagesPerClass));
        AnalyticDistiller.CheckMode(featureMap, options.Labels == LabelMode.Fit, options.ImagesPerClass * k, k, p);
        if (privacy.Mode == PrivacyMode.RowDp)
        {
            if (!(privacy.Epsilon < 1))
            {
                throw new InputException(nameof(PrivacyOptions.Epsilon), $"must lie in (0, 1) for row privacy (Theorem 6.2) (got {F(privacy.Epsilon)}); whole-set privacy handles any ε > 0.");
            }

            if (ridge.Lambda is { } l && l != 0)
            {
                throw new InputException(nameof(KernelRidgeOptions.Lambda), $"must be 0 or unset for row privacy, which fits the original model with λ = 0 as Theorem 6.2 assumes (got {F(l)}).");
            }

            if (options.LambdaS is { } ls && ls != 0)
            {
                throw new InputException(nameof(DistillerOptions.LambdaS), $"must be 0 for row privacy, which distills with λ_S = 0 as Theorem 6.2 assumes (got {F(ls)}).");
            }

            if (options.ImagesPerClass < 2)
            {
                throw new InputException(nameof(DistillerOptions.ImagesPerClass), $"must be at least 2 for row privacy, which needs m > k distilled points: with one per class, I − Y_S⁺Y_S = 0 and Theorem 6.2's σ is infinite.");
            }

            if (privacy.Sigma0 is { } s0 && (!(s0 > 0) || !double.IsFinite(s0)))
            {
                throw new InputException(nameof(RowPrivacyOptions.SmallestSingularValueBound), $"must be a finite number > 0 (got {F(s0)}).");
            }
        }
        else
        {
            if (ridge.Lambda is null && !privacy.PublicValidation)
            {
                throw new InputException(nameof(KernelRidgeOptions.Lambda), $"must be fixed for whole-set privacy unless it is chosen on a validation split declared public ({OptionNames.Refer(nameof(WholeSetPrivacyOptions.PublicValidationSplit))}): choosing it on the private validation split would leak.");
            }

            if (ridge.Lambda is { } dpLambda && !(dpLambda > 0))
            {
                throw new InputException(nameof(KernelRidgeOptions.Lambda), $"must be > 0 for whole-set privacy (got {F(dpLambda)}): the noisy Gram matrix, projected onto the positive semi-definite cone, has zero eigenvalues.");
            }

            if (ridge.Lambda is not null && privacy.PublicValidation)
            {
                throw new InputException(nameof(WholeSetPrivacyOptions.PublicValidationSplit), "and a fixed λ both set λ; give one.");
            }
        }
    }

    private static string F(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
