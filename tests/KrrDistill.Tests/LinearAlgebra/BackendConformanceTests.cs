using KrrDistill.LinearAlgebra;
using KrrDistill.LinearAlgebra.Managed;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.LinearAlgebra;

/// <summary>
/// Checks a linear-algebra backend against naive reference implementations on seeded random matrices.
/// Self-contained (own reference helpers) so it can be pointed at any backend through <see cref="Create"/>.
/// "managed-portable" is the managed backend forced onto its width-agnostic GEMM kernel, so that kernel is
/// covered on AVX-512 machines too.
/// </summary>
public sealed class BackendConformanceTests
{
    private const double Sentinel = 12345.678;

    private static readonly int[] OddSizes = [1, 7, 33, 130];

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    [InlineData("managed-portable")]
    public void Gemm_AllTransposesAndOddSizes_MatchesNaiveReference(string backendName)
    {
        ILinearAlgebraBackend backend = Create(backendName);
        var random = new Random(1234);
        foreach (Transpose transA in new[] { Transpose.No, Transpose.Yes })
        {
            foreach (Transpose transB in new[] { Transpose.No, Transpose.Yes })
            {
                foreach (int m in OddSizes)
                {
                    foreach (int n in OddSizes)
                    {
                        foreach (int k in OddSizes)
                        {
                            CheckGemm(backend, random, transA, transB, m, n, k, alpha: 1.7, beta: -0.6, nanC: false);
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    [InlineData("managed-portable")]
    public void Gemm_ShapesSpanningSeveralCacheBlocks_MatchesNaiveReference(string backendName)
    {
        ILinearAlgebraBackend backend = Create(backendName);
        var random = new Random(99);
        (int M, int N, int K)[] shapes = [(70, 50, 600), (5, 4133, 3), (401, 299, 517), (9, 2000, 100), (2, 3, 1100), (260, 1, 300), (1, 260, 300)];
        foreach ((int m, int n, int k) in shapes)
        {
            foreach (Transpose transA in new[] { Transpose.No, Transpose.Yes })
            {
                foreach (Transpose transB in new[] { Transpose.No, Transpose.Yes })
                {
                    CheckGemm(backend, random, transA, transB, m, n, k, alpha: -0.9, beta: 0.35, nanC: false);
                }
            }
        }
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    [InlineData("managed-portable")]
    public void Gemm_BetaZero_IgnoresNaNInC(string backendName)
    {
        ILinearAlgebraBackend backend = Create(backendName);
        var random = new Random(77);
        foreach (Transpose transA in new[] { Transpose.No, Transpose.Yes })
        {
            foreach (Transpose transB in new[] { Transpose.No, Transpose.Yes })
            {
                foreach ((int m, int n, int k) in new[] { (1, 1, 1), (7, 33, 130), (130, 7, 33), (33, 130, 7), (130, 130, 300) })
                {
                    CheckGemm(backend, random, transA, transB, m, n, k, alpha: 1.3, beta: 0.0, nanC: true);
                }
            }
        }
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    public void Gemm_DegenerateScalars_FollowBlasSemantics(string backendName)
    {
        ILinearAlgebraBackend backend = Create(backendName);
        var random = new Random(5);

        // k = 0: C = β·C.
        double[] c = RandomArray(random, 6);
        double[] expected = c.Select(v => 0.5 * v).ToArray();
        backend.Gemm(Transpose.No, Transpose.No, 2, 3, 0, 1.0, [], 1, [], 3, 0.5, c, 3);
        AssertClose(expected, c, 1e-15);

        // α = 0: A and B are not referenced (NaN there must not leak), β = 0 zeroes NaN garbage in C.
        double[] nanA = Enumerable.Repeat(double.NaN, 6).ToArray();
        double[] nanC = Enumerable.Repeat(double.NaN, 4).ToArray();
        backend.Gemm(Transpose.No, Transpose.No, 2, 2, 3, 0.0, nanA, 3, nanA, 2, 0.0, nanC, 2);
        Assert.All(nanC, v => Assert.Equal(0.0, v));

        // m = 0 or n = 0: nothing to do, empty buffers accepted.
        backend.Gemm(Transpose.No, Transpose.No, 0, 3, 2, 1.0, [], 2, RandomArray(random, 6), 3, 0.0, [], 3);
        backend.Gemm(Transpose.Yes, Transpose.Yes, 3, 0, 2, 1.0, RandomArray(random, 6), 3, [], 2, 0.0, Array.Empty<double>(), 1);
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    public void Gemm_BuffersTooShortOrBadLeadingDimension_Throws(string backendName)
    {
        ILinearAlgebraBackend backend = Create(backendName);
        double[] a = new double[12], b = new double[12], c = new double[9];
        backend.Gemm(Transpose.No, Transpose.No, 3, 3, 4, 1.0, a, 4, b, 3, 0.0, c, 3);
        Assert.ThrowsAny<ArgumentException>(() => backend.Gemm(Transpose.No, Transpose.No, 3, 3, 4, 1.0, a.AsSpan(0, 11), 4, b, 3, 0.0, c, 3));
        Assert.ThrowsAny<ArgumentException>(() => backend.Gemm(Transpose.No, Transpose.No, 3, 3, 4, 1.0, a, 3, b, 3, 0.0, c, 3));
        Assert.ThrowsAny<ArgumentException>(() => backend.Gemm(Transpose.No, Transpose.No, 3, 3, 4, 1.0, a, 4, b.AsSpan(0, 11), 3, 0.0, c, 3));
        Assert.ThrowsAny<ArgumentException>(() => backend.Gemm(Transpose.No, Transpose.Yes, 3, 3, 4, 1.0, a, 4, b, 3, 0.0, c, 3));
        Assert.ThrowsAny<ArgumentException>(() => backend.Gemm(Transpose.No, Transpose.No, 3, 3, 4, 1.0, a, 4, b, 3, 0.0, c.AsSpan(0, 8), 3));
        Assert.ThrowsAny<ArgumentException>(() => backend.Gemm(Transpose.No, Transpose.No, 3, 3, 4, 1.0, a, 4, b, 3, 0.0, c, 2));
        Assert.ThrowsAny<ArgumentException>(() => backend.Gemm(Transpose.No, Transpose.No, -1, 3, 4, 1.0, a, 4, b, 3, 0.0, c, 3));
        Assert.ThrowsAny<ArgumentException>(() => backend.SyrkTransposed(3, 4, 1.0, a.AsSpan(0, 11), 3, 0.0, c, 3));
        Assert.ThrowsAny<ArgumentException>(() => backend.SyrkTransposed(3, 4, 1.0, a, 3, 0.0, c.AsSpan(0, 8), 3));
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    [InlineData("managed-portable")]
    public void SyrkTransposed_UpperTriangleIsGram_LowerUntouched(string backendName)
    {
        ILinearAlgebraBackend backend = Create(backendName);
        var random = new Random(4321);
        foreach (int n in new[] { 1, 7, 33, 130, 301 })
        {
            foreach (int k in new[] { 1, 7, 130, 600 })
            {
                CheckSyrk(backend, random, n, k, alpha: 0.8, beta: -1.4, nanC: false);
                CheckSyrk(backend, random, n, k, alpha: 1.0, beta: 0.0, nanC: true);
            }
        }
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    public void SymmetricEigen_ReconstructsWithOrthonormalVectorsAscending(string backendName)
    {
        ILinearAlgebraBackend backend = Create(backendName);
        var random = new Random(2024);
        foreach (int n in OddSizes)
        {
            double[] a = RandomSymmetric(random, n);
            double[] q = (double[])a.Clone();
            double[] w = new double[n];
            backend.SymmetricEigen(n, q, w);

            for (int i = 1; i < n; i++)
            {
                Assert.True(w[i - 1] <= w[i], $"n={n}: eigenvalues not ascending at {i}");
            }

            // Q·Λ·Qᵀ = A.
            double[] qLambda = new double[n * n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    qLambda[(i * n) + j] = q[(i * n) + j] * w[j];
                }
            }

            double[] reconstructed = NaiveGemm(false, true, n, n, n, qLambda, n, q, n);
            Assert.True(FrobeniusDistance(reconstructed, a) < 1e-10 * Frobenius(a), $"n={n}: QΛQᵀ ≠ A");
            AssertOrthonormalColumns(q, n, n, $"eigen n={n}");
        }
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    public void Cholesky_SolvesPositiveDefiniteSystems(string backendName)
    {
        ILinearAlgebraBackend backend = Create(backendName);
        var random = new Random(31);
        foreach (int n in OddSizes)
        {
            foreach (int nrhs in new[] { 1, 3 })
            {
                double[] g = RandomArray(random, n * n);
                double[] a = NaiveGemm(true, false, n, n, n, g, n, g, n);
                for (int i = 0; i < n; i++)
                {
                    a[(i * n) + i] += 0.1;
                }

                double[] factor = (double[])a.Clone();
                Assert.True(backend.CholeskyFactor(n, factor), $"n={n}: SPD matrix rejected");

                double[] rhs = RandomArray(random, n * nrhs);
                double[] x = (double[])rhs.Clone();
                backend.CholeskySolve(n, nrhs, factor, x);

                double[] ax = NaiveGemm(false, false, n, nrhs, n, a, n, x, nrhs);
                Assert.True(FrobeniusDistance(ax, rhs) < 1e-10 * Frobenius(rhs), $"n={n}, nrhs={nrhs}: residual too large");
            }
        }
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    public void CholeskyFactor_NotPositiveDefinite_ReturnsFalse(string backendName)
    {
        ILinearAlgebraBackend backend = Create(backendName);
        Assert.False(backend.CholeskyFactor(2, new[] { 1.0, 2.0, 2.0, 1.0 }));
        Assert.False(backend.CholeskyFactor(1, new[] { -1.0 }));
        Assert.False(backend.CholeskyFactor(2, new[] { 0.0, 0.0, 0.0, 0.0 }));

        // A random symmetric matrix shifted so that its smallest eigenvalue is clearly negative.
        var random = new Random(8);
        const int n = 33;
        double[] a = RandomSymmetric(random, n);
        double[] q = (double[])a.Clone();
        double[] w = new double[n];
        backend.SymmetricEigen(n, q, w);
        for (int i = 0; i < n; i++)
        {
            a[(i * n) + i] -= w[0] + 0.5; // the smallest eigenvalue becomes −0.5, the others stay ≥ −0.5
        }

        Assert.False(backend.CholeskyFactor(n, a));
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    public void Svd_TallWideAndSquare_ReconstructsWithOrthonormalFactors(string backendName)
    {
        ILinearAlgebraBackend backend = Create(backendName);
        var random = new Random(555);
        (int M, int N)[] shapes = [(1, 1), (1, 5), (5, 1), (7, 3), (3, 7), (33, 33), (130, 33), (33, 130), (130, 129), (7, 130)];
        foreach ((int m, int n) in shapes)
        {
            int r = Math.Min(m, n);
            double[] a = RandomArray(random, m * n);
            double[] original = (double[])a.Clone();
            double[] u = new double[m * r], s = new double[r], vt = new double[r * n];
            backend.Svd(m, n, a, u, s, vt);

            Assert.Equal(original, a);
            for (int i = 0; i < r; i++)
            {
                Assert.True(s[i] >= 0, $"{m}×{n}: negative singular value");
                Assert.True(i == 0 || s[i - 1] >= s[i], $"{m}×{n}: singular values not descending at {i}");
            }

            double[] us = new double[m * r];
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < r; j++)
                {
                    us[(i * r) + j] = u[(i * r) + j] * s[j];
                }
            }

            double[] reconstructed = NaiveGemm(false, false, m, n, r, us, r, vt, n);
            Assert.True(FrobeniusDistance(reconstructed, a) < 1e-10 * Frobenius(a), $"{m}×{n}: UΣVᵀ ≠ A");
            AssertOrthonormalColumns(u, m, r, $"U of {m}×{n}");
            AssertOrthonormalColumns(Transposed(vt, r, n), n, r, $"V of {m}×{n}");
        }
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    public void Lu_SolvesRowsOfSquareSystemsAndEstimatesTheCondition(string backendName)
    {
        ILinearAlgebraBackend backend = Create(backendName);
        var random = new Random(404);
        foreach (int n in OddSizes)
        {
            foreach (int rows in new[] { 1, 5 })
            {
                double[] a = RandomArray(random, n * n);
                double[] factor = (double[])a.Clone();
                int[] pivots = new int[n];
                double rcond = backend.LuFactor(n, factor, pivots);
                Assert.InRange(rcond, 1e-8, 1.0);

                // The estimate is within a factor n of the true 1/(‖A‖₁‖A⁻¹‖₁) (dgecon's promise is ~3).
                double exact = 1.0 / (OneNorm(a, n, n) * OneNorm(Inverse(backend, factor, pivots, n), n, n));
                Assert.InRange(rcond / exact, 0.999, n + 1.0);

                double[] b = RandomArray(random, rows * n);
                double[] x = (double[])b.Clone();
                backend.LuSolveRows(n, rows, factor, pivots, x);

                // Rows solve A xᵢ = bᵢ, i.e. X Aᵀ = B.
                double[] xat = NaiveGemm(false, true, rows, n, n, x, n, a, n);
                Assert.True(FrobeniusDistance(xat, b) < 1e-10 * Frobenius(b) * n, $"n={n}, rows={rows}: X Aᵀ ≠ B");
            }
        }
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    public void Lu_SingularOrIllConditionedMatrices_ReportTinyReciprocalCondition(string backendName)
    {
        ILinearAlgebraBackend backend = Create(backendName);
        Assert.Equal(0.0, backend.LuFactor(2, new[] { 0.0, 0.0, 0.0, 0.0 }, new int[2]));
        Assert.Equal(0.0, backend.LuFactor(2, new[] { 1.0, double.NaN, 0.0, 1.0 }, new int[2]));

        // Rank 32 of 33: one row a combination of two others. Rounding makes the pivot tiny rather than zero.
        var random = new Random(5);
        const int n = 33;
        double[] a = RandomArray(random, n * n);
        for (int j = 0; j < n; j++)
        {
            a[(7 * n) + j] = (0.3 * a[j]) - (1.7 * a[(2 * n) + j]);
        }

        Assert.True(backend.LuFactor(n, a, new int[n]) < 1e-14, "a rank-deficient matrix looked well conditioned");
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    public void ThinQr_ReconstructsWithOrthonormalQAndUpperR(string backendName)
    {
        ILinearAlgebraBackend backend = Create(backendName);
        var random = new Random(77);
        (int M, int N)[] shapes = [(1, 1), (5, 1), (7, 3), (33, 33), (130, 33), (130, 129)];
        foreach ((int m, int n) in shapes)
        {
            double[] a = RandomArray(random, m * n);
            double[] original = (double[])a.Clone();
            double[] q = new double[m * n], r = new double[n * n];
            Array.Fill(r, Sentinel);
            double rcond = backend.ThinQr(m, n, a, q, r);

            Assert.Equal(original, a);
            Assert.InRange(rcond, 1e-8, 1.0);
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    Assert.Equal(0.0, r[(i * n) + j]);
                }
            }

            double[] reconstructed = NaiveGemm(false, false, m, n, n, q, n, r, n);
            Assert.True(FrobeniusDistance(reconstructed, a) < 1e-12 * Frobenius(a) * m, $"{m}×{n}: QR ≠ A");
            AssertOrthonormalColumns(q, m, n, $"Q of {m}×{n}");
        }

        Assert.Throws<ArgumentException>(() => backend.ThinQr(3, 5, new double[15], new double[15], new double[25]));
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    public void TriangularSolveRight_BothOrientations_InvertTheProduct(string backendName)
    {
        ILinearAlgebraBackend backend = Create(backendName);
        var random = new Random(12);
        foreach (int n in OddSizes)
        {
            const int rows = 4;
            double[] u = RandomArray(random, n * n);
            for (int i = 0; i < n; i++)
            {
                u[(i * n) + i] += 3.0 * Math.Sign(u[(i * n) + i] + 0.5); // well away from singular
                for (int j = 0; j < i; j++)
                {
                    u[(i * n) + j] = double.NaN; // never read
                }
            }

            double[] clean = (double[])u.Clone();
            for (int i = 0; i < n; i++)
            {
                Array.Clear(clean, i * n, i);
            }

            foreach (Transpose trans in new[] { Transpose.No, Transpose.Yes })
            {
                double[] b = RandomArray(random, rows * n);
                double[] y = (double[])b.Clone();
                backend.TriangularSolveRight(trans, n, rows, u, y);
                double[] back = NaiveGemm(false, trans == Transpose.Yes, rows, n, n, y, n, clean, n);
                Assert.True(FrobeniusDistance(back, b) < 1e-11 * Frobenius(b) * n, $"n={n}, {trans}: Y·op(U) ≠ B");
            }
        }
    }

    [Theory]
    [InlineData("managed")]
    [InlineData("openblas")]
    public void Tridiagonal_ReconstructsTheMatrixWithAnOrthogonalQ(string backendName)
    {
        ILinearAlgebraBackend backend = Create(backendName);
        var random = new Random(90);
        foreach (int n in new[] { 1, 2, 3, 7, 33, 300 })
        {
            double[] a = RandomSymmetric(random, n);
            double[] reflectors = (double[])a.Clone();
            double[] d = new double[n], e = new double[Math.Max(0, n - 1)], tau = new double[Math.Max(0, n - 1)];
            backend.TridiagonalReduce(n, reflectors, d, e, tau);

            double[] q = new double[n * n];
            for (int i = 0; i < n; i++)
            {
                q[(i * n) + i] = 1.0;
            }

            backend.TridiagonalApplyQ(Transpose.No, n, n, reflectors, tau, q);
            AssertOrthonormalColumns(q, n, n, $"Q of order {n}");

            double[] t = new double[n * n];
            for (int i = 0; i < n; i++)
            {
                t[(i * n) + i] = d[i];
                if (i + 1 < n)
                {
                    t[(i * n) + i + 1] = e[i];
                    t[((i + 1) * n) + i] = e[i];
                }
            }

            double[] qt = NaiveGemm(false, false, n, n, n, q, n, t, n);
            double[] qtq = NaiveGemm(false, true, n, n, n, qt, n, q, n);
            Assert.True(FrobeniusDistance(qtq, a) < 1e-12 * Frobenius(a) * n, $"n={n}: Q T Qᵀ ≠ A");

            // Qᵀ B agrees with the explicit Q, for a B of several columns.
            const int columns = 5;
            double[] b = RandomArray(random, n * columns);
            double[] qtb = (double[])b.Clone();
            backend.TridiagonalApplyQ(Transpose.Yes, n, columns, reflectors, tau, qtb);
            double[] expected = NaiveGemm(true, false, n, columns, n, q, n, b, columns);
            Assert.True(FrobeniusDistance(qtb, expected) < 1e-12 * Frobenius(b) * n, $"n={n}: Qᵀ B wrong");
        }
    }

    private static double OneNorm(double[] a, int rows, int cols)
    {
        double best = 0;
        for (int j = 0; j < cols; j++)
        {
            double sum = 0;
            for (int i = 0; i < rows; i++)
            {
                sum += Math.Abs(a[(i * cols) + j]);
            }

            best = Math.Max(best, sum);
        }

        return best;
    }

    /// <summary>A⁻¹ from the backend's own LU solve (rows of the identity give the rows of A⁻ᵀ, transposed back).</summary>
    private static double[] Inverse(ILinearAlgebraBackend backend, double[] factor, int[] pivots, int n)
    {
        double[] identity = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            identity[(i * n) + i] = 1.0;
        }

        backend.LuSolveRows(n, n, factor, pivots, identity);
        return Transposed(identity, n, n);
    }

    private static ILinearAlgebraBackend Create(string name) => name switch
    {
        "managed" => new ManagedBackend(),
        "managed-portable" => new ManagedBackend(GemmKernelKind.Portable),
        "openblas" => Backends.Get("openblas"),
        _ => throw new ArgumentException($"unknown backend '{name}'", nameof(name)),
    };

    private static void CheckGemm(ILinearAlgebraBackend backend, Random random, Transpose transA, Transpose transB,
        int m, int n, int k, double alpha, double beta, bool nanC)
    {
        bool ta = transA == Transpose.Yes, tb = transB == Transpose.Yes;
        (int aRows, int aCols) = ta ? (k, m) : (m, k);
        (int bRows, int bCols) = tb ? (n, k) : (k, n);
        int lda = aCols + 3, ldb = bCols + 1, ldc = n + 2;
        double[] a = RandomPadded(random, aRows, aCols, lda);
        double[] b = RandomPadded(random, bRows, bCols, ldb);
        double[] c = RandomPadded(random, m, n, ldc);
        if (nanC)
        {
            for (int i = 0; i < m; i++)
            {
                Array.Fill(c, double.NaN, i * ldc, n);
            }
        }

        double[] product = NaiveGemm(ta, tb, m, n, k, a, lda, b, ldb);
        double[] expected = (double[])c.Clone();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double old = beta == 0 ? 0 : beta * c[(i * ldc) + j];
                expected[(i * ldc) + j] = (alpha * product[(i * n) + j]) + old;
            }
        }

        backend.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        string what = $"gemm {transA}/{transB} m={m} n={n} k={k} β={beta}";
        AssertClose(expected, c, 1e-12 * Math.Max(1, k), what);
    }

    private static void CheckSyrk(ILinearAlgebraBackend backend, Random random, int n, int k, double alpha, double beta, bool nanC)
    {
        int lda = n + 3, ldc = n + 1;
        double[] a = RandomPadded(random, k, n, lda);
        double[] c = RandomPadded(random, n, n, ldc);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                c[(i * ldc) + j] = Sentinel + i - j; // strictly lower: must survive unchanged
            }

            if (nanC)
            {
                Array.Fill(c, double.NaN, (i * ldc) + i, n - i);
            }
        }

        double[] gram = NaiveGemm(true, false, n, n, k, a, lda, a, lda);
        double[] expected = (double[])c.Clone();
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                double old = beta == 0 ? 0 : beta * c[(i * ldc) + j];
                expected[(i * ldc) + j] = (alpha * gram[(i * n) + j]) + old;
            }
        }

        backend.SyrkTransposed(n, k, alpha, a, lda, beta, c, ldc);
        AssertClose(expected, c, 1e-12 * Math.Max(1, k), $"syrk n={n} k={k} β={beta}");
    }

    /// <summary>op(A)·op(B) (m×n, dense row-major) by the textbook triple loop.</summary>
    private static double[] NaiveGemm(bool transA, bool transB, int m, int n, int k, double[] a, int lda, double[] b, int ldb)
    {
        double[] result = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = transA ? a[(p * lda) + i] : a[(i * lda) + p];
                    double y = transB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += x * y;
                }

                result[(i * n) + j] = sum;
            }
        }

        return result;
    }

    /// <summary>Random rows×cols matrix in [-1, 1) with row stride ld; the padding holds a sentinel.</summary>
    private static double[] RandomPadded(Random random, int rows, int cols, int ld)
    {
        double[] data = new double[rows * ld];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < ld; j++)
            {
                data[(i * ld) + j] = j < cols ? (2 * random.NextDouble()) - 1 : Sentinel;
            }
        }

        return data;
    }

    private static double[] RandomArray(Random random, int length) => RandomPadded(random, 1, length, length);

    private static double[] RandomSymmetric(Random random, int n)
    {
        double[] a = RandomArray(random, n * n);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double mean = 0.5 * (a[(i * n) + j] + a[(j * n) + i]);
                a[(i * n) + j] = mean;
                a[(j * n) + i] = mean;
            }
        }

        return a;
    }

    private static double[] Transposed(double[] a, int rows, int cols)
    {
        double[] t = new double[rows * cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                t[(j * rows) + i] = a[(i * cols) + j];
            }
        }

        return t;
    }

    /// <summary>Asserts QᵀQ = I for the rows×cols row-major Q.</summary>
    private static void AssertOrthonormalColumns(double[] q, int rows, int cols, string what)
    {
        double[] gram = NaiveGemm(true, false, cols, cols, rows, q, cols, q, cols);
        for (int i = 0; i < cols; i++)
        {
            gram[(i * cols) + i] -= 1.0;
        }

        Assert.True(Frobenius(gram) < 1e-10 * Math.Max(1, cols), $"{what}: columns not orthonormal (‖QᵀQ − I‖ = {Frobenius(gram)})");
    }

    private static double Frobenius(double[] a) => Math.Sqrt(a.Sum(v => v * v));

    private static double FrobeniusDistance(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Element-wise comparison; sentinel padding and NaN must match exactly.</summary>
    private static void AssertClose(double[] expected, double[] actual, double tolerance, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], x = actual[i];
            bool ok = double.IsNaN(e) ? double.IsNaN(x) : Math.Abs(e - x) <= tolerance * (1 + Math.Abs(e));
            if (!ok)
            {
                Assert.Fail($"{what}: element {i} is {x}, expected {e}");
            }
        }
    }
}
