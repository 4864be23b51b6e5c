using System.Runtime.Intrinsics;

namespace KrrDistill.LinearAlgebra.Managed;

/// <summary>Which GEMM micro-kernel the managed backend runs.</summary>
internal enum GemmKernelKind
{
    /// <summary><see cref="Vector512MicroKernel"/> when AVX-512 is accelerated, else <see cref="PortableMicroKernel"/>.</summary>
    Auto,

    /// <summary>The width-agnostic <see cref="System.Numerics.Vector{T}"/> kernel, whatever the hardware.</summary>
    Portable,
}

/// <summary>Resolution of <see cref="GemmKernelKind.Auto"/>.</summary>
internal static class GemmKernelSelection
{
    /// <summary>True when <paramref name="kind"/> runs on <see cref="Vector512MicroKernel"/>.</summary>
    internal static bool UsesVector512(GemmKernelKind kind) =>
        kind == GemmKernelKind.Auto && Vector512.IsHardwareAccelerated;
}
