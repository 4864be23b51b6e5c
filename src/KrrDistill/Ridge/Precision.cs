namespace KrrDistill.Ridge;

/// <summary>
/// The arithmetic of the statistics pass (docs/theory.md §2): <see cref="Double"/> throughout ("double"), or
/// <see cref="Single"/> ("single"): inputs rounded to float32, features and each chunk's ΦᵀΦ computed in float32 (BLAS
/// <c>sgemm</c>/<c>ssyrk</c>) and summed into the float64 Gram, the float32 features summed per class into the float64
/// ΦᵀY. The λ path, the solve, Algorithm 1, the inversion and every reported number stay in float64 either way.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members are the precisions a user chooses, named as --precision and the artefacts name them.")]
public enum Precision
{
    /// <summary>float64 everywhere (the default; "double").</summary>
    Double,

    /// <summary>float32 features and per-chunk Gram, accumulated in float64 ("single").</summary>
    Single,
}

/// <summary>The artefact and command-line names of <see cref="Precision"/>.</summary>
public static class Precisions
{
    /// <summary>"double" or "single", as stats.npz, model.npz and distilled.npz record it and <c>--precision</c> takes it.</summary>
    public static string Name(this Precision precision) => precision == Precision.Single ? "single" : "double";

    /// <summary>
    /// The precision named <paramref name="text"/> ("single" or "double", any case); throws <see cref="InputException"/>
    /// naming <paramref name="property"/> otherwise.
    /// </summary>
    public static Precision Parse(string text, string property = nameof(KernelRidgeOptions.Precision))
        => TryParse(text, out Precision precision) ? precision : throw new InputException(property, $"must be single or double (got '{text}').");

    /// <summary>The precision named <paramref name="text"/> ("single" or "double", any case), if it names one.</summary>
    public static bool TryParse(string? text, out Precision precision)
    {
        (bool known, precision) = text?.Trim().ToUpperInvariant() switch
        {
            "SINGLE" => (true, Precision.Single),
            "DOUBLE" => (true, Precision.Double),
            _ => (false, Precision.Double),
        };
        return known;
    }
}
