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
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish in {Timeout.TotalSeconds:F0} s");
        }

        process.WaitForExit(); // the streams' ends
        return new ProcessRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>How long a run may take before it is killed and the test fails (generous: CI runs on a loaded 2-core machine).</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromMinutes(5);

    /// <summary>An environment with the built tool first on PATH and <paramref name="home"/> as HOME and XDG directories.</summary>
    public static Dictionary<string, string?> WithToolOnPath(string home) => new()
    {
        ["PATH"] = $"{AppContext.BaseDirectory}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
        ["HOME"] = home,
        ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
        ["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share"),
    };

    /// <summary>The full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? OnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
