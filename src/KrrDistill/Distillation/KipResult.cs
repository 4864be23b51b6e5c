using KrrDistill.LinearAlgebra;

namespace KrrDistill.Distillation;

/// <summary>The outcome of a KIP run (<see cref="KipDistiller.Run"/>).</summary>
public sealed class KipResult
{
    /// <summary>The final support inputs X_S (m×d), model-input space.</summary>
    public required Matrix Inputs { get; init; }

    /// <summary>Y_S (m×k) from the closed-form label solve at the final X_S.</summary>
    public required Matrix Labels { get; init; }

    /// <summary>λ_S = 1e-6·tr(K_S)/m at the final X_S.</summary>
    public required double LambdaS { get; init; }

    /// <summary>W_S (k×p) at the final X_S.</summary>
    public required Matrix Weights { get; init; }

    /// <summary>The real images X̂_S (m×d) the run started from.</summary>
    public required Matrix InitialInputs { get; init; }

    /// <summary>The training rows the start was drawn from (classes 0…k−1 interleaved, IPC times).</summary>
    public required int[] RealRows { get; init; }

    /// <summary>Batch loss of each step, evaluated before that step's update.</summary>
    public required IReadOnlyList<double> Losses { get; init; }

    /// <summary>Steps actually run (fewer than requested when the time budget ran out).</summary>
    public required int StepsRun { get; init; }

    /// <summary>True when the time budget stopped the run before the requested steps.</summary>
    public required bool StoppedByTimeBudget { get; init; }

    /// <summary>Mean wall-clock seconds per optimization step.</summary>
    public required double SecondsPerStep { get; init; }

    /// <summary>Seconds spent on the one-off statistics pass (G = ΦᵀΦ, B = ΦᵀY over the training rows).</summary>
    public required double SetupSeconds { get; init; }

    /// <summary>The distilled set (X_S, Y_S, λ_S, φ, normalization, image shape, real start).</summary>
    public required DistilledSet Set { get; init; }
}

/// <summary>Progress of a KIP run, reported every few steps.</summary>
/// <param name="Step">Steps completed so far (1-based count).</param>
/// <param name="TotalSteps">Steps requested.</param>
/// <param name="Loss">Batch loss evaluated at the start of the last completed step.</param>
/// <param name="Elapsed">Optimization time so far (without the statistics pass and accuracy evaluations).</param>
/// <param name="TestAccuracy">Accuracy of W_S of the current support set on the evaluation data, on evaluation steps; else null.</param>
public sealed record KipProgress(int Step, int TotalSteps, double Loss, TimeSpan Elapsed, double? TestAccuracy = null);
