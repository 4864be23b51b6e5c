using System.Globalization;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.Privacy;
using KrrDistill.Ridge;

namespace KrrDistill.Cli;

/// <summary>
/// The warnings (one line each, on stderr, never in <c>--json</c>'s stdout) for settings the tool can tell are poor,
/// each with the number that shows it and what to do instead; null when the choice is fine.
/// </summary>
internal static class PoorChoices
{
    /// <summary>How far below |min μ̃| a fixed private λ must be to be warned about.</summary>
    private const double NoiseFloorFactor = 10;

    /// <summary>The fraction of the training split at which the random-subset baseline stops being a subset.</summary>
    private const double SubsetFraction = 0.5;

    /// <summary>The fraction of pixel values outside 0–255 from which a real-init set no longer looks like its images.</summary>
    private const double OutsideFraction = 0.05;

    /// <summary>How far beyond 0–255 (in pixel units) the set must reach: a whole pixel range below 0 or above 255.</summary>
    private const double Reach = 255;

    /// <summary>
    /// Reports <paramref name="warning"/>, when there is one, through the progress stream: it is printed after any
    /// progress bar is gone.
    /// </summary>
    public static void Warn(IProgress<ProgressReport> progress, string? warning)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (warning is not null)
        {
            progress.Report(ProgressReport.Warning(warning));
        }
    }

    /// <summary>
    /// Whole-set privacy with a fixed λ far below the release's noise floor |min μ̃| (the scale of the noise in the
    /// spectrum of G̃): the directions the noise dominates are then weighted by up to 1/λ, and accuracy can even fall as ε
    /// grows (docs/privacy.md §3).
    /// </summary>
    public static string? LambdaBelowNoiseFloor(PrivateDistillResult released)
    {
        ArgumentNullException.ThrowIfNull(released);
        if (released.Mode != PrivacyMode.Dp || released.LambdaRequested is not { } lambda || !(lambda * NoiseFloorFactor < released.NoiseEigenvalueScale))
        {
            return null;
        }

        string floor = Number(released.NoiseEigenvalueScale);
        return $"--lambda {Number(lambda)} is far below this release's noise floor |min μ̃| = {floor}: directions the noise dominates get weights up to 1/λ, and accuracy can even fall as ε grows; choose λ with --public-validation, or give a λ near {floor} (docs/privacy.md).";
    }

    /// <summary>An IPC whose random-subset baseline holds half of the training split or more.</summary>
    public static string? SubsetIsTheTrainingSet(TrainingRows train, int imagesPerClass)
    {
        ArgumentNullException.ThrowIfNull(train);
        long subset = (long)imagesPerClass * train.Data.Classes;
        if (subset < SubsetFraction * train.Count)
        {
            return null;
        }

        string share = subset >= train.Count ? "all" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * subset / train.Count:F0} %");
        return string.Create(CultureInfo.InvariantCulture,
            $"--ipc {imagesPerClass} puts {share} of the {train.Count} training rows in the random-subset baseline, so it is the training set rather than a small subset and its accuracy is no baseline; compare with the original model's instead, or use a smaller --ipc.");
    }

    /// <summary>A real-init set whose pixels moved far outside 0–255 (fcnn and rff constructions keep no pixel range).</summary>
    public static string? RealInitFarOutsidePixels(DistilledSet set, DistillerOptions options)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Init != InitMode.Real || options.Labels == LabelMode.Fit || set.Pixels is not { } pixels
            || pixels.FractionOutside < OutsideFraction || (pixels.Minimum > -Reach && pixels.Maximum < 255 + Reach))
        {
            return null;
        }

        string remedy = set.FeatureMap.Kind == FeatureKind.Identity ? "" : "; --features identity keeps their look";
        return string.Create(CultureInfo.InvariantCulture,
            $"the real-init set's pixels lie far outside 0–255 ({pixels.Minimum:F0} … {pixels.Maximum:F0}, {100 * pixels.FractionOutside:F1} % outside): the {set.FeatureMap.Kind.ArtefactName()} inverse keeps no pixel range, so the images no longer look like the ones they started from (the model is still exact){remedy}.");
    }

    /// <summary><paramref name="value"/> to three significant digits, without an exponent: 309, 41.3, 0.00537.</summary>
    private static string Number(double value)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        int digits = Math.Max(0, 2 - (int)Math.Floor(Math.Log10(Math.Abs(value))));
        return Math.Round(value, Math.Min(digits, 15)).ToString("0.###############", CultureInfo.InvariantCulture);
    }
}
