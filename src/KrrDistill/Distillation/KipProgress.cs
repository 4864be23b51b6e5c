namespace KrrDistill.Distillation;

/// <summary>Progress of a KIP run, reported every few steps.</summary>
/// <param name="Step">Steps completed so far (1-based count).</param>
/// <param name="TotalSteps">Steps requested.</param>
/// <param name="Loss">Batch loss evaluated at the start of the last completed step.</param>
/// <param name="Elapsed">Optimization time so far (without the statistics pass and accuracy evaluations).</param>
/// <param name="TestAccuracy">Accuracy of W_S of the current support set on the evaluation data, on evaluation steps; else null.</param>
public sealed record KipProgress(int Step, int TotalSteps, double Loss, TimeSpan Elapsed, double? TestAccuracy = null);
