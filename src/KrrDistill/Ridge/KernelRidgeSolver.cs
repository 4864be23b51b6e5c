using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// KRR on features held in memory (docs/theory.md §1): W = Y φ_λ(X)^+, with samples as rows Φ (n×p),
/// Y (n×k) and W (k×p). Dual (n×n kernel) when n ≤ p; with more rows than features the p×p Gram, solved by Cholesky with
/// one correction from the residual, falling back to a thin QR (λ = 0) or the spectral path (the pseudo-inverse with the
/// rank tolerance of <see cref="SpectralRidgePath"/>) when the Gram is too ill-conditioned for it.
/// </summary>
internal static class KernelRidgeSolver
{
    /// <summary>
    /// The reciprocal condition of G + λI below which the corrected normal equations are not trusted: one correction
    /// shrinks the error by about cond(G)·ε, which stays below about 10⁻⁶ above this bound.
    /// </summary>
    internal const double CorrectedNormalEquationsLimit = 1e-9;

    /// <summary>Solves for W (k×p).</summary>
    public static Matrix Solve(Matrix features, Matrix targets, double lambda) => SolveEach(features, [(targets, lambda)])[0];

    /// <summary>
    /// W (k×p) for each (Y, λ) on the same Φ (n×p): with more rows than features the Gram ΦᵀΦ (n·p² flops) is formed
    /// once for all of them.
    /// </summary>
    public static Matrix[] SolveEach(Matrix features, IReadOnlyList<(Matrix Targets, double Lambda)> problems)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(problems);
        foreach ((Matrix targets, double lambda) in problems)
        {
            ArgumentNullException.ThrowIfNull(targets);
            if (features.Rows != targets.Rows)
            {
                throw new ArgumentException($"Φ has {features.Rows} rows but Y has {targets.Rows}.");
            }

            if (!(lambda >= 0) || !double.IsFinite(lambda))
            {
                throw new ArgumentOutOfRangeException(nameof(problems), "λ must be finite and ≥ 0.");
            }
        }

        if (features.Rows <= features.Columns)
        {
            return Dual(features, problems);
        }

        int n = features.Rows, p = features.Columns;
        var gram = new Matrix(p, p);
        LinearAlgebraBackends.Current.SyrkTransposed(p, n, 1.0, features.Data, p, 0.0, gram.Data, p);
        Matrix.CopyUpperToLower(gram.Data, p);
        return problems.Select(problem => CorrectedNormalEquations(features, gram, problem.Targets, problem.Lambda)
            ?? (problem.Lambda == 0 ? LeastSquares(features, problem.Targets) : null)
            ?? SpectralRidgePath.FromGram(gram.Clone(), CrossProduct(features, problem.Targets)).Weights(problem.Lambda)).ToArray();
    }

    /// <summary>
    /// n ≤ p: one eigendecomposition of the n×n kernel ΦΦᵀ for every problem, its targets side by side; each W is its own
    /// rows of the path's weights at its λ.
    /// </summary>
    private static Matrix[] Dual(Matrix features, IReadOnlyList<(Matrix Targets, double Lambda)> problems)
    {
        if (problems.Count == 1)
        {
            return [SpectralRidgePath.FromFeatures(features, problems[0].Targets).Weights(problems[0].Lambda)];
        }

        int n = features.Rows, p = features.Columns, total = problems.Sum(problem => problem.Targets.Columns);
        var stacked = new Matrix(n, total);
        for (int i = 0, offset = 0; i < problems.Count; offset += problems[i].Targets.Columns, i++)
        {
            Matrix y = problems[i].Targets;
            for (int r = 0; r < n; r++)
            {
                y.Row(r).CopyTo(stacked.Row(r)[offset..]);
            }
        }

        SpectralRidgePath path = SpectralRidgePath.FromFeatures(features, stacked);
        var solved = new Matrix[problems.Count];
        for (int i = 0, offset = 0; i < problems.Count; offset += problems[i].Targets.Columns, i++)
        {
            int k = problems[i].Targets.Columns;
            solved[i] = new Matrix(k, p, path.Weights(problems[i].Lambda).Data.AsSpan(offset * p, k * p).ToArray());
        }

        return solved;
    }

    /// <summary>
    /// (G + λI) Wᵀ = ΦᵀY by Cholesky (p³/3 flops on the Gram G = ΦᵀΦ), then one correction Wᵀ += (G + λI)⁻¹(Φᵀ(Y − ΦWᵀ)
    /// − λWᵀ) with the residual computed from Φ itself: the corrected semi-normal equations (Björck), accurate to about
    /// cond(Φ)·ε like a QR solve when cond(G)·ε is small, at a sixth of the QR's cost. Null when G + λI is not positive
    /// definite or its reciprocal condition estimate is below <see cref="CorrectedNormalEquationsLimit"/>.
    /// </summary>
    private static Matrix? CorrectedNormalEquations(Matrix features, Matrix gram, Matrix targets, double lambda)
    {
        int n = features.Rows, p = features.Columns, k = targets.Columns;
        Matrix factor = gram.Clone();
        for (int i = 0; i < p; i++)
        {
            factor.Data[(i * p) + i] += lambda;
        }

        double norm = ConditionEstimate.OneNorm(p, p, factor.Data);
        if (!LinearAlgebraBackends.Current.CholeskyFactor(p, factor.Data))
        {
            return null;
        }

        void Solve(double[] x) => LinearAlgebraBackends.Current.CholeskySolve(p, 1, factor.Data, x);
        if (!(ConditionEstimate.Reciprocal(norm, ConditionEstimate.InverseOneNorm(p, Solve, Solve)) >= CorrectedNormalEquationsLimit))
        {
            return null;
        }

        Matrix solution = CrossProduct(features, targets);
        LinearAlgebraBackends.Current.CholeskySolve(p, k, factor.Data, solution.Data);
        Matrix residual = targets.Clone(); // Y − Φ Wᵀ
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, n, k, p, -1.0, features.Data, p, solution.Data, k, 1.0, residual.Data, k);
        Matrix correction = CrossProduct(features, residual);
        for (int i = 0; i < correction.Data.Length; i++)
        {
            correction.Data[i] -= lambda * solution.Data[i];
        }

        LinearAlgebraBackends.Current.CholeskySolve(p, k, factor.Data, correction.Data);
        for (int i = 0; i < solution.Data.Length; i++)
        {
            solution.Data[i] += correction.Data[i];
        }

        return solution.Transpose();
    }

    /// <summary>
    /// λ = 0 with n &gt; p: the least-squares W (Φ Wᵀ ≈ Y) from a thin QR Φ = Q R, Wᵀ = R⁻¹ Qᵀ Y, accurate to cond(Φ)·ε
    /// where the Gram's is cond(Φ)²·ε. Null when R's reciprocal condition estimate is below 10⁻¹⁰: Φ may then be
    /// rank-deficient, and the spectral route's pseudo-inverse with its rank tolerance is the answer. For a Φ of full rank
    /// the two are the same W.
    /// </summary>
    private static Matrix? LeastSquares(Matrix features, Matrix targets)
    {
        int n = features.Rows, p = features.Columns, k = targets.Columns;
        var q = new double[(long)n * p];
        var r = new double[p * p];
        if (!(LinearAlgebraBackends.Current.ThinQr(n, p, features.Data, q, r) >= 1e-10))
        {
            return null;
        }

        var w = new Matrix(k, p); // Wᵀ = R⁻¹ Qᵀ Y  ⇔  W = (Yᵀ Q) R⁻ᵀ
        LinearAlgebraBackends.Current.Gemm(Transpose.Yes, Transpose.No, k, p, n, 1.0, targets.Data, k, q, p, 0.0, w.Data, p);
        LinearAlgebraBackends.Current.TriangularSolveRight(Transpose.Yes, p, k, r, w.Data);
        return w;
    }

    /// <summary>ΦᵀY (p×k).</summary>
    private static Matrix CrossProduct(Matrix features, Matrix targets)
    {
        int n = features.Rows, p = features.Columns, k = targets.Columns;
        var cross = new Matrix(p, k);
        LinearAlgebraBackends.Current.Gemm(Transpose.Yes, Transpose.No, p, k, n, 1.0, features.Data, p, targets.Data, k, 0.0, cross.Data, k);
        return cross;
    }
}
