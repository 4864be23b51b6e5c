using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using KrrDistill.Diagnostics;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Cli;

/// <summary>
/// stderr under <c>--verbose</c>: the same stream, marked so that progress is logged as plain lines with each phase's
/// time (<see cref="ProgressDisplay"/>), framed by a line naming the version, backend, threads and CPU before the
/// command and one with its total time and peak memory after.
/// </summary>
internal sealed class VerboseLog(TextWriter inner) : TextWriter
{
    /// <inheritdoc/>
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc/>
    public override IFormatProvider FormatProvider => inner.FormatProvider;

    /// <inheritdoc/>
    public override void Write(char value) => inner.Write(value);

    /// <inheritdoc/>
    public override void Write(string? value) => inner.Write(value);

    /// <inheritdoc/>
    public override void WriteLine(string? value) => inner.WriteLine(value);

    /// <inheritdoc/>
    public override void Flush() => inner.Flush();

    /// <summary>"krr-distill VERSION: BACKEND (DETAILS), N threads; .NET …; CPU".</summary>
    public static string Header()
    {
        ILinearAlgebraBackend backend = LinearAlgebraBackends.Current;
        string version = typeof(VerboseLog).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";
        string vectors = Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated ? "AVX2" : Vector128.IsHardwareAccelerated ? "128-bit SIMD" : "no SIMD";
        return $"krr-distill {version}: {backend.Name} ({backend.Details}), {backend.Threads} threads; .NET {Environment.Version}; {RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()} {vectors}, {Environment.ProcessorCount} cores";
    }

    /// <summary>"done in S s (exit C), peak memory M MB".</summary>
    public static string Footer(double seconds, int exitCode)
        => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"done in {seconds:F2} s (exit {exitCode}), peak memory {ProcessMemory.PeakMegabytes():F0} MB");
}
