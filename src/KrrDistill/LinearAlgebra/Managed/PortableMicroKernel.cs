using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace KrrDistill.LinearAlgebra.Managed;

/// <summary>
/// Width-agnostic GEMM micro-kernel on <see cref="Vector{T}"/>: a 6×(2·<see cref="Vector{T}.Count"/>)
/// register tile in 12 accumulators, which fits the 16 vector registers of AVX2 and SSE as well as the
/// 32 of NEON. Uses fused multiply-add where the hardware has it, a separate multiply and add elsewhere.
/// </summary>
internal readonly unsafe struct PortableMicroKernel : IGemmMicroKernel
{
    /// <inheritdoc/>
    public static int Mr => 6;

    /// <inheritdoc/>
    public static int Nr => 2 * Vector<double>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(int kc, double* a, double* b, double* c, nint ldc, double alpha, double beta)
    {
        Vector<double> lo00 = Vector<double>.Zero, hi00 = Vector<double>.Zero;
        Vector<double> lo01 = Vector<double>.Zero, hi01 = Vector<double>.Zero;
        Vector<double> lo02 = Vector<double>.Zero, hi02 = Vector<double>.Zero;
        Vector<double> lo03 = Vector<double>.Zero, hi03 = Vector<double>.Zero;
        Vector<double> lo04 = Vector<double>.Zero, hi04 = Vector<double>.Zero;
        Vector<double> lo05 = Vector<double>.Zero, hi05 = Vector<double>.Zero;

        for (int p = 0; p < kc; p++)
        {
            Vector<double> b0 = Vector.Load(b);
            Vector<double> b1 = Vector.Load(b + Vector<double>.Count);
            Vector<double> a00 = new Vector<double>(a[0]);
            lo00 = MultiplyAdd(a00, b0, lo00);
            hi00 = MultiplyAdd(a00, b1, hi00);
            Vector<double> a01 = new Vector<double>(a[1]);
            lo01 = MultiplyAdd(a01, b0, lo01);
            hi01 = MultiplyAdd(a01, b1, hi01);
            Vector<double> a02 = new Vector<double>(a[2]);
            lo02 = MultiplyAdd(a02, b0, lo02);
            hi02 = MultiplyAdd(a02, b1, hi02);
            Vector<double> a03 = new Vector<double>(a[3]);
            lo03 = MultiplyAdd(a03, b0, lo03);
            hi03 = MultiplyAdd(a03, b1, hi03);
            Vector<double> a04 = new Vector<double>(a[4]);
            lo04 = MultiplyAdd(a04, b0, lo04);
            hi04 = MultiplyAdd(a04, b1, hi04);
            Vector<double> a05 = new Vector<double>(a[5]);
            lo05 = MultiplyAdd(a05, b0, lo05);
            hi05 = MultiplyAdd(a05, b1, hi05);
            a += 6;
            b += Nr;
        }

        StoreRow(c, alpha, beta, lo00, hi00);
        StoreRow(c + ldc, alpha, beta, lo01, hi01);
        StoreRow(c + (2 * ldc), alpha, beta, lo02, hi02);
        StoreRow(c + (3 * ldc), alpha, beta, lo03, hi03);
        StoreRow(c + (4 * ldc), alpha, beta, lo04, hi04);
        StoreRow(c + (5 * ldc), alpha, beta, lo05, hi05);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> MultiplyAdd(Vector<double> x, Vector<double> y, Vector<double> z) =>
        Fma.IsSupported || AdvSimd.Arm64.IsSupported ? Vector.FusedMultiplyAdd(x, y, z) : (x * y) + z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(double* c, double alpha, double beta, Vector<double> lo, Vector<double> hi)
    {
        int w = Vector<double>.Count;
        var va = new Vector<double>(alpha);
        if (beta == 0)
        {
            Vector.Store(va * lo, c);
            Vector.Store(va * hi, c + w);
        }
        else if (beta == 1)
        {
            Vector.Store(MultiplyAdd(va, lo, Vector.Load(c)), c);
            Vector.Store(MultiplyAdd(va, hi, Vector.Load(c + w)), c + w);
        }
        else
        {
            var vb = new Vector<double>(beta);
            Vector.Store(MultiplyAdd(va, lo, vb * Vector.Load(c)), c);
            Vector.Store(MultiplyAdd(va, hi, vb * Vector.Load(c + w)), c + w);
        }
    }
}
