using System.Diagnostics;

namespace KrrDistill.Cli;

/// <summary>Peak resident memory of this process (VmHWM on Linux, the peak working set elsewhere).</summary>
internal static class PeakMemory
{
    public static double Megabytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
