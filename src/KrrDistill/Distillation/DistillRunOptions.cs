using KrrDistill.Privacy;
using KrrDistill.Ridge;

namespace KrrDistill.Distillation;

/// <summary>Everything one private distillation run takes: the distiller's, the ridge fit's and the privacy options.</summary>
internal sealed record DistillRunOptions
{
    public int ImagesPerClass { get; init; } = 1;

    public InitMode Init { get; init; } = InitMode.Noise;

    public LabelMode Labels { get; init; } = LabelMode.Model;

    /// <summary>True for label-only distillation (Theorem 4.2).</summary>
    public bool LabelsOnly => Labels == LabelMode.Fit;

    public double? LambdaS { get; init; }

    public bool PlusRoot { get; init; } = true;

    public int Seed { get; init; }

    public KernelRidgeOptions Fit { get; init; } = new();

    public PrivacyOptions? Privacy { get; init; }

    public static DistillRunOptions From(DistillerOptions distiller, KernelRidgeOptions ridge, PrivacyOptions? privacy) => new()
    {
        ImagesPerClass = distiller.ImagesPerClass,
        Init = distiller.Init,
        Labels = distiller.Labels,
        LambdaS = distiller.LambdaS,
        PlusRoot = distiller.PlusRoot,
        Seed = distiller.Seed,
        Fit = ridge,
        Privacy = privacy,
    };
}
