using KrrDistill.Privacy;
using KrrDistill.Randomness;

namespace KrrDistill.Distillation;

/// <summary>Settings of <see cref="AnalyticDistiller"/>.</summary>
internal sealed record AnalyticDistillerOptions
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

    /// <summary>
    /// Standard deviation of the entries of Z for noise initialization; null (the default) uses the paper code's
    /// 0.1·std(Y_S⁺W). The Theorem 6.2 privacy mode sets the calibrated σ here.
    /// </summary>
    public double? NoiseStd { get; init; }

    /// <summary>Where the entries of Z come from; null (the default) uses <see cref="SeededRandom"/> with <see cref="Seed"/>.</summary>
    public IGaussianNoise? Noise { get; init; }
}
