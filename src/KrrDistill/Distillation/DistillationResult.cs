using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Distillation;

/// <summary>How a <see cref="DistilledSet"/> was made: the method, the λ_S rule, the recovery before inversion, the timings.</summary>
public sealed class DistillationResult
{
    /// <summary>"analytic" (Algorithm 1), "labels" (Theorem 4.2 only), "kip" or "private".</summary>
    public required string Method { get; init; }

    /// <summary>The data set the original model was fit on.</summary>
    public required string DatasetName { get; init; }

    /// <summary>The distiller's options (null for KIP and the private modes, which have their own).</summary>
    public DistillerOptions? Options { get; init; }

    /// <summary>Labels used: "onehot", "model" or "fit".</summary>
    public required string LabelKind { get; init; }

    /// <summary>λ of the original model.</summary>
    public required double OriginalLambda { get; init; }

    /// <summary>λ_S requested (before the Theorem 4.1 cap).</summary>
    public required double RequestedLambdaS { get; init; }

    /// <summary>True when λ_S was lowered to the Theorem 4.1 cap.</summary>
    public required bool LambdaCapped { get; init; }

    /// <summary>‖W_S − W‖_F/‖W‖_F with W_S from the target features themselves (before constructing inputs); NaN when not measured.</summary>
    public required double ErrorBeforeInversion { get; init; }

    /// <summary>c with φ(X_S) = c·Φ* (1 except for rescaled rff targets): W_S is W/c.</summary>
    public double FeatureScale { get; init; } = 1.0;

    /// <summary>
    /// How each layer of φ was inverted to construct the inputs, first layer first: LU or QR normally, SVD for a
    /// rank-deficient layer (then the inputs reproduce the targets only in the least-squares sense). Empty when no
    /// inputs were constructed (identity features, real inputs, KIP).
    /// </summary>
    public IReadOnlyList<LinearSolveRoute> InversionRoutes { get; init; } = [];

    /// <summary>How the original model was fit (null for KIP, the private modes and models loaded from a file).</summary>
    public RidgeFitResult? OriginalFit { get; init; }

    /// <summary>Seconds per phase, in order.</summary>
    public IReadOnlyList<(string Phase, double Seconds)> Timings { get; internal set; } = [];

    /// <summary>
    /// ‖φ(X_S) − c·Φ*‖_F/‖c·Φ*‖_F of the constructed inputs, measured when they were constructed (the m×p targets Φ* are
    /// not kept for it); NaN when the inputs are real or the release is private.
    /// </summary>
    internal double FeatureReconstructionError { get; init; } = double.NaN;

    /// <summary>Training rows of the real points (real initialization, label-only mode, KIP's start); else null.</summary>
    internal int[]? RealRows { get; init; }

    /// <summary>λ of the real-subset baseline when it is not λ_S (KIP: its own rule at the real start).</summary>
    internal double? BaselineLambda { get; init; }

    /// <summary>Fields for meta_json beyond the common ones (KIP's steps, the privacy statement).</summary>
    internal System.Text.Json.Nodes.JsonObject? ExtraMeta { get; set; }
}
