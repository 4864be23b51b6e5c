namespace KrrDistill.Data;

/// <summary>A training set and its test set, with the same features, normalization and classes.</summary>
/// <param name="Train">The training samples.</param>
/// <param name="Test">The test samples.</param>
public sealed record DatasetPair(Dataset Train, Dataset Test);
