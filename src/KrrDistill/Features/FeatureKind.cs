namespace KrrDistill.Features;

/// <summary>The feature maps KrrDistill knows (docs/theory.md §4); each has an artefact name (<c>feature_kind</c>).</summary>
public enum FeatureKind
{
    /// <summary>φ(x) = x (p = d): linear ridge regression; artefact name <c>identity</c>.</summary>
    Identity,

    /// <summary>A random bias-free LeakyReLU(0.1) network (the paper's FCNN); artefact name <c>fcnn</c>.</summary>
    Fcnn,

    /// <summary>Random Fourier features √(2/p)·cos(A x + b); artefact name <c>rff</c>.</summary>
    Rff,

    /// <summary>A random deep linear network (Theorem 5.3, docs/theory.md §4); artefact name <c>linear</c>.</summary>
    Linear,
}

/// <summary>The artefact names of <see cref="FeatureKind"/> (the <c>feature_kind</c> key, the CLI's <c>--features</c>).</summary>
public static class FeatureKinds
{
    /// <summary>Every kind's artefact name, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<FeatureKind>().Select(ArtefactName)];

    /// <summary>The artefact name: <c>identity</c>, <c>fcnn</c>, <c>rff</c> or <c>linear</c>.</summary>
    public static string ArtefactName(this FeatureKind kind) => kind switch
    {
        FeatureKind.Identity => "identity",
        FeatureKind.Fcnn => "fcnn",
        FeatureKind.Rff => "rff",
        FeatureKind.Linear => "linear",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a feature kind"),
    };

    /// <summary>The kind whose artefact name is <paramref name="name"/>; false for an unknown name.</summary>
    public static bool TryParse(string? name, out FeatureKind kind)
    {
        foreach (FeatureKind candidate in Enum.GetValues<FeatureKind>())
        {
            if (string.Equals(candidate.ArtefactName(), name, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
