using KrrDistill.LinearAlgebra;

namespace KrrDistill.Features;

/// <summary>
/// A feature map that can construct inputs from target features (docs/theory.md §4): given Φ* (m×p, rows =
/// target feature vectors) it returns X (m×d) with φ(X) = Φ* up to rounding when φ is surjective, or a
/// documented rescaling of Φ* (<see cref="FeatureInversion.FeatureScale"/>).
/// </summary>
public interface IInvertibleFeatureMap : IFeatureMap
{
    /// <summary>Inputs whose features are the target features (or the scaled targets).</summary>
    FeatureInversion Invert(Matrix targetFeatures);
}

/// <summary>The outcome of <see cref="IInvertibleFeatureMap.Invert"/>.</summary>
/// <param name="Inputs">X (m×d).</param>
/// <param name="FeatureScale">
/// c &gt; 0 such that φ(X) = c·Φ*: 1 except for rff, whose targets are divided by their largest
/// |√(p/2)·φ| when that exceeds 1 (Example 5.4, docs/theory.md §4); with λ_S = 0 the model trained on them is then
/// W/c, a positive multiple of W with the same predictions.
/// </param>
public sealed record FeatureInversion(Matrix Inputs, double FeatureScale)
{
    /// <summary>
    /// How each layer was solved, first layer first (empty for identity features): <see cref="LinearSolveRoute.Lu"/> or
    /// <see cref="LinearSolveRoute.Qr"/> normally, <see cref="LinearSolveRoute.Svd"/> for a rank-deficient layer.
    /// </summary>
    public IReadOnlyList<LinearSolveRoute> LayerRoutes { get; init; } = [];

    /// <summary>True when some layer was rank-deficient and was inverted through its pseudo-inverse.</summary>
    public bool RankDeficient => LayerRoutes.Contains(LinearSolveRoute.Svd);
}
