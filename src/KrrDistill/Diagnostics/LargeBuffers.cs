using System.Buffers;
using System.Runtime.InteropServices;

namespace KrrDistill.Diagnostics;

/// <summary>
/// Large arrays (4 MB and more) whose pages the kernel is asked to back with transparent huge pages
/// (<c>madvise(MADV_HUGEPAGE)</c>, Linux only), as numpy does for its large arrays. The first touch of a fresh 4 KiB
/// page is a page fault; on the virtual machines measured here one costs about 10 µs, so first touching 1 GB costs
/// about 2.5 s of system time, while 2 MiB pages need 512 times fewer faults. The advice is only advice: where THP is
/// off (<c>/sys/kernel/mm/transparent_hugepage/enabled</c> = never), on other systems, or with
/// <c>KRRDISTILL_HUGEPAGES=0</c>, nothing changes. Arrays are ordinary GC arrays (zeroed like <c>new</c>).
/// </summary>
internal static partial class LargeBuffers
{
    private const int MadviseHugePage = 14; // MADV_HUGEPAGE in <asm-generic/mman-common.h>
    private const long HugePageBytes = 2 << 20;
    private const long ThresholdBytes = 4 << 20;

    private static readonly bool Enabled = OperatingSystem.IsLinux()
        && Environment.GetEnvironmentVariable("KRRDISTILL_HUGEPAGES")?.Trim() != "0";

    /// <summary>A zeroed array of <paramref name="length"/> doubles, huge pages advised when it is large.</summary>
    public static double[] Doubles(long length)
    {
        double[] array = new double[length];
        Advise(array);
        return array;
    }

    /// <summary>
    /// An array of exactly <paramref name="length"/> doubles (contents undefined), huge pages advised, for a buffer that
    /// lives as long as one pass over the data. It is not pooled: once the pass drops it, the garbage collector can give its
    /// memory to what comes next (the shared pool would keep a chunk buffer, rounded up to a power of two, for the life of
    /// the process: 2 × 134 MB at CIFAR size, beside everything the distillation holds).
    /// </summary>
    public static double[] ForPass(int length)
    {
        double[] array = GC.AllocateUninitializedArray<double>(length);
        Advise(array);
        return array;
    }

    /// <summary>A rented array of at least <paramref name="length"/> doubles (contents undefined), huge pages advised, for scratch taken per chunk.</summary>
    public static double[] Rent(int length)
    {
        double[] array = ArrayPool<double>.Shared.Rent(length);
        Advise(array);
        return array;
    }

    /// <summary>Advises huge pages for the whole 2 MiB pages inside <paramref name="array"/>; a no-op for small arrays.</summary>
    public static unsafe void Advise<T>(T[] array)
        where T : unmanaged
    {
        long bytes = (long)array.Length * sizeof(T);
        if (!Enabled || bytes < ThresholdBytes)
        {
            return;
        }

        // Large arrays live on the large object heap, which is not compacted unless asked: the address stays. Were it
        // ever to move, the advice would merely apply to memory the GC reuses, which is harmless.
        fixed (T* p = array)
        {
            long begin = ((long)p + HugePageBytes - 1) & ~(HugePageBytes - 1);
            long end = ((long)p + bytes) & ~(HugePageBytes - 1);
            if (end > begin)
            {
                _ = Madvise((nint)begin, (nuint)(end - begin), MadviseHugePage); // failure only means no huge pages
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
