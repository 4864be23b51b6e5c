using System.Diagnostics;
using System.Globalization;

namespace KrrDistill.Diagnostics;

/// <summary>
/// Peak resident memory of this process, per run: on Linux the high-water mark VmHWM, which
/// <see cref="TryResetPeak"/> resets by writing 5 to /proc/self/clear_refs; elsewhere the peak working set,
/// which cannot be reset (so later runs report the process-wide peak so far).
/// </summary>
public static class ProcessMemory
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

    /// <summary>
    /// The number of a /proc/self/status line such as "VmHWM:\t   406628 kB"; null when it has none. The padding
    /// shrinks as the number grows (at 8 digits no space is left after the tab), so tabs and spaces both separate.
    /// </summary>
    internal static double? StatusKilobytes(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        string[] parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
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
                        if (StatusKilobytes(line) is { } kilobytes)
                        {
                            return kilobytes / 1024.0;
                        }

                        break;
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
