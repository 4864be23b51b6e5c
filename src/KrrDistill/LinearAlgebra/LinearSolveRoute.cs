namespace KrrDistill.LinearAlgebra;

/// <summary>How a layer of a feature map is inverted (one solve per layer, factored once per map): the cheapest factorization that is exact for the matrix at hand.</summary>
public enum LinearSolveRoute
{
    /// <summary>LU with partial pivoting (square, well conditioned).</summary>
    Lu,

    /// <summary>Thin QR (non-square with full rank): minimum-norm or least-squares solutions.</summary>
    Qr,

    /// <summary>Thin SVD pseudo-inverse: the fallback for a rank-deficient matrix.</summary>
    Svd,
}
