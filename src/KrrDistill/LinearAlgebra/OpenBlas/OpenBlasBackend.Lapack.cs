namespace KrrDistill.LinearAlgebra.OpenBlas;

/// <summary>The factorizations of <see cref="OpenBlasBackend"/>: LAPACK's eigen, tridiagonal, Cholesky, LU, QR and SVD routines.</summary>
internal sealed unsafe partial class OpenBlasBackend
{
    /// <inheritdoc/>
    public void SymmetricEigen(int n, Span<double> a, Span<double> eigenvalues)
    {
        FactorizationChecks.Square(n, a.Length, eigenvalues.Length);
        if (n == 0)
        {
            return;
        }

        byte jobz = (byte)'V', uplo = (byte)'U';
        int lda = n, info = 0, lwork = -1, liwork = -1, iworkQuery = 0;
        double workQuery = 0;
        fixed (double* pa = a)
        fixed (double* pw = eigenvalues)
        {
            OpenBlasNative.Dsyevd(&jobz, &uplo, &n, pa, &lda, pw, &workQuery, &lwork, &iworkQuery, &liwork, &info, 1, 1);
            lwork = (int)workQuery;
            liwork = iworkQuery;
            double[] work = Diagnostics.LargeBuffers.Doubles(lwork);
            int[] iwork = new int[liwork];
            fixed (double* pwork = work)
            fixed (int* piwork = iwork)
            {
                OpenBlasNative.Dsyevd(&jobz, &uplo, &n, pa, &lda, pw, pwork, &lwork, piwork, &liwork, &info, 1, 1);
            }
        }

        if (info != 0)
        {
            throw new ArithmeticException($"dsyevd failed to converge (info = {info}).");
        }

        // LAPACK stored eigenvectors as columns in column-major order, i.e. as rows of our row-major buffer.
        TransposeInPlace(n, a);
    }

    /// <inheritdoc/>
    public void TridiagonalReduce(int n, Span<double> a, Span<double> diagonal, Span<double> offDiagonal, Span<double> tau)
    {
        FactorizationChecks.Tridiagonal(n, a.Length, diagonal.Length, offDiagonal.Length, tau.Length);

        if (n == 0)
        {
            return;
        }

        // Symmetric: row-major A is the same column-major matrix, so the upper triangle LAPACK reads is ours.
        byte uplo = (byte)'U';
        int lda = n, info = 0, lwork = -1;
        double query = 0;
        double[] e = new double[Math.Max(1, n - 1)], t = new double[Math.Max(1, n - 1)];
        fixed (double* pa = a)
        fixed (double* pd = diagonal)
        fixed (double* pe = e)
        fixed (double* pt = t)
        {
            OpenBlasNative.Dsytrd(&uplo, &n, pa, &lda, pd, pe, pt, &query, &lwork, &info, 1);
            lwork = Math.Max(1, (int)query);
            double[] work = new double[lwork];
            fixed (double* pw = work)
            {
                OpenBlasNative.Dsytrd(&uplo, &n, pa, &lda, pd, pe, pt, pw, &lwork, &info, 1);
            }
        }

        if (info != 0)
        {
            throw new ArgumentException($"dsytrd rejected argument {-info}.");
        }

        e.AsSpan(0, n - 1).CopyTo(offDiagonal);
        t.AsSpan(0, n - 1).CopyTo(tau);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Row-major B (n×c) is column-major Bᵀ (c×n), so Qᵀ B = (Bᵀ Q)ᵀ is <c>dormtr</c> from the right without
    /// transposition, and Q B = (Bᵀ Qᵀ)ᵀ from the right with it.
    /// </remarks>
    public void TridiagonalApplyQ(Transpose transQ, int n, int columns, ReadOnlySpan<double> reflectors, ReadOnlySpan<double> tau, Span<double> b)
    {
        FactorizationChecks.ApplyTridiagonalQ(n, columns, reflectors.Length, tau.Length, b.Length);

        if (n <= 1 || columns == 0)
        {
            return;
        }

        byte side = (byte)'R', uplo = (byte)'U', trans = transQ == Transpose.Yes ? (byte)'N' : (byte)'T';
        int m = columns, order = n, lda = n, ldc = columns, info = 0, lwork = -1;
        double query = 0;
        double[] t = tau[..(n - 1)].ToArray();
        fixed (double* pa = reflectors)
        fixed (double* pt = t)
        fixed (double* pb = b)
        {
            OpenBlasNative.Dormtr(&side, &uplo, &trans, &m, &order, pa, &lda, pt, pb, &ldc, &query, &lwork, &info, 1, 1, 1);
            lwork = Math.Max(1, (int)query);
            double[] work = new double[lwork];
            fixed (double* pw = work)
            {
                OpenBlasNative.Dormtr(&side, &uplo, &trans, &m, &order, pa, &lda, pt, pb, &ldc, pw, &lwork, &info, 1, 1, 1);
            }
        }

        if (info != 0)
        {
            throw new ArgumentException($"dormtr rejected argument {-info}.");
        }
    }

    /// <inheritdoc/>
    public bool CholeskyFactor(int n, Span<double> a)
    {
        FactorizationChecks.Square(n, a.Length, n);
        if (n == 0)
        {
            return true;
        }

        byte uplo = (byte)'U';
        int lda = n, info = 0;
        fixed (double* pa = a)
        {
            OpenBlasNative.Dpotrf(&uplo, &n, pa, &lda, &info, 1);
        }

        if (info < 0)
        {
            throw new ArgumentException($"dpotrf rejected argument {-info}.");
        }

        return info == 0;
    }

    /// <inheritdoc/>
    public void CholeskySolve(int n, int nrhs, ReadOnlySpan<double> factor, Span<double> b)
    {
        FactorizationChecks.Square(n, factor.Length, n);
        FactorizationChecks.RightHandSides(n, nrhs, b.Length);

        if (n == 0 || nrhs == 0)
        {
            return;
        }

        // Column-major B is our row-major Bᵀ: transpose into a scratch buffer and back.
        double[] bt = ColumnMajor.From(b, n, nrhs);

        byte uplo = (byte)'U';
        int lda = n, ldb = n, info = 0;
        fixed (double* pa = factor)
        fixed (double* pb = bt)
        {
            OpenBlasNative.Dpotrs(&uplo, &n, &nrhs, pa, &lda, pb, &ldb, &info, 1);
        }

        if (info != 0)
        {
            throw new ArgumentException($"dpotrs rejected argument {-info}.");
        }

        ColumnMajor.CopyBack(bt, n, nrhs, b);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Row-major A is column-major Aᵀ, so <c>dgetrf</c> factors Aᵀ without a copy; κ₁(A) = κ∞(Aᵀ), hence <c>dgecon</c>
    /// with the ∞-norm and ‖Aᵀ‖∞ = ‖A‖₁.
    /// </remarks>
    public double LuFactor(int n, Span<double> a, Span<int> pivots)
    {
        FactorizationChecks.Square(n, a.Length, pivots.Length);
        if (n == 0)
        {
            return 1.0;
        }

        double norm = ConditionEstimate.OneNorm(n, n, a);
        if (!double.IsFinite(norm))
        {
            return 0.0;
        }

        int lda = n, info = 0;
        fixed (double* pa = a)
        fixed (int* pp = pivots)
        {
            OpenBlasNative.Dgetrf(&n, &n, pa, &lda, pp, &info);
            if (info < 0)
            {
                throw new ArgumentException($"dgetrf rejected argument {-info}.");
            }

            if (info > 0 || norm == 0)
            {
                return 0.0;
            }

            byte which = (byte)'I';
            double rcond = 0;
            double[] work = new double[4 * n];
            int[] iwork = new int[n];
            fixed (double* pw = work)
            fixed (int* piw = iwork)
            {
                OpenBlasNative.Dgecon(&which, &n, pa, &lda, &norm, &rcond, pw, piw, &info, 1);
            }

            return info == 0 && double.IsFinite(rcond) ? rcond : 0.0;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The factor is of Aᵀ, so A x = b is <c>dgetrs</c> with 'T'; row-major B (rows×n) is column-major n×rows with the
    /// right-hand sides as columns, exactly what <c>dgetrs</c> takes.
    /// </remarks>
    public void LuSolveRows(int n, int rows, ReadOnlySpan<double> factor, ReadOnlySpan<int> pivots, Span<double> b)
    {
        FactorizationChecks.Square(n, factor.Length, pivots.Length);
        FactorizationChecks.RightHandSides(n, rows, b.Length);

        if (n == 0 || rows == 0)
        {
            return;
        }

        byte trans = (byte)'T';
        int lda = n, ldb = n, info = 0;
        fixed (double* pa = factor)
        fixed (int* pp = pivots)
        fixed (double* pb = b)
        {
            OpenBlasNative.Dgetrs(&trans, &n, &rows, pa, &lda, pp, pb, &ldb, &info, 1);
        }

        if (info != 0)
        {
            throw new ArgumentException($"dgetrs rejected argument {-info}.");
        }
    }

    /// <inheritdoc/>
    public double ThinQr(int m, int n, ReadOnlySpan<double> a, Span<double> q, Span<double> r)
    {
        FactorizationChecks.ThinQr(m, n, a.Length, q.Length, r.Length);

        if (n == 0)
        {
            return 1.0;
        }

        // Column-major copy of A (lda = m): dgeqrf leaves R above the diagonal and the reflectors below.
        double[] work0 = ColumnMajor.From(a, m, n);

        double[] tau = new double[n];
        int lda = m, info = 0, lwork = -1;
        double rcond = 0, queryQr = 0, queryQ = 0;
        fixed (double* pa = work0)
        fixed (double* pt = tau)
        {
            OpenBlasNative.Dgeqrf(&m, &n, pa, &lda, pt, &queryQr, &lwork, &info);
            OpenBlasNative.Dorgqr(&m, &n, &n, pa, &lda, pt, &queryQ, &lwork, &info);
            lwork = (int)Math.Max(queryQr, queryQ);
            double[] work = new double[Math.Max(lwork, 3 * n)];
            int[] iwork = new int[n];
            fixed (double* pw = work)
            fixed (int* piw = iwork)
            {
                OpenBlasNative.Dgeqrf(&m, &n, pa, &lda, pt, pw, &lwork, &info);
                if (info != 0)
                {
                    throw new ArgumentException($"dgeqrf rejected argument {-info}.");
                }

                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        r[(i * n) + j] = j >= i ? work0[(j * m) + i] : 0.0;
                    }
                }

                byte norm = (byte)'1', uplo = (byte)'U', diag = (byte)'N';
                rcond = 0;
                OpenBlasNative.Dtrcon(&norm, &uplo, &diag, &n, pa, &lda, &rcond, pw, piw, &info, 1, 1, 1);
                if (info != 0 || !double.IsFinite(rcond))
                {
                    rcond = 0;
                }

                OpenBlasNative.Dorgqr(&m, &n, &n, pa, &lda, pt, pw, &lwork, &info);
                if (info != 0)
                {
                    throw new ArgumentException($"dorgqr rejected argument {-info}.");
                }
            }
        }

        ColumnMajor.CopyBack(work0, m, n, q);
        return rcond;
    }

    /// <inheritdoc/>
    public void TriangularSolveRight(Transpose transU, int n, int rows, ReadOnlySpan<double> upper, Span<double> b)
    {
        FactorizationChecks.Square(n, upper.Length, n);
        FactorizationChecks.RightHandSides(n, rows, b.Length);

        if (n == 0 || rows == 0)
        {
            return;
        }

        fixed (double* pu = upper)
        fixed (double* pb = b)
        {
            OpenBlasNative.Dtrsm(OpenBlasNative.RowMajor, OpenBlasNative.Right, OpenBlasNative.Upper,
                transU == Transpose.Yes ? OpenBlasNative.Trans : OpenBlasNative.NoTrans, OpenBlasNative.NonUnit,
                rows, n, 1.0, pu, n, pb, n);
        }
    }

    /// <inheritdoc/>
    public void Svd(int m, int n, ReadOnlySpan<double> a, Span<double> u, Span<double> s, Span<double> vt)
    {
        int r = Math.Min(m, n);
        if (a.Length < (long)m * n || u.Length < (long)m * r || s.Length < r || vt.Length < (long)r * n)
        {
            throw new ArgumentException($"SVD buffers too small for a {m}×{n} matrix.");
        }

        if (r == 0)
        {
            return;
        }

        // Row-major A (m×n) is column-major Aᵀ (n×m) = U' S V'ᵀ; then A = V' S U'ᵀ, and column-major
        // U' (n×r) is our row-major Vᵀ (r×n) while column-major V'ᵀ (r×m) is our row-major U (m×r).
        double[] copy = a[..(m * n)].ToArray();
        byte jobz = (byte)'S';
        int lm = n, ln = m, lda = n, ldu = n, ldvt = r, info = 0, lwork = -1;
        double workQuery = 0;
        int[] iwork = new int[8 * r];
        fixed (double* pa = copy)
        fixed (double* ps = s)
        fixed (double* pu = vt)
        fixed (double* pvt = u)
        fixed (int* piwork = iwork)
        {
            OpenBlasNative.Dgesdd(&jobz, &lm, &ln, pa, &lda, ps, pu, &ldu, pvt, &ldvt, &workQuery, &lwork, piwork, &info, 1);
            lwork = (int)workQuery;
            double[] work = new double[lwork];
            fixed (double* pwork = work)
            {
                OpenBlasNative.Dgesdd(&jobz, &lm, &ln, pa, &lda, ps, pu, &ldu, pvt, &ldvt, pwork, &lwork, piwork, &info, 1);
            }
        }

        if (info != 0)
        {
            throw new ArithmeticException($"dgesdd failed (info = {info}).");
        }
    }

    private static void TransposeInPlace(int n, Span<double> a)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                (a[(i * n) + j], a[(j * n) + i]) = (a[(j * n) + i], a[(i * n) + j]);
            }
        }
    }
}
