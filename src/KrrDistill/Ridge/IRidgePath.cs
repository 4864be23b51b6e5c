using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// KRR solutions W(λ) = Bᵀ(G + λI)⁻¹ (k×p, docs/theory.md §1, samples as rows) for many λ from one factorization of the
/// Gram matrix G: <see cref="SpectralRidgePath"/> (an eigendecomposition; also λ = 0 and noisy statistics),
/// <see cref="TridiagonalRidgePath"/> (a reduction to tridiagonal form; λ &gt; 0) or <see cref="CholeskyRidgePath"/>
/// (one fixed λ).
/// </summary>
internal interface IRidgePath
{
    /// <summary>Feature dimension p.</summary>
    int Features { get; }

    /// <summary>Label dimension k.</summary>
    int Targets { get; }

    /// <summary>The numerical rank of Φ (eigenvalues of G above max(μ)·p·ε); null when the route computes no spectrum.</summary>
    int? NumericalRank { get; }

    /// <summary>A short name of the route for reports ("eigen", "tridiagonal", "cholesky", "dual eigen").</summary>
    string Route { get; }

    /// <summary>The model W(λ) (k×p).</summary>
    Matrix Weights(double lambda);

    /// <summary>Scores Φ_v W(λ)ᵀ (rows×k) of the feature rows <paramref name="features"/> for every λ of <paramref name="grid"/>, in order.</summary>
    IReadOnlyList<Matrix> ValidationScores(Matrix features, IReadOnlyList<double> grid);
}
