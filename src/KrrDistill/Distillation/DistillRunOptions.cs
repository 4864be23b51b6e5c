using KrrDistill.Privacy;
using KrrDistill.Ridge;

namespace KrrDistill.Distillation;

/// <summary>Settings of <see cref="DistillationRunner.Run"/>.</summary>
public sealed record DistillRunOptions
{
    /// <summary>Images per class (IPC); m = IPC·k.</summary>
    public int ImagesPerClass { get; init; } = 1;

    /// <summary>Noise or real initialization.</summary>
    public InitMode Init { get; init; } = InitMode.Noise;

    /// <summary>Label choice for the analytic distiller.</summary>
    public LabelMode Labels { get; init; } = LabelMode.Model;

    /// <summary>
    /// True for label-only distillation (Theorem 4.2) on m ≥ p real points instead of the analytic
    /// construction: the mode for feature maps that are not surjective.
    /// </summary>
    public bool LabelsOnly { get; init; }

    /// <summary>λ_S ≥ 0; null uses the original model's λ (capped by Theorem 4.1 as needed).</summary>
    public double? LambdaS { get; init; }

    /// <summary>Root of the λ_S &gt; 0 formula: + (default, as the paper's code) or −.</summary>
    public bool PlusRoot { get; init; } = true;

    /// <summary>Seed of the noise or of the real images chosen.</summary>
    public int Seed { get; init; }

    /// <summary>How the original model is fit.</summary>
    public KrrFitOptions Fit { get; init; } = new();

    /// <summary>
    /// Null (the default): no privacy, <see cref="DistillationRunner"/>. Set: a private distillation, which only
    /// <see cref="PrivateDistillationRunner"/> performs.
    /// </summary>
    public PrivacyOptions? Privacy { get; init; }
}
