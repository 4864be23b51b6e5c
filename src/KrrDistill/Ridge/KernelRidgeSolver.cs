using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// KRR on features held in memory (docs/theory.md §1): W = Y φ_λ(X)^+, with samples as rows Φ (n×p),
/// Y (n×k) and W (k×p). Dual (n×n kernel) when n ≤ p, primal (p×p Gram) otherwise; λ = 0 is the
/// pseudo-inverse with the rank tolerance of <see cref="SpectralRidgePath"/>.
/// </summary>
internal static class KernelRidgeSolver
{
    /// <summary>Solves for W (k×p).</summary>
    public static Matrix Solve(Matrix features, Matrix targets, double lambda)
        => Path(features, targets).Weights(lambda);

    /// <summary>The λ path of (Φ, Y): dual when n ≤ p, primal otherwise.</summary>
    private static SpectralRidgePath Path(Matrix features, Matrix targets)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (features.Rows != targets.Rows)
        {
            throw new ArgumentException($"Φ has {features.Rows} rows but Y has {targets.Rows}.");
        }

        if (features.Rows <= features.Columns)
        {
            return SpectralRidgePath.FromFeatures(features, targets);
        }

        int n = features.Rows, p = features.Columns, k = targets.Columns;
        var gram = new Matrix(p, p);
        LinearAlgebraBackends.Current.Gemm(Transpose.Yes, Transpose.No, p, p, n, 1.0, features.Data, p, features.Data, p, 0.0, gram.Data, p);
        var cross = new Matrix(p, k);
        LinearAlgebraBackends.Current.Gemm(Transpose.Yes, Transpose.No, p, k, n, 1.0, features.Data, p, targets.Data, k, 0.0, cross.Data, k);
        return SpectralRidgePath.FromStatistics(new SufficientStatistics(gram, cross, n));
    }
}
