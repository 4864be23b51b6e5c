using System.Diagnostics;

namespace KrrDistill.Tests.TestSupport;

/// <summary>A program run as a user runs it: its own process, stdout and stderr through pipes, in a given directory.</summary>
internal sealed record ProcessRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The <c>krr-distill</c> built beside the tests.</summary>
    public static string Tool => Path.Combine(AppContext.BaseDirectory, "krr-distill");

    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/> in <paramref name="directory"/>, the environment changed by <paramref name="environment"/> (null removes).</summary>
    public static ProcessRun Of(string program, IEnumerable<string> arguments, string directory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = directory,
        };
        start.Environment.Remove("NO_COLOR"); // redirection alone must be enough for plain output
        foreach ((string name, string? value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new ProcessRun(process.ExitCode, stdout, stderr.Result);
    }

    /// <summary>The full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? OnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
