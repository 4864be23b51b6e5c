namespace KrrDistill.Distillation;

/// <summary>Parameters of <see cref="AnalyticDistiller"/>; <see cref="Validate"/> names the property at fault.</summary>
public sealed record DistillerOptions
{
    /// <summary>Images per class (IPC ≥ 1); m = IPC·k distilled points.</summary>
    public int ImagesPerClass { get; init; } = 10;

    /// <summary>Noise (Theorem 4.1/5.1) or real (Corollary 4.1.1) initialization of the free part Z.</summary>
    public InitMode Init { get; init; } = InitMode.Noise;

    /// <summary>How the labels Y_S are chosen; <see cref="LabelMode.Fit"/> is label-only distillation on real points.</summary>
    public LabelMode Labels { get; init; } = LabelMode.Model;

    /// <summary>λ_S ≥ 0 (default 0, as in the paper's experiments); null uses the original model's λ. Above the Theorem 4.1 cap 1/(4σ'₁²) it is lowered to the cap (reported).</summary>
    public double? LambdaS { get; init; } = 0;

    /// <summary>For λ_S &gt; 0, which root σ = (1 ± √(1 − 4λ_Sσ'²))/(2σ') to take (both recover W; the paper's code takes +).</summary>
    public bool PlusRoot { get; init; } = true;

    /// <summary>Seed of the noise Z or of the choice of real images.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// λ_S as text: "0", a finite number ≥ 0, or "original" (null: the original model's λ). Throws
    /// <see cref="InputException"/> naming <see cref="LambdaS"/> otherwise.
    /// </summary>
    public static double? ParseLambdaS(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.Equals(text, "original", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value) || !(value >= 0) || !double.IsFinite(value))
        {
            throw new InputException(nameof(LambdaS), $"must be 0, a finite number > 0, or 'original' (got '{text}').");
        }

        return value;
    }

    /// <summary>Throws <see cref="InputException"/> naming the first property out of range.</summary>
    public void Validate()
    {
        InputException.RequireAtLeast(ImagesPerClass, 1, nameof(ImagesPerClass), "with m < k distilled points no X_S gives W_S = W in general (Theorem 4.1, docs/theory.md §3).");
        if (LambdaS is { } lambdaS)
        {
            InputException.RequireNonNegative(lambdaS, nameof(LambdaS));
        }

        if (!Enum.IsDefined(Init))
        {
            throw new InputException(nameof(Init), $"is not an initialization ({Init}).");
        }

        if (!Enum.IsDefined(Labels))
        {
            throw new InputException(nameof(Labels), $"is not a label mode ({Labels}).");
        }
    }
}
