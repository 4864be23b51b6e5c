using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// The whole λ path of KRR from ONE symmetric eigendecomposition (docs/theory.md §1: W = Y φ_λ(X)^+).
/// Written with samples as rows, every solution has the form Wᵀ(λ) = M diag(g_λ(μ)) C with
/// g_λ(μ) = 1/(μ + λ):
/// <list type="bullet">
/// <item>primal (n &gt; p): ΦᵀΦ = Q diag(μ) Qᵀ, M = Q (p×p), C = QᵀΦᵀY (p×k);</item>
/// <item>dual (n ≤ p): ΦΦᵀ = Q diag(μ) Qᵀ, M = ΦᵀQ (p×n), C = QᵀY (n×k).</item>
/// </list>
/// At λ = 0 the pseudo-inverse is used: g_0(μ) = 1/μ for μ above <see cref="RankTolerance"/>, else 0.
/// Changing λ costs O(r·k) for the coefficients, so a validation sweep over the grid is one projection
/// of the validation features plus a thin GEMM per λ, not one solve per λ.
/// </summary>
internal sealed class SpectralRidgePath : IRidgePath
{
    /// <summary>Double-precision machine epsilon, 2^-52.</summary>
    public const double MachineEpsilon = MachinePrecision.Epsilon;

    private SpectralRidgePath(Matrix basis, double[] eigenvalues, Matrix coefficients, bool isDual)
    {
        Basis = basis;
        Eigenvalues = eigenvalues;
        Coefficients = coefficients;
        IsDual = isDual;
        double largest = eigenvalues.Length == 0 ? 0 : Math.Max(0, eigenvalues.Max());
        RankTolerance = largest * Math.Max(basis.Rows, eigenvalues.Length) * MachineEpsilon;
    }

    /// <summary>M (p×r): eigenvectors (primal) or Φᵀ times them (dual).</summary>
    public Matrix Basis { get; }

    /// <summary>Eigenvalues μ (r) of ΦᵀΦ (primal) or ΦΦᵀ (dual), ascending.</summary>
    public double[] Eigenvalues { get; }

    /// <summary>C (r×k): QᵀΦᵀY (primal) or QᵀY (dual).</summary>
    public Matrix Coefficients { get; }

    /// <summary>True for the dual (n×n kernel) form.</summary>
    public bool IsDual { get; }

    /// <summary>
    /// Eigenvalues at or below this are treated as zero when λ = 0: max(μ)·max(p, r)·ε with ε the
    /// double machine epsilon (numpy's matrix_rank rule applied to the Gram matrix, whose rounding error
    /// is of order ε·max(μ)).
    /// </summary>
    public double RankTolerance { get; }

    /// <summary>Feature dimension p.</summary>
    public int Features => Basis.Rows;

    /// <summary>Label dimension k.</summary>
    public int Targets => Coefficients.Columns;

    /// <summary>Primal path from accumulated statistics: eigendecomposes G = ΦᵀΦ (p×p).</summary>
    public static SpectralRidgePath FromStatistics(SufficientStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return FromGram(statistics.GramView.Clone(), statistics.CrossProduct);
    }

    /// <summary>Primal path from G (p×p, symmetric; overwritten by its eigenvectors) and B = ΦᵀY (p×k).</summary>
    public static SpectralRidgePath FromGram(Matrix gram, Matrix crossProduct)
    {
        ArgumentNullException.ThrowIfNull(gram);
        ArgumentNullException.ThrowIfNull(crossProduct);
        int p = gram.Rows, k = crossProduct.Columns;
        double[] mu = new double[p];
        LinearAlgebraBackends.Current.SymmetricEigen(p, gram.Data, mu);
        var c = new Matrix(p, k);
        LinearAlgebraBackends.Current.Gemm(Transpose.Yes, Transpose.No, p, k, p, 1.0, gram.Data, p, crossProduct.Data, k, 0.0, c.Data, k);
        return new SpectralRidgePath(gram, mu, c, isDual: false);
    }

    /// <summary>
    /// Dual path from the features Φ (n×p) and targets Y (n×k) themselves: eigendecomposes K = ΦΦᵀ (n×n).
    /// Use when n ≤ p.
    /// </summary>
    public static SpectralRidgePath FromFeatures(Matrix features, Matrix targets)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        int n = features.Rows, p = features.Columns, k = targets.Columns;
        if (targets.Rows != n)
        {
            throw new ArgumentException($"Φ has {n} rows but Y has {targets.Rows}.");
        }

        var kernel = new Matrix(n, n);
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, n, n, p, 1.0, features.Data, p, features.Data, p, 0.0, kernel.Data, n);
        kernel.Symmetrize();
        double[] mu = new double[n];
        LinearAlgebraBackends.Current.SymmetricEigen(n, kernel.Data, mu);
        var basis = new Matrix(p, n);
        LinearAlgebraBackends.Current.Gemm(Transpose.Yes, Transpose.No, p, n, n, 1.0, features.Data, p, kernel.Data, n, 0.0, basis.Data, n);
        var c = new Matrix(n, k);
        LinearAlgebraBackends.Current.Gemm(Transpose.Yes, Transpose.No, n, k, n, 1.0, kernel.Data, n, targets.Data, k, 0.0, c.Data, k);
        return new SpectralRidgePath(basis, mu, c, isDual: true);
    }

    /// <summary>g_λ(μ_i) for every eigenvalue: 1/(μ+λ), or the pseudo-inverse rule at λ = 0.</summary>
    public double[] Filter(double lambda)
    {
        if (!(lambda >= 0) || !double.IsFinite(lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), "λ must be finite and ≥ 0.");
        }

        double[] g = new double[Eigenvalues.Length];
        for (int i = 0; i < g.Length; i++)
        {
            double mu = Eigenvalues[i];
            if (lambda == 0)
            {
                g[i] = mu > RankTolerance ? 1.0 / mu : 0.0;
            }
            else
            {
                // ΦᵀΦ is positive semi-definite; tiny negative eigenvalues are rounding. For statistics with privacy
                // noise (docs/privacy.md) the clamp is the projection of G̃ onto the positive semi-definite cone.
                g[i] = 1.0 / (Math.Max(mu, 0.0) + lambda);
            }
        }

        return g;
    }

    /// <summary>Number of eigenvalues above <see cref="RankTolerance"/> (the numerical rank of Φ).</summary>
    public int NumericalRank => Eigenvalues.Count(mu => mu > RankTolerance);

    /// <inheritdoc/>
    int? IRidgePath.NumericalRank => NumericalRank;

    /// <inheritdoc/>
    public string Route => IsDual ? "dual eigen" : "eigen";

    /// <inheritdoc/>
    public IReadOnlyList<Matrix> ValidationScores(Matrix features, IReadOnlyList<double> grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Matrix projected = Project(features);
        return grid.Select(lambda => PredictProjected(projected, lambda)).ToList();
    }

    /// <summary>The model W(λ) (k×p).</summary>
    public Matrix Weights(double lambda)
    {
        Matrix scaled = ScaledCoefficients(lambda);
        int p = Features, r = Eigenvalues.Length, k = Targets;
        var w = new Matrix(k, p);

        // Wᵀ = M · scaled  ⇒  W = scaledᵀ · Mᵀ.
        LinearAlgebraBackends.Current.Gemm(Transpose.Yes, Transpose.Yes, k, p, r, 1.0, scaled.Data, k, Basis.Data, r, 0.0, w.Data, p);
        return w;
    }

    /// <summary>Projects feature rows Φ_v (rows×p) onto the basis: P = Φ_v M (rows×r), reusable for every λ.</summary>
    public Matrix Project(Matrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        int r = Eigenvalues.Length;
        var projected = new Matrix(features.Rows, r);
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, features.Rows, r, Features, 1.0, features.Data, Features, Basis.Data, r, 0.0, projected.Data, r);
        return projected;
    }

    /// <summary>Scores of projected rows at λ: P diag(g_λ) C (rows×k) = Φ_v W(λ)ᵀ.</summary>
    public Matrix PredictProjected(Matrix projected, double lambda)
    {
        ArgumentNullException.ThrowIfNull(projected);
        Matrix scaled = ScaledCoefficients(lambda);
        int r = Eigenvalues.Length, k = Targets;
        var scores = new Matrix(projected.Rows, k);
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, projected.Rows, k, r, 1.0, projected.Data, r, scaled.Data, k, 0.0, scores.Data, k);
        return scores;
    }

    private Matrix ScaledCoefficients(double lambda)
    {
        double[] g = Filter(lambda);
        int k = Targets;
        var scaled = Coefficients.Clone();
        for (int i = 0; i < g.Length; i++)
        {
            Span<double> row = scaled.Row(i);
            for (int j = 0; j < k; j++)
            {
                row[j] *= g[i];
            }
        }

        return scaled;
    }

}
