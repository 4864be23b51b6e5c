using System.Diagnostics;
using KrrDistill.Tests.Data;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// Files and directories the user may not read or write are reported as such (exit 2, one line naming them), not as
/// missing. Permissions do not bind root, so as root the tool runs as user 65534 through <c>setpriv</c>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PermissionTests
{
    [Fact]
    public void AnUnreadableDataDirectory_IsReportedAsUnreadable_NotAsMissing()
    {
        using var dir = new TempDirectory();
        string locked = Locked(dir, "data");
        (int code, string stderr) = RunUnprivileged("fit", "--dataset", "fashion-mnist", "--data-dir", locked);
        Assert.Equal(2, code);
        Assert.Contains($"{locked} exists but cannot be read (permission denied)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnreadableDataFile_IsReportedAsUnreadable()
    {
        using var dir = new TempDirectory();
        OutputSafetyTests.WriteDataSet(dir.File("data.npz"));
        File.SetUnixFileMode(dir.File("data.npz"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (int code, string stderr) = RunUnprivileged("fit", "--dataset", dir.File("data.npz"));
        Assert.Equal(2, code);
        Assert.Contains($"{dir.File("data.npz")}: cannot be read", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnwritableOutputDirectory_IsRefusedBeforeWork()
    {
        using var dir = new TempDirectory();
        OutputSafetyTests.WriteDataSet(dir.File("data.npz"));
        string locked = Locked(dir, "out");
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        (int code, string stderr) = RunUnprivileged("fit", "--dataset", dir.File("data.npz"), "--save-model", Path.Combine(locked, "m.npz"));
        Assert.Equal(2, code);
        Assert.Contains($"--save-model {Path.Combine(locked, "m.npz")}: cannot write in directory {locked}", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("features", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(locked));
    }

    /// <summary>A directory only its owner may enter, in a directory everyone may enter.</summary>
    private static string Locked(TempDirectory dir, string name)
    {
        File.SetUnixFileMode(dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        string locked = dir.File(name);
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return locked;
    }

    /// <summary>
    /// The tool, where user 65534 can run it: the build output itself, or (when a directory above it is closed to other
    /// users, as a clone under /root is) a hard-linked copy of it in the temporary directory, made once.
    /// </summary>
    private static readonly Lazy<string> Tool = new(() =>
    {
        string tool = Path.Combine(AppContext.BaseDirectory, "krr-distill");
        if (Environment.UserName != "root" || Run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", "test", "-x", tool) == 0)
        {
            return tool;
        }

        string copy = Path.Combine(Path.GetTempPath(), $"krrdistill-tool-{Environment.ProcessId}");
        if (!File.Exists(Path.Combine(copy, "krr-distill")))
        {
            Assert.Equal(0, Run("cp", "-al", AppContext.BaseDirectory, copy) == 0 ? 0 : Run("cp", "-a", AppContext.BaseDirectory, copy));
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(copy, recursive: true);
        }

        return Path.Combine(copy, "krr-distill");
    });

    private static int Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardError = true })!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }

    private static (int Code, string Stderr) RunUnprivileged(params string[] arguments)
    {
        string tool = Tool.Value;
        bool root = Environment.UserName == "root";
        var start = new ProcessStartInfo(root ? "setpriv" : tool)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (root)
        {
            foreach (string a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "--", tool })
            {
                start.ArgumentList.Add(a);
            }

            start.Environment["HOME"] = Path.GetTempPath();
        }

        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = stdout.Result;
        return (process.ExitCode, stderr);
    }
}
