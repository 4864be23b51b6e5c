namespace KrrDistill.Reproduction;

/// <summary>A data set as loaded for a reproduction.</summary>
/// <param name="Dataset">Catalog name.</param>
/// <param name="TrainCount">Training samples.</param>
/// <param name="TestCount">Test samples.</param>
/// <param name="Dimension">Input dimension d.</param>
/// <param name="Classes">Classes k.</param>
/// <param name="LoadSeconds">Seconds to read and decode the files (once per data set, not part of any run's time).</param>
public sealed record DatasetSummary(string Dataset, int TrainCount, int TestCount, int Dimension, int Classes, double LoadSeconds);
