using KrrDistill.LinearAlgebra;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.LinearAlgebra;

/// <summary>
/// <see cref="MinimumNormSolver"/> picks LU for square, QR for non-square full-rank and the SVD for rank-deficient
/// matrices, and every route returns the pseudo-inverse solution A⁺h that the SVD would.
/// </summary>
public sealed class MinimumNormSolverTests
{
    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void EveryShape_TakesTheCheapRouteAndMatchesThePseudoInverse(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        (int M, int N, LinearSolveRoute Route)[] cases =
        [
            (1, 1, LinearSolveRoute.Lu), (40, 40, LinearSolveRoute.Lu), (257, 257, LinearSolveRoute.Lu),
            (30, 70, LinearSolveRoute.Qr), (1, 9, LinearSolveRoute.Qr), (200, 257, LinearSolveRoute.Qr),
            (70, 30, LinearSolveRoute.Qr), (257, 200, LinearSolveRoute.Qr),
        ];
        int seed = 21;
        foreach ((int m, int n, LinearSolveRoute route) in cases)
        {
            Matrix a = RandomMatrices.Gaussian(m, n, seed++);
            Matrix h = RandomMatrices.Gaussian(6, m, seed++);
            MinimumNormSolver solver = MinimumNormSolver.Factor(a);
            Assert.Equal(route, solver.Route);
            Assert.True(solver.ReciprocalCondition > MinimumNormSolver.Threshold(m, n));

            Matrix expected = PseudoInverseSolution(a, h, backend);
            Matrix x = solver.SolveRows(h);
            Assert.True(Matrix.RelativeError(x, expected) < 1e-10, $"{m}×{n}: {Matrix.RelativeError(x, expected):e2} from A⁺h");
        }
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void RankDeficientMatrices_FallBackToTheSvd(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        int seed = 3;
        foreach ((int m, int n) in new[] { (40, 40), (30, 70), (70, 30) })
        {
            // Rank 10: a product of m×10 and 10×n factors.
            Matrix left = RandomMatrices.Gaussian(m, 10, seed++), right = RandomMatrices.Gaussian(10, n, seed++);
            var a = new Matrix(m, n);
            backend.Gemm(Transpose.No, Transpose.No, m, n, 10, 1.0, left.Data, 10, right.Data, n, 0.0, a.Data, n);
            MinimumNormSolver solver = MinimumNormSolver.Factor(a);
            Assert.Equal(LinearSolveRoute.Svd, solver.Route);

            Matrix h = RandomMatrices.Gaussian(4, m, seed++);
            Matrix x = solver.SolveRows(h);

            // Least squares: Aᵀ(A x − h) = 0 for every row (checked with naive products, not the solver's code).
            Matrix residual = RandomMatrices.Multiply(x, a.Transpose());
            for (int i = 0; i < residual.Data.Length; i++)
            {
                residual.Data[i] -= h.Data[i];
            }

            Matrix normal = RandomMatrices.Multiply(residual, a);
            Assert.True(Frobenius(normal) < 1e-9 * Frobenius(a) * Frobenius(h), $"{m}×{n}: not a least-squares solution");

            // Minimum norm: x ⊥ null(A) = null(right); z − rightᵀ(right rightᵀ)⁻¹ right z is in it for any z.
            Matrix z = RandomMatrices.Gaussian(n, 3, seed++);
            Matrix coefficients = RandomMatrices.Solve(RandomMatrices.Multiply(right, right.Transpose()), RandomMatrices.Multiply(right, z));
            Matrix inRowSpace = RandomMatrices.Multiply(right.Transpose(), coefficients);
            for (int i = 0; i < z.Data.Length; i++)
            {
                z.Data[i] -= inRowSpace.Data[i];
            }

            Assert.True(Frobenius(RandomMatrices.Multiply(x, z)) < 1e-9 * Frobenius(x) * Frobenius(z), $"{m}×{n}: x has a null-space part");
        }
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void EmptyShapes_GiveEmptySolutions(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        foreach ((int m, int n) in new[] { (0, 0), (0, 4), (4, 0) })
        {
            MinimumNormSolver solver = MinimumNormSolver.Factor(new Matrix(m, n));
            Matrix x = solver.SolveRows(new Matrix(2, m));
            Assert.Equal(2, x.Rows);
            Assert.Equal(n, x.Columns);
            Assert.All(x.Data, v => Assert.Equal(0.0, v));
        }
    }

    private static double Frobenius(Matrix a) => Math.Sqrt(a.Data.Sum(v => v * v));

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void SquareSolve_IsExactOnAWellConditionedSystem(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        int seed = 8;
        const int n = 300;
        Matrix a = RandomMatrices.Gaussian(n, n, seed++);
        Matrix x = RandomMatrices.Gaussian(5, n, seed++);
        var h = new Matrix(5, n);
        backend.Gemm(Transpose.No, Transpose.Yes, 5, n, n, 1.0, x.Data, n, a.Data, n, 0.0, h.Data, n);
        Assert.True(Matrix.RelativeError(MinimumNormSolver.Factor(a).SolveRows(h), x) < 1e-11);
    }

    private static Matrix PseudoInverseSolution(Matrix a, Matrix h, ILinearAlgebraBackend backend)
    {
        Matrix pinvT = ThinSvd.Compute(a).PseudoInverseTransposed();
        var x = new Matrix(h.Rows, a.Columns);
        backend.Gemm(Transpose.No, Transpose.No, h.Rows, a.Columns, a.Rows, 1.0, h.Data, a.Rows, pinvT.Data, a.Columns, 0.0, x.Data, a.Columns);
        return x;
    }
}
