namespace KrrDistill.Cli;

/// <summary>The parsed options of <c>krr-distill evaluate</c>.</summary>
internal sealed record EvaluateSettings(string Distilled, string Dataset, string? DataDirectory, bool Json);
