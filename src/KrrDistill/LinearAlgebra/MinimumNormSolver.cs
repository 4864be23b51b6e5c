namespace KrrDistill.LinearAlgebra;

/// <summary>
/// Solves A x = h for many right-hand sides h given as rows (H, rows×m), for one fixed A (m×n), factored once:
/// <list type="bullet">
/// <item>square and well conditioned: LU with partial pivoting (<c>dgetrf</c>/<c>dgetrs</c>, 2/3·n³ once);</item>
/// <item>wide (m &lt; n) with full row rank: the minimum-norm solution from a thin QR of Aᵀ = Q R,
/// x = Q R⁻ᵀ h;</item>
/// <item>tall (m &gt; n) with full column rank: the least-squares solution from a thin QR of A = Q R, x = R⁻¹ Qᵀ h;</item>
/// <item>otherwise (rank-deficient): the pseudo-inverse from a thin SVD (<see cref="ThinSvd"/>), the fallback.</item>
/// </list>
/// Each of these gives A⁺h when its condition holds, so away from the rank threshold the result depends on the route only
/// through rounding; near it (the condition estimate is a 1-norm lower bound, the SVD's tolerance a ratio of singular
/// values, which can differ by a factor of about 3n) LU may still solve a system the SVD would truncate.
/// A matrix counts as rank-deficient when the reciprocal condition estimate of its LU or R factor is at or below
/// max(m, n)·ε (ε = 2⁻⁵²): the same scale as the SVD's rank tolerance σ_min ≤ σ₁·max(m, n)·ε.
/// </summary>
internal sealed class MinimumNormSolver
{
    private readonly Matrix _a;
    private readonly double[]? _factor;   // LU factor (square) or R (QR routes)
    private readonly int[]? _pivots;
    private readonly Matrix? _q;
    private readonly Matrix? _pseudoInverseTransposed;

    private MinimumNormSolver(Matrix a, LinearSolveRoute route, double reciprocalCondition,
        double[]? factor, int[]? pivots, Matrix? q, Matrix? pseudoInverseTransposed)
    {
        _a = a;
        Route = route;
        ReciprocalCondition = reciprocalCondition;
        _factor = factor;
        _pivots = pivots;
        _q = q;
        _pseudoInverseTransposed = pseudoInverseTransposed;
    }

    /// <summary>m, the number of equations (rows of A).</summary>
    public int Rows => _a.Rows;

    /// <summary>n, the number of unknowns (columns of A).</summary>
    public int Columns => _a.Columns;

    /// <summary>The factorization chosen.</summary>
    public LinearSolveRoute Route { get; }

    /// <summary>Reciprocal condition estimate (1-norm) of the LU or R factor that decided the route.</summary>
    public double ReciprocalCondition { get; }

    /// <summary>The rank threshold: reciprocal conditions at or below it mean rank-deficient.</summary>
    public static double Threshold(int rows, int columns) => Math.Max(rows, columns) * MachinePrecision.Epsilon;

    /// <summary>Factors <paramref name="a"/> (m×n, not modified).</summary>
    public static MinimumNormSolver Factor(Matrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int m = a.Rows, n = a.Columns;
        double threshold = Threshold(m, n);
        double rcond;
        if (m == n)
        {
            double[] lu = a.Clone().Data;
            int[] pivots = new int[n];
            rcond = LinearAlgebraBackends.Current.LuFactor(n, lu, pivots);
            if (rcond > threshold)
            {
                return new MinimumNormSolver(a, LinearSolveRoute.Lu, rcond, lu, pivots, null, null);
            }
        }
        else
        {
            // Wide: QR of Aᵀ (n×m, tall); tall: QR of A itself.
            Matrix tall = m < n ? a.Transpose() : a;
            int tm = tall.Rows, tn = tall.Columns;
            var q = new Matrix(tm, tn);
            double[] r = new double[tn * tn];
            rcond = LinearAlgebraBackends.Current.ThinQr(tm, tn, tall.Data, q.Data, r);
            if (rcond > threshold)
            {
                return new MinimumNormSolver(a, LinearSolveRoute.Qr, rcond, r, null, q, null);
            }
        }

        Matrix pinvT = ThinSvd.Compute(a).PseudoInverseTransposed();
        return new MinimumNormSolver(a, LinearSolveRoute.Svd, rcond, null, null, null, pinvT);
    }

    /// <summary>
    /// X (rows×n) whose rows solve A xᵢ = hᵢ for the rows hᵢ of <paramref name="h"/> (rows×m): exactly when A is square and
    /// nonsingular, with minimum norm when A is wide, in the least-squares sense when A is tall, through A⁺ otherwise.
    /// </summary>
    public Matrix SolveRows(Matrix h)
    {
        ArgumentNullException.ThrowIfNull(h);
        if (h.Columns != Rows)
        {
            throw new ArgumentException($"right-hand sides have {h.Columns} entries, A has {Rows} rows.");
        }

        int count = h.Rows, m = Rows, n = Columns;
        switch (Route)
        {
            case LinearSolveRoute.Lu:
                {
                    // One step of iterative refinement (r = H − X Aᵀ, X += solve(r)): a GEMM and a solve, 1/n of the
                    // factorization's cost, bring the residual from LU's growth-factor level down to rounding.
                    Matrix x = h.Clone();
                    LinearAlgebraBackends.Current.LuSolveRows(n, count, _factor!, _pivots!, x.Data);
                    Matrix residual = h.Clone();
                    LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, count, n, n, -1.0, x.Data, n, _a.Data, n, 1.0, residual.Data, n);
                    LinearAlgebraBackends.Current.LuSolveRows(n, count, _factor!, _pivots!, residual.Data);
                    for (int i = 0; i < x.Data.Length; i++)
                    {
                        x.Data[i] += residual.Data[i];
                    }

                    return x;
                }

            case LinearSolveRoute.Qr when m < n:
                {
                    // Aᵀ = Q R (Q n×m): x = Q R⁻ᵀ h, i.e. rows X = (H R⁻¹) Qᵀ.
                    Matrix y = h.Clone();
                    LinearAlgebraBackends.Current.TriangularSolveRight(Transpose.No, m, count, _factor!, y.Data);
                    var x = new Matrix(count, n);
                    LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, count, n, m, 1.0, y.Data, m, _q!.Data, m, 0.0, x.Data, n);
                    return x;
                }

            case LinearSolveRoute.Qr:
                {
                    // A = Q R (Q m×n): x = R⁻¹ Qᵀ h, i.e. rows X = (H Q) R⁻ᵀ.
                    var x = new Matrix(count, n);
                    LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, count, n, m, 1.0, h.Data, m, _q!.Data, n, 0.0, x.Data, n);
                    LinearAlgebraBackends.Current.TriangularSolveRight(Transpose.Yes, n, count, _factor!, x.Data);
                    return x;
                }

            default:
                {
                    var x = new Matrix(count, n);
                    LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, count, n, m, 1.0, h.Data, m, _pseudoInverseTransposed!.Data, n, 0.0, x.Data, n);
                    return x;
                }
        }
    }

}
