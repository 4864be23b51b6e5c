using KrrDistill.Distillation;
using KrrDistill.Privacy;

namespace KrrDistill.Cli;

/// <summary>CLI only: the parsed options of <c>krr-distill distill</c>.</summary>
internal sealed record DistillSettings(
    FitSettings Fit,
    DistillerOptions Distiller,
    string Output,
    string? Png,
    string? Metrics,
    PrivacyOptions? Privacy = null);
