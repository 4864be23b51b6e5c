using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KrrDistill.LinearAlgebra.Managed;

/// <summary>
/// AVX-512 GEMM micro-kernel: a 12×16 register tile held in 24 <see cref="Vector512{T}"/> accumulators
/// (of the 32 zmm registers), updated by one broadcast of A and two 8-wide loads of B per step of the
/// depth. Only used when <see cref="Vector512.IsHardwareAccelerated"/>, which implies hardware FMA.
/// </summary>
internal readonly unsafe struct Vector512MicroKernel : IGemmMicroKernel
{
    /// <inheritdoc/>
    public static int Mr => 12;

    /// <inheritdoc/>
    public static int Nr => 16;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(int kc, double* a, double* b, double* c, nint ldc, double alpha, double beta)
    {
        Vector512<double> lo00 = Vector512<double>.Zero, hi00 = Vector512<double>.Zero;
        Vector512<double> lo01 = Vector512<double>.Zero, hi01 = Vector512<double>.Zero;
        Vector512<double> lo02 = Vector512<double>.Zero, hi02 = Vector512<double>.Zero;
        Vector512<double> lo03 = Vector512<double>.Zero, hi03 = Vector512<double>.Zero;
        Vector512<double> lo04 = Vector512<double>.Zero, hi04 = Vector512<double>.Zero;
        Vector512<double> lo05 = Vector512<double>.Zero, hi05 = Vector512<double>.Zero;
        Vector512<double> lo06 = Vector512<double>.Zero, hi06 = Vector512<double>.Zero;
        Vector512<double> lo07 = Vector512<double>.Zero, hi07 = Vector512<double>.Zero;
        Vector512<double> lo08 = Vector512<double>.Zero, hi08 = Vector512<double>.Zero;
        Vector512<double> lo09 = Vector512<double>.Zero, hi09 = Vector512<double>.Zero;
        Vector512<double> lo10 = Vector512<double>.Zero, hi10 = Vector512<double>.Zero;
        Vector512<double> lo11 = Vector512<double>.Zero, hi11 = Vector512<double>.Zero;

        for (int p = 0; p < kc; p++)
        {
            Vector512<double> b0 = Vector512.Load(b);
            Vector512<double> b1 = Vector512.Load(b + 8);
            Vector512<double> a00 = Vector512.Create(a[0]);
            lo00 = Vector512.FusedMultiplyAdd(a00, b0, lo00);
            hi00 = Vector512.FusedMultiplyAdd(a00, b1, hi00);
            Vector512<double> a01 = Vector512.Create(a[1]);
            lo01 = Vector512.FusedMultiplyAdd(a01, b0, lo01);
            hi01 = Vector512.FusedMultiplyAdd(a01, b1, hi01);
            Vector512<double> a02 = Vector512.Create(a[2]);
            lo02 = Vector512.FusedMultiplyAdd(a02, b0, lo02);
            hi02 = Vector512.FusedMultiplyAdd(a02, b1, hi02);
            Vector512<double> a03 = Vector512.Create(a[3]);
            lo03 = Vector512.FusedMultiplyAdd(a03, b0, lo03);
            hi03 = Vector512.FusedMultiplyAdd(a03, b1, hi03);
            Vector512<double> a04 = Vector512.Create(a[4]);
            lo04 = Vector512.FusedMultiplyAdd(a04, b0, lo04);
            hi04 = Vector512.FusedMultiplyAdd(a04, b1, hi04);
            Vector512<double> a05 = Vector512.Create(a[5]);
            lo05 = Vector512.FusedMultiplyAdd(a05, b0, lo05);
            hi05 = Vector512.FusedMultiplyAdd(a05, b1, hi05);
            Vector512<double> a06 = Vector512.Create(a[6]);
            lo06 = Vector512.FusedMultiplyAdd(a06, b0, lo06);
            hi06 = Vector512.FusedMultiplyAdd(a06, b1, hi06);
            Vector512<double> a07 = Vector512.Create(a[7]);
            lo07 = Vector512.FusedMultiplyAdd(a07, b0, lo07);
            hi07 = Vector512.FusedMultiplyAdd(a07, b1, hi07);
            Vector512<double> a08 = Vector512.Create(a[8]);
            lo08 = Vector512.FusedMultiplyAdd(a08, b0, lo08);
            hi08 = Vector512.FusedMultiplyAdd(a08, b1, hi08);
            Vector512<double> a09 = Vector512.Create(a[9]);
            lo09 = Vector512.FusedMultiplyAdd(a09, b0, lo09);
            hi09 = Vector512.FusedMultiplyAdd(a09, b1, hi09);
            Vector512<double> a10 = Vector512.Create(a[10]);
            lo10 = Vector512.FusedMultiplyAdd(a10, b0, lo10);
            hi10 = Vector512.FusedMultiplyAdd(a10, b1, hi10);
            Vector512<double> a11 = Vector512.Create(a[11]);
            lo11 = Vector512.FusedMultiplyAdd(a11, b0, lo11);
            hi11 = Vector512.FusedMultiplyAdd(a11, b1, hi11);
            a += 12;
            b += Nr;
        }

        StoreRow(c, alpha, beta, lo00, hi00);
        StoreRow(c + ldc, alpha, beta, lo01, hi01);
        StoreRow(c + (2 * ldc), alpha, beta, lo02, hi02);
        StoreRow(c + (3 * ldc), alpha, beta, lo03, hi03);
        StoreRow(c + (4 * ldc), alpha, beta, lo04, hi04);
        StoreRow(c + (5 * ldc), alpha, beta, lo05, hi05);
        StoreRow(c + (6 * ldc), alpha, beta, lo06, hi06);
        StoreRow(c + (7 * ldc), alpha, beta, lo07, hi07);
        StoreRow(c + (8 * ldc), alpha, beta, lo08, hi08);
        StoreRow(c + (9 * ldc), alpha, beta, lo09, hi09);
        StoreRow(c + (10 * ldc), alpha, beta, lo10, hi10);
        StoreRow(c + (11 * ldc), alpha, beta, lo11, hi11);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(double* c, double alpha, double beta, Vector512<double> lo, Vector512<double> hi)
    {
        Vector512<double> va = Vector512.Create(alpha);
        if (beta == 0)
        {
            Vector512.Store(va * lo, c);
            Vector512.Store(va * hi, c + 8);
        }
        else if (beta == 1)
        {
            Vector512.Store(Vector512.FusedMultiplyAdd(va, lo, Vector512.Load(c)), c);
            Vector512.Store(Vector512.FusedMultiplyAdd(va, hi, Vector512.Load(c + 8)), c + 8);
        }
        else
        {
            Vector512<double> vb = Vector512.Create(beta);
            Vector512.Store(Vector512.FusedMultiplyAdd(va, lo, vb * Vector512.Load(c)), c);
            Vector512.Store(Vector512.FusedMultiplyAdd(va, hi, vb * Vector512.Load(c + 8)), c + 8);
        }
    }
}
