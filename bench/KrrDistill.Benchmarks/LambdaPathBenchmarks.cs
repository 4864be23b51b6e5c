using BenchmarkDotNet.Attributes;
using KrrDistill.LinearAlgebra;
using KrrDistill.LinearAlgebra.OpenBlas;

namespace KrrDistill.Benchmarks;

/// <summary>
/// The factorization work of the λ path for a Gram matrix G = ΦᵀΦ of order p = 784 (MNIST) and 3,072 (CIFAR), from
/// 6,000 random feature rows, on OpenBLAS: the symmetric eigendecomposition by divide and conquer (<c>dsyevd</c>, the
/// route before), by relatively robust representations (<c>dsyevr</c>), one Cholesky factorization per value of the
/// paper's 24-value grid (<c>dpotrf</c>), and the reduction to tridiagonal form alone (<c>dsytrd</c>), which is the
/// first half of both eigensolvers. Each includes the copy of G it destroys.
/// </summary>
[Config(typeof(ThroughputConfig))]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public unsafe class LambdaPathBenchmarks
{
    private double[] _gram = [];
    private double[] _work = [];
    private double[] _values = [];
    private ILinearAlgebraBackend? _backend;

    /// <summary>p, the order of G.</summary>
    [Params(784, 3072)]
    public int P { get; set; }

    /// <summary>Builds a seeded Gram matrix.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _backend = LinearAlgebraBackends.Create("openblas");
        var random = new Random(7);
        const int rows = 6000;
        double[] phi = new double[rows * P];
        for (int i = 0; i < phi.Length; i++)
        {
            phi[i] = random.NextDouble() - 0.3;
        }

        _gram = new double[P * P];
        _backend.Gemm(Transpose.Yes, Transpose.No, P, P, rows, 1.0, phi, P, phi, P, 0.0, _gram, P);
        _work = new double[P * P];
        _values = new double[P];
    }

    /// <summary>dsyevd: all eigenpairs by divide and conquer (what the λ path used before).</summary>
    [Benchmark(Baseline = true)]
    public double Dsyevd()
    {
        _gram.CopyTo(_work, 0);
        _backend!.SymmetricEigen(P, _work, _values);
        return _values[^1];
    }

    /// <summary>dsyevr: all eigenpairs by the MRRR algorithm.</summary>
    [Benchmark]
    public double Dsyevr()
    {
        _gram.CopyTo(_work, 0);
        int n = P, lda = P, ldz = P, il = 0, iu = 0, found = 0, info = 0, lwork = -1, liwork = -1, iworkQuery = 0;
        double vl = 0, vu = 0, abstol = 0, workQuery = 0;
        byte jobz = (byte)'V', range = (byte)'A', uplo = (byte)'U';
        double[] z = new double[n * n];
        int[] support = new int[2 * n];
        fixed (double* pa = _work)
        fixed (double* pw = _values)
        fixed (double* pz = z)
        fixed (int* ps = support)
        {
            OpenBlasNative.Dsyevr(&jobz, &range, &uplo, &n, pa, &lda, &vl, &vu, &il, &iu, &abstol, &found, pw, pz, &ldz, ps,
                &workQuery, &lwork, &iworkQuery, &liwork, &info, 1, 1, 1);
            lwork = (int)workQuery;
            liwork = iworkQuery;
            double[] work = new double[lwork];
            int[] iwork = new int[liwork];
            fixed (double* pwork = work)
            fixed (int* piwork = iwork)
            {
                OpenBlasNative.Dsyevr(&jobz, &range, &uplo, &n, pa, &lda, &vl, &vu, &il, &iu, &abstol, &found, pw, pz, &ldz, ps,
                    pwork, &lwork, piwork, &liwork, &info, 1, 1, 1);
            }
        }

        return _values[^1];
    }

    /// <summary>One Cholesky factorization of G + λI per value of the 24-value grid.</summary>
    [Benchmark]
    public double CholeskyPerLambda()
    {
        double last = 0;
        for (int i = 0; i < 24; i++)
        {
            double lambda = Math.Pow(10, -6 + (0.5 * i));
            _gram.CopyTo(_work, 0);
            for (int j = 0; j < P; j++)
            {
                _work[(j * P) + j] += lambda;
            }

            _backend!.CholeskyFactor(P, _work);
            last = _work[0];
        }

        return last;
    }

    /// <summary>dsytrd: G = Q T Qᵀ with T tridiagonal, Q kept as reflectors.</summary>
    [Benchmark]
    public double Dsytrd()
    {
        _gram.CopyTo(_work, 0);
        int n = P, lda = P, info = 0, lwork = -1;
        double workQuery = 0;
        byte uplo = (byte)'U';
        double[] e = new double[n], tau = new double[n];
        fixed (double* pa = _work)
        fixed (double* pd = _values)
        fixed (double* pe = e)
        fixed (double* pt = tau)
        {
            OpenBlasNative.Dsytrd(&uplo, &n, pa, &lda, pd, pe, pt, &workQuery, &lwork, &info, 1);
            lwork = (int)workQuery;
            double[] work = new double[lwork];
            fixed (double* pw = work)
            {
                OpenBlasNative.Dsytrd(&uplo, &n, pa, &lda, pd, pe, pt, pw, &lwork, &info, 1);
            }
        }

        return _values[0];
    }
}
