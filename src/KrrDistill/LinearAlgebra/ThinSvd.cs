using System.Numerics.Tensors;

namespace KrrDistill.LinearAlgebra;

/// <summary>
/// Thin SVD A = U diag(S) Vᵀ of an m×n matrix, r = min(m, n): U (m×r), S (r, descending), Vt (r×n).
/// Also the pseudo-inverse and ranks with the documented tolerance.
/// </summary>
internal sealed class ThinSvd
{
    private ThinSvd(Matrix u, double[] s, Matrix vt)
    {
        U = u;
        S = s;
        Vt = vt;
    }

    /// <summary>Left singular vectors U (m×r).</summary>
    public Matrix U { get; }

    /// <summary>Singular values, descending (r).</summary>
    public double[] S { get; }

    /// <summary>Right singular vectors as rows, Vᵀ (r×n).</summary>
    public Matrix Vt { get; }

    /// <summary>
    /// Singular values at or below this count as zero: σ₁·max(m, n)·ε with ε = 2⁻⁵² (numpy's
    /// <c>matrix_rank</c> and <c>pinv</c>-style default).
    /// </summary>
    public double Tolerance => S.Length == 0 ? 0 : S[0] * Math.Max(U.Rows, Vt.Columns) * MachinePrecision.Epsilon;

    /// <summary>Numerical rank: singular values above <see cref="Tolerance"/>.</summary>
    public int Rank => S.Count(s => s > Tolerance);

    /// <summary>Computes the thin SVD of <paramref name="a"/>.</summary>
    public static ThinSvd Compute(Matrix a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int m = a.Rows, n = a.Columns, r = Math.Min(m, n);
        var u = new Matrix(m, r);
        var s = new double[r];
        var vt = new Matrix(r, n);
        LinearAlgebraBackends.Current.Svd(m, n, a.Data, u.Data, s, vt.Data);
        return new ThinSvd(u, s, vt);
    }

    /// <summary>U diag(f(σ_i)) Vᵀ (m×n) for a function of the singular values (0 ↦ whatever f gives).</summary>
    public Matrix Compose(Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        int m = U.Rows, r = S.Length, n = Vt.Columns;
        double[] factors = new double[r];
        for (int j = 0; j < r; j++)
        {
            factors[j] = f(S[j]);
        }

        var scaled = U.Clone();
        for (int i = 0; i < m; i++)
        {
            Span<double> row = scaled.Row(i);
            TensorPrimitives.Multiply(row, factors, row);
        }

        var result = new Matrix(m, n);
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, m, n, r, 1.0, scaled.Data, r, Vt.Data, n, 0.0, result.Data, n);
        return result;
    }

    /// <summary>
    /// The pseudo-inverse transposed, (A⁺)ᵀ = U diag(1/σ_i) Vᵀ (m×n), singular values below
    /// <see cref="Tolerance"/> dropped. For rows h, the least-squares x with A x = h is the row h·(Aᵀ)⁺ = h·(A⁺)ᵀ.
    /// </summary>
    public Matrix PseudoInverseTransposed()
    {
        double tolerance = Tolerance;
        return Compose(s => s > tolerance ? 1.0 / s : 0.0);
    }
}
