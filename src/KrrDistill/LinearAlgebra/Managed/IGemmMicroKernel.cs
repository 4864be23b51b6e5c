namespace KrrDistill.LinearAlgebra.Managed;

/// <summary>
/// A register-blocked GEMM micro-kernel: multiplies one packed Mr×kc sliver of op(A) by one packed
/// kc×Nr sliver of op(B) and merges the Mr×Nr product into C. Implemented by structs so that the
/// generic driver is specialized (and the kernel inlined) per kernel.
/// </summary>
internal unsafe interface IGemmMicroKernel
{
    /// <summary>Rows of the register tile (rows of op(A) per packed sliver).</summary>
    static abstract int Mr { get; }

    /// <summary>Columns of the register tile (columns of op(B) per packed sliver).</summary>
    static abstract int Nr { get; }

    /// <summary>
    /// C[0..Mr, 0..Nr] = α·Σₚ a[p·Mr + i]·b[p·Nr + j] + β·C, where β = 0 writes C without reading it
    /// (NaN garbage is ignored) and β = 1 accumulates.
    /// </summary>
    /// <param name="kc">Depth of the packed slivers.</param>
    /// <param name="a">Packed A sliver: kc groups of Mr consecutive row values.</param>
    /// <param name="b">Packed B sliver: kc groups of Nr consecutive column values.</param>
    /// <param name="c">Top-left element of the full Mr×Nr destination tile.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="beta">Scale of the existing C.</param>
    static abstract void Compute(int kc, double* a, double* b, double* c, nint ldc, double alpha, double beta);
}
