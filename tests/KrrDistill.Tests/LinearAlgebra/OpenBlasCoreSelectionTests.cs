using KrrDistill.LinearAlgebra.OpenBlas;

namespace KrrDistill.Tests.LinearAlgebra;

/// <summary>The CPU flags a NativeAOT build reads to choose OpenBLAS's kernels, as the JIT build's intrinsics would.</summary>
public class OpenBlasCoreSelectionTests
{
    [Fact]
    public void FlagsAreReadFromTheFirstProcessorOfProcCpuinfo()
    {
        const string Text = "processor\t: 0\nmodel name\t: Some CPU\nflags\t\t: fpu sse2 avx2 fma avx512f\nbugs\t\t: spectre\n\nprocessor\t: 1\nflags\t\t: fpu\n";
        IReadOnlySet<string> flags = OpenBlasCoreSelection.CpuFlags(Text);
        Assert.Equal(["avx2", "avx512f", "fma", "fpu", "sse2"], flags.Order(StringComparer.Ordinal));
        Assert.Empty(OpenBlasCoreSelection.CpuFlags(null));
        Assert.Empty(OpenBlasCoreSelection.CpuFlags("processor : 0\n"));
    }

    [Fact]
    public void OnThisMachineTheFlagsAgreeWithTheIntrinsics()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/cpuinfo"))
        {
            Assert.Skip("no /proc/cpuinfo on this machine");
        }

        IReadOnlySet<string> flags = OpenBlasCoreSelection.CpuFlags(File.ReadAllText("/proc/cpuinfo"));
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx2.IsSupported, flags.Contains("avx2"));
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx512F.IsSupported, flags.Contains("avx512f"));
    }
}
