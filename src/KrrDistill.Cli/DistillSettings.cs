namespace KrrDistill.Cli;

/// <summary>The parsed options of <c>krr-distill distill</c>.</summary>
internal sealed record DistillSettings(
    FitSettings Fit,
    int ImagesPerClass,
    string Init,
    string LambdaS,
    string Labels,
    string Root,
    string Output,
    string? Png,
    string? Metrics,
    KrrDistill.Privacy.PrivacyOptions? Privacy = null);
