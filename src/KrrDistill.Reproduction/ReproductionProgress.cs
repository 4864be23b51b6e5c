namespace KrrDistill.Reproduction;

/// <summary>Progress of <see cref="ReproductionRunner.Run"/>: one report per finished cell (and one per data set loaded).</summary>
/// <param name="Done">Runs finished so far.</param>
/// <param name="Total">Runs in the whole reproduction.</param>
/// <param name="Message">What just finished, with its headline numbers.</param>
public sealed record ReproductionProgress(int Done, int Total, string Message);
