namespace KrrDistill.Cli;

/// <summary>The parsed options of <c>krr-distill fit</c>.</summary>
internal sealed record FitSettings(
    string Dataset,
    string? DataDirectory,
    string Features,
    int? Width,
    int Depth,
    double RffSigma2,
    int Seed,
    double? Lambda,
    string? SaveModel,
    bool Json);
