using System.Runtime.InteropServices;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Reproduction;

/// <summary>The machine a reproduction ran on: what a reader needs to compare timings.</summary>
/// <param name="Processor">CPU model name (from /proc/cpuinfo on Linux, else the architecture).</param>
/// <param name="Cores">Logical processors available to the process.</param>
/// <param name="Backend">Linear-algebra backend name.</param>
/// <param name="BackendThreads">Threads the backend uses.</param>
/// <param name="OperatingSystem">Operating system description.</param>
/// <param name="Runtime">.NET runtime description.</param>
public sealed record MachineInfo(string Processor, int Cores, string Backend, int BackendThreads, string OperatingSystem, string Runtime)
{
    /// <summary>One line for a report: processor, cores, backend and threads, OS, runtime.</summary>
    public string Describe() => $"{Processor}, {Cores} cores; backend {Backend} ({BackendThreads} threads); {OperatingSystem}; {Runtime}";

    /// <summary>The machine as the reports' JSON writes it.</summary>
    public System.Text.Json.Nodes.JsonObject ToJson() => new()
    {
        ["processor"] = Processor,
        ["cores"] = Cores,
        ["backend"] = Backend,
        ["backend_threads"] = BackendThreads,
        ["os"] = OperatingSystem,
        ["runtime"] = Runtime,
    };

    /// <summary>Describes this machine and the backend in use (<see cref="LinearAlgebraBackends.Current"/>).</summary>
    public static MachineInfo Current()
    {
        return new MachineInfo(ProcessorName(), Environment.ProcessorCount, LinearAlgebraBackends.Current.Name, LinearAlgebraBackends.Current.Threads,
            RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);
    }

    private static string ProcessorName()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is int colon and >= 0)
                    {
                        return line[(colon + 1)..].Trim();
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
