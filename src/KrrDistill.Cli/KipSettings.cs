namespace KrrDistill.Cli;

/// <summary>The parsed and validated options of <c>krr-distill kip</c>.</summary>
internal sealed record KipSettings(
    FitSettings Fit,
    int ImagesPerClass,
    int Steps,
    TimeSpan? TimeBudget,
    string? TimeBudgetText,
    double LearningRate,
    int BatchSize,
    int? EvaluateEvery,
    string Output,
    string? Png,
    string? Metrics);
