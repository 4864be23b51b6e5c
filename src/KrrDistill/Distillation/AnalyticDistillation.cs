using KrrDistill.LinearAlgebra;

namespace KrrDistill.Distillation;

/// <summary>What Algorithm 1 produces (target features and labels), before the inputs are constructed.</summary>
internal sealed class AnalyticDistillation
{
    /// <summary>Target features φ(X_S) (m×p, rows = distilled points).</summary>
    public required Matrix TargetFeatures { get; init; }

    /// <summary>Y_S (m×k).</summary>
    public required Matrix Labels { get; init; }

    /// <summary>λ_S actually used (after the cap).</summary>
    public required double LambdaS { get; init; }

    /// <summary>
    /// The Theorem 4.1 cap 1/(4σ'₁²) for this D; null when λ_S = 0 was served by a thin QR, which computes no singular
    /// values (the cap concerns λ_S &gt; 0 only).
    /// </summary>
    public required double? LambdaCap { get; init; }

    /// <summary>True when the requested λ_S exceeded the cap and was lowered to it.</summary>
    public required bool LambdaCapped { get; init; }

    /// <summary>"onehot" or "model": the labels actually used.</summary>
    public required string LabelKind { get; init; }

    /// <summary>For real initialization, the chosen real inputs X̂_S (m×d); else null.</summary>
    public Matrix? InitialInputs { get; init; }

    /// <summary>For real initialization, the data-set rows of X̂_S; else null.</summary>
    public int[]? RealRows { get; init; }

    /// <summary>Class of each distilled point (m): 0…k−1 repeated IPC times.</summary>
    public required int[] Classes { get; init; }
}
