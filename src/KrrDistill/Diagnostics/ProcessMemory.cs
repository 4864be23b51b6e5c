using System.Diagnostics;
using System.Globalization;

namespace KrrDistill.Diagnostics;

/// <summary>
/// Peak resident memory of this process, per run: on Linux the high-water mark VmHWM, which
/// <see cref="TryResetPeak"/> resets by writing 5 to /proc/self/clear_refs; elsewhere the peak working set,
/// which cannot be reset (so later runs report the process-wide peak so far).
/// </summary>
internal static class ProcessMemory
{
    /// <summary>Collects garbage and resets the peak to the current resident size; false where the OS does not allow it.</summary>
    public static bool TryResetPeak()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident memory in MB since the last reset (or since the process started).</summary>
    public static double PeakMegabytes()
    {
        try
        {
            if (File.Exists("/proc/self/status"))
            {
                foreach (string line in File.ReadLines("/proc/self/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        return double.Parse(parts[1], CultureInfo.InvariantCulture) / 1024.0;
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

        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
