using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Distillation;

/// <summary>
/// The KIP loss with the paper code's closed-form label solve, and its gradient with respect to the
/// support inputs X_S derived by hand (docs/theory.md §6). Samples are rows here
/// (the paper writes columns): X_S (m×d), Φ_S = φ(X_S) (m×p), K_S = Φ_S Φ_Sᵀ, batch Φ_B (b×p), Y_B (b×k).
/// <para><b>Label solve.</b> With W_Sᵀ = M Y_S, M = Φ_Sᵀ (K_S + λ_S I)⁻¹ (p×m), the paper's labels minimize
/// the full-data squared loss ‖Φ M Y − Y_full‖²_F. From the statistics G = ΦᵀΦ (p×p) and B = ΦᵀY_full
/// (p×k) the normal equations give Y_S = (MᵀGM)⁻¹MᵀB, hence W_Sᵀ = M (MᵀGM)⁻¹ MᵀB. Writing
/// M = Φ_Sᵀ R with R = (K_S + λ_S I)⁻¹ invertible, M(MᵀGM)⁻¹Mᵀ = Φ_Sᵀ R (R C R)⁻¹ R Φ_S = Φ_Sᵀ C⁻¹ Φ_S
/// with C = Φ_S G Φ_Sᵀ (m×m): λ_S drops out of W_S, and
/// W_Sᵀ = Φ_Sᵀ Z, Z = C⁻¹ Φ_S B (m×k), Y_S = R⁻¹ Z = (K_S + λ_S I) Z = Φ_S W_Sᵀ + λ_S Z.
/// C is better conditioned than MᵀGM = R C R, so C is what gets factored (Cholesky; the pseudo-inverse
/// from a symmetric eigendecomposition when C is not numerically positive definite, e.g. m &gt; p).</para>
/// <para><b>Loss.</b> E = Φ_B W_Sᵀ − Y_B (b×k), L = ‖E‖²_F/(b·k), so dL = ⟨Γ, dW_Sᵀ⟩ with
/// Γ = 2 Φ_Bᵀ E/(b·k) (p×k); Φ_B does not depend on X_S.</para>
/// <para><b>Gradient through the solve.</b> dW_Sᵀ = dΦ_Sᵀ Z + Φ_Sᵀ dZ and, from C Z = Φ_S B,
/// dZ = C⁻¹(dΦ_S B − dC Z) with dC = dΦ_S G Φ_Sᵀ + Φ_S G dΦ_Sᵀ. With H = Φ_S Γ and U = C⁻¹H (m×k):
/// ⟨Γ, dΦ_Sᵀ Z⟩ = ⟨Z Γᵀ, dΦ_S⟩; ⟨Γ, Φ_Sᵀ dZ⟩ = ⟨U, dΦ_S B⟩ − ⟨U Zᵀ, dC⟩ = ⟨U Bᵀ, dΦ_S⟩ − ⟨(U Zᵀ + Z Uᵀ) Φ_S G, dΦ_S⟩.
/// Collecting terms, with P = Φ_S G (m×p, so G Φ_Sᵀ = Pᵀ):
/// ∂L/∂Φ_S = Z (Γ − Pᵀ U)ᵀ + U (B − Pᵀ Z)ᵀ, where B − PᵀZ = B − G W_Sᵀ is the full-data normal-equation residual.</para>
/// <para><b>Through φ.</b> ∂L/∂X_S = (∂φ/∂X_S)ᵀ ∂L/∂Φ_S by <see cref="FeatureMapGradients.Backward"/>.</para>
/// </summary>
internal sealed class KipObjective
{
    private readonly IFeatureMap _map;
    private readonly Matrix _gram;
    private readonly Matrix _crossProduct;
    private readonly int _classes;

    /// <summary>
    /// Creates the objective for the frozen map <paramref name="featureMap"/> and the full-data statistics
    /// <paramref name="statistics"/> (G = ΦᵀΦ, B = ΦᵀY over the training rows).
    /// </summary>
    public KipObjective(IFeatureMap featureMap, SufficientStatistics statistics, double lambdaFactor = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(featureMap);
        ArgumentNullException.ThrowIfNull(statistics);
        if (statistics.Features != featureMap.OutputDimension)
        {
            throw new ArgumentException($"the statistics have {statistics.Features} features, the map gives {featureMap.OutputDimension}.");
        }

        if (!(lambdaFactor >= 0) || !double.IsFinite(lambdaFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(lambdaFactor), "the λ_S factor must be finite and ≥ 0.");
        }

        _map = featureMap;
        _gram = statistics.Gram;
        _crossProduct = statistics.CrossProduct;
        _classes = statistics.Classes;
        LambdaFactor = lambdaFactor;
    }

    /// <summary>λ_S = LambdaFactor·tr(K_S)/m.</summary>
    public double LambdaFactor { get; }

    /// <summary>
    /// Evaluates the loss on the batch (<paramref name="batchFeatures"/> Φ_B, b×p; <paramref name="batchTargets"/> Y_B, b×k)
    /// at <paramref name="supportInputs"/> X_S (m×d), the label solve, and when <paramref name="withGradient"/> the
    /// gradient ∂L/∂X_S. With a null batch only the label solve is done (Loss = NaN, no gradient).
    /// </summary>
    public KipEvaluation Evaluate(Matrix supportInputs, Matrix? batchFeatures, Matrix? batchTargets, bool withGradient = true)
    {
        ArgumentNullException.ThrowIfNull(supportInputs);
        int m = supportInputs.Rows, d = _map.InputDimension, p = _map.OutputDimension, k = _classes;
        if (supportInputs.Columns != d)
        {
            throw new ArgumentException($"X_S has {supportInputs.Columns} columns, the map expects {d}.");
        }

        if ((batchFeatures is null) != (batchTargets is null))
        {
            throw new ArgumentException("give both the batch features and the batch targets, or neither.");
        }

        if (batchFeatures is not null && (batchFeatures.Columns != p || batchTargets!.Columns != k || batchTargets.Rows != batchFeatures.Rows))
        {
            throw new ArgumentException($"the batch must be b×{p} features and b×{k} targets.");
        }

        Matrix g = _gram, b = _crossProduct;
        var phi = new Matrix(m, p);
        _map.Map(supportInputs.Data, m, phi.Data);

        // P = Φ_S G (m×p), C = P Φ_Sᵀ (m×m, symmetrized), Z = C⁻¹ Φ_S B (m×k), W_Sᵀ = Φ_Sᵀ Z (p×k).
        Matrix pm = Multiply(Transpose.No, phi, Transpose.No, g);
        Matrix c = Multiply(Transpose.No, pm, Transpose.Yes, phi);
        c.Symmetrize();
        var solver = new SymmetricSolver(c, maxRank: Math.Min(m, p));
        Matrix z = solver.Solve(Multiply(Transpose.No, phi, Transpose.No, b));
        Matrix wt = Multiply(Transpose.Yes, phi, Transpose.No, z);

        // λ_S = factor·tr(K_S)/m with tr(K_S) = ‖Φ_S‖²_F; Y_S = Φ_S W_Sᵀ + λ_S Z.
        double trace = 0;
        foreach (double v in phi.Data)
        {
            trace += v * v;
        }

        double lambdaS = m == 0 ? 0 : LambdaFactor * trace / m;
        Matrix labels = Multiply(Transpose.No, phi, Transpose.No, wt);
        for (int i = 0; i < labels.Data.Length; i++)
        {
            labels.Data[i] += lambdaS * z.Data[i];
        }

        double loss = double.NaN;
        Matrix? featureGradient = null, gradient = null;
        if (batchFeatures is not null)
        {
            int rows = batchFeatures.Rows;
            Matrix e = Multiply(Transpose.No, batchFeatures, Transpose.No, wt);
            double sum = 0;
            for (int i = 0; i < e.Data.Length; i++)
            {
                e.Data[i] -= batchTargets!.Data[i];
                sum += e.Data[i] * e.Data[i];
            }

            double scale = 1.0 / ((double)rows * k);
            loss = sum * scale;
            if (withGradient)
            {
                featureGradient = solver.RankAtLeast(p)
                    ? new Matrix(m, p)
                    : FeatureGradient(phi, pm, z, e, batchFeatures, b, solver, 2.0 * scale);
                gradient = new Matrix(m, d);
                FeatureMapGradients.Backward(_map, supportInputs.Data, m, featureGradient.Data, gradient.Data);
            }
        }

        return new KipEvaluation
        {
            Loss = loss,
            Gradient = gradient,
            FeatureGradient = featureGradient,
            SupportFeatures = phi,
            Labels = labels,
            LambdaS = lambdaS,
            Weights = wt.Transpose(),
            UsedPseudoInverse = solver.IsPseudoInverse,
        };
    }

    /// <summary>∂L/∂Φ_S = Z (Γ − Pᵀ U)ᵀ + U (B − Pᵀ Z)ᵀ with Γ = (2/(b·k)) Φ_Bᵀ E, U = C⁻¹ Φ_S Γ.</summary>
    private static Matrix FeatureGradient(Matrix phi, Matrix pm, Matrix z, Matrix e, Matrix batchFeatures, Matrix b,
        SymmetricSolver solver, double factor)
    {
        int m = phi.Rows, p = phi.Columns, k = z.Columns, rows = batchFeatures.Rows;
        var gamma = new Matrix(p, k);
        LinearAlgebraBackends.Current.Gemm(Transpose.Yes, Transpose.No, p, k, rows, factor, batchFeatures.Data, p, e.Data, k, 0.0, gamma.Data, k);
        Matrix u = solver.Solve(Multiply(Transpose.No, phi, Transpose.No, gamma));

        // V = Γ − Pᵀ U and R = B − Pᵀ Z (both p×k).
        Matrix v = gamma;
        LinearAlgebraBackends.Current.Gemm(Transpose.Yes, Transpose.No, p, k, m, -1.0, pm.Data, p, u.Data, k, 1.0, v.Data, k);
        Matrix r = b.Clone();
        LinearAlgebraBackends.Current.Gemm(Transpose.Yes, Transpose.No, p, k, m, -1.0, pm.Data, p, z.Data, k, 1.0, r.Data, k);

        var result = new Matrix(m, p);
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, m, p, k, 1.0, z.Data, k, v.Data, k, 0.0, result.Data, p);
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, m, p, k, 1.0, u.Data, k, r.Data, k, 1.0, result.Data, p);
        return result;
    }

    private static Matrix Multiply(Transpose ta, Matrix a, Transpose tb, Matrix b)
    {
        int rows = ta == Transpose.No ? a.Rows : a.Columns;
        int inner = ta == Transpose.No ? a.Columns : a.Rows;
        int columns = tb == Transpose.No ? b.Columns : b.Rows;
        var c = new Matrix(rows, columns);
        LinearAlgebraBackends.Current.Gemm(ta, tb, rows, columns, inner, 1.0, a.Data, a.Columns, b.Data, b.Columns, 0.0, c.Data, columns);
        return c;
    }


    /// <summary>
    /// Solves C X = R for the symmetric m×m C: Cholesky when C is numerically positive definite (and the
    /// factor's diagonal does not flag it as singular), else the
    /// pseudo-inverse Q diag(1/w_i) Qᵀ from the eigendecomposition, eigenvalues w_i ≤ w_max·m·ε dropped and
    /// at most the <c>maxRank</c> largest kept.
    /// </summary>
    private sealed class SymmetricSolver
    {
        private readonly int _n;
        private readonly double[]? _factor;
        private readonly Matrix? _pseudoInverse;

        public SymmetricSolver(Matrix c, int maxRank)
        {
            _n = c.Rows;
            double[] factor = (double[])c.Data.Clone();

            // C = Φ_S G Φ_Sᵀ has rank ≤ p: for m > p it is singular whatever rounding says, so skip Cholesky.
            if (_n == 0 || (maxRank >= _n && LinearAlgebraBackends.Current.CholeskyFactor(_n, factor) && WellConditioned(factor, _n)))
            {
                _factor = factor;
                Rank = _n;
                return;
            }

            double[] q = (double[])c.Data.Clone();
            double[] w = new double[_n];
            LinearAlgebraBackends.Current.SymmetricEigen(_n, q, w);
            // Keep eigenvalues above w_max·m·ε, and at most the maxRank largest (rank C ≤ min(m, p)).
            double tolerance = Math.Max(0, w[^1]) * _n * MachinePrecision.Epsilon;
            if (maxRank < _n)
            {
                tolerance = Math.Max(tolerance, w[_n - maxRank - 1]);
            }

            var scaled = new Matrix(_n, _n);
            for (int i = 0; i < _n; i++)
            {
                for (int j = 0; j < _n; j++)
                {
                    scaled.Data[(i * _n) + j] = w[j] > tolerance ? q[(i * _n) + j] / w[j] : 0.0;
                }
            }

            Rank = w.Count(value => value > tolerance);
            _pseudoInverse = new Matrix(_n, _n);
            LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, _n, _n, _n, 1.0, scaled.Data, _n, q, _n, 0.0, _pseudoInverse.Data, _n);
        }

        public bool IsPseudoInverse => _pseudoInverse is not null;

        public int Rank { get; }

        /// <summary>
        /// True when the pseudo-inverse was needed and rank(C) ≥ p: then Φ_S has full column rank p, W_Sᵀ = G⁻¹B
        /// whatever X_S is nearby, and the exact gradient is zero.
        /// </summary>
        public bool RankAtLeast(int p) => IsPseudoInverse && Rank >= p;

        public Matrix Solve(Matrix rhs)
        {
            if (_factor is not null)
            {
                Matrix x = rhs.Clone();
                if (_n > 0)
                {
                    LinearAlgebraBackends.Current.CholeskySolve(_n, rhs.Columns, _factor, x.Data);
                }

                return x;
            }

            var result = new Matrix(_n, rhs.Columns);
            LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, _n, rhs.Columns, _n, 1.0, _pseudoInverse!.Data, _n, rhs.Data, rhs.Columns, 0.0, result.Data, rhs.Columns);
            return result;
        }

        /// <summary>
        /// A Cholesky factor can succeed on a numerically singular C (e.g. rank φ(X) &lt; m); reject it when
        /// (min L_ii / max L_ii)² ≤ m·ε, a cheap lower bound on the reciprocal condition number of C.
        /// </summary>
        private static bool WellConditioned(double[] factor, int n)
        {
            double smallest = double.PositiveInfinity, largest = 0;
            for (int i = 0; i < n; i++)
            {
                double v = Math.Abs(factor[(i * n) + i]);
                smallest = Math.Min(smallest, v);
                largest = Math.Max(largest, v);
            }

            double ratio = smallest / largest;
            return ratio * ratio > n * MachinePrecision.Epsilon;
        }
    }
}
