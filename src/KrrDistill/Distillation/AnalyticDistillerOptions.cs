namespace KrrDistill.Distillation;

/// <summary>Settings of <see cref="AnalyticDistiller"/>.</summary>
public sealed record AnalyticDistillerOptions
{
    /// <summary>Images per class (IPC ≥ 1); m = IPC·k.</summary>
    public int ImagesPerClass { get; init; } = 1;

    /// <summary>Noise or real initialization.</summary>
    public InitMode Init { get; init; } = InitMode.Noise;

    /// <summary>Label choice.</summary>
    public LabelMode Labels { get; init; } = LabelMode.Model;

    /// <summary>Requested λ_S ≥ 0; above the Theorem 4.1 cap 1/(4σ'₁²) it is lowered to the cap (reported).</summary>
    public double LambdaS { get; init; }

    /// <summary>For λ_S &gt; 0, which root σ = (1 ± √(1 − 4λ_Sσ'²))/(2σ') to take (both recover W; the paper's code takes +).</summary>
    public bool PlusRoot { get; init; } = true;

    /// <summary>Seed of the noise Z or of the choice of real images.</summary>
    public int Seed { get; init; }
}
