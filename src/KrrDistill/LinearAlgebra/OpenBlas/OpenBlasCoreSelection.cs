using System.Runtime.Intrinsics.X86;

namespace KrrDistill.LinearAlgebra.OpenBlas;

/// <summary>
/// Chooses OpenBLAS's compute kernels before the library is loaded. OpenBLAS reads
/// <c>OPENBLAS_CORETYPE</c> once, when it is loaded; Debian 12's OpenBLAS 0.3.21 does not know CPUs newer
/// than it and then falls back to SSE3 "Prescott" kernels, five times slower than the AVX-512 ones on
/// the same machine. Rules, in order:
/// <list type="number">
/// <item><c>OPENBLAS_CORETYPE</c> already set (by the user or the machine): left exactly as it is.</item>
/// <item><c>KRRDISTILL_OPENBLAS_CORETYPE=openblas</c>: OpenBLAS's own detection is kept.</item>
/// <item><c>KRRDISTILL_OPENBLAS_CORETYPE=NAME</c>: that kernel (e.g. <c>Haswell</c>).</item>
/// <item>otherwise (<c>auto</c>, the default): from the instruction sets this process sees —
/// AVX-512 F/CD/BW/DQ/VL → <c>SkylakeX</c>, AVX2 + FMA → <c>Haswell</c>, else OpenBLAS's detection (a NativeAOT build,
/// whose intrinsics report only the baseline, reads the CPU's flags from /proc/cpuinfo).</item>
/// </list>
/// The choice is set in this process's environment only (never exported further than its children).
/// </summary>
internal static partial class OpenBlasCoreSelection
{
    internal const string OpenBlasVariable = "OPENBLAS_CORETYPE";
    internal const string OverrideVariable = "KRRDISTILL_OPENBLAS_CORETYPE";

    /// <summary>What was decided, for <c>krr-distill info</c>.</summary>
    internal static string Decision { get; private set; } = "not loaded";

    /// <summary>Applies the rules above; call before OpenBLAS is first loaded.</summary>
    internal static void Apply()
    {
        string? existing = Environment.GetEnvironmentVariable(OpenBlasVariable);
        if (!string.IsNullOrEmpty(existing))
        {
            Decision = $"{OpenBlasVariable}={existing} (set in the environment, kept)";
            return;
        }

        string request = Environment.GetEnvironmentVariable(OverrideVariable)?.Trim() ?? "auto";
        string? core = request.ToLowerInvariant() switch
        {
            "" or "auto" => FromInstructionSets(),
            "openblas" => null,
            _ => request,
        };
        if (core is null)
        {
            Decision = "OpenBLAS's own CPU detection";
            return;
        }

        if (Diagnostics.NativeEnvironment.Set(OpenBlasVariable, core))
        {
            Decision = $"{OpenBlasVariable}={core} (chosen by KrrDistill from the CPU's instruction sets; {OverrideVariable}=openblas keeps OpenBLAS's own detection)";
        }
        else
        {
            Decision = "OpenBLAS's own CPU detection (could not set the environment)";
        }
    }

    private static string? FromInstructionSets()
    {
        // A NativeAOT build compiles for the baseline x86-64, where IsSupported is false for every later instruction
        // set whatever the CPU; there the kernel's view of the CPU (/proc/cpuinfo) decides, so the native tool and the
        // Python library pick the same kernels as the JIT build.
        IReadOnlySet<string> flags = Avx2.IsSupported ? new HashSet<string>() : CpuFlags(ReadCpuInfo());
        if ((Avx512F.IsSupported && Avx512F.VL.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512CD.IsSupported)
            || flags.IsSupersetOf(["avx512f", "avx512vl", "avx512bw", "avx512dq", "avx512cd"]))
        {
            return "SkylakeX";
        }

        return (Avx2.IsSupported && Fma.IsSupported) || flags.IsSupersetOf(["avx2", "fma"]) ? "Haswell" : null;
    }

    /// <summary>The instruction-set flags of the first processor in <paramref name="cpuInfo"/> (the text of /proc/cpuinfo); empty when none are listed.</summary>
    internal static IReadOnlySet<string> CpuFlags(string? cpuInfo)
    {
        foreach (string line in (cpuInfo ?? "").Split('\n'))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() == "flags")
            {
                return new HashSet<string>(line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
            }
        }

        return new HashSet<string>();
    }

    private static string? ReadCpuInfo()
    {
        try
        {
            return OperatingSystem.IsLinux() ? File.ReadAllText("/proc/cpuinfo") : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
