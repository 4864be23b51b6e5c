using KrrDistill.Data;
using KrrDistill.Output;

namespace KrrDistill.Cli;

/// <summary>
/// Checks the output paths of a command before any work is done, so a bad path fails in milliseconds, not after the fit:
/// each is a file name in an existing, writable directory and not a directory, device or FIFO; no two are the same file;
/// none is one of the command's input files. Also completes what a killed earlier run left in those directories
/// (<see cref="InterruptedWrites"/>).
/// </summary>
internal static class OutputPath
{
    /// <summary>
    /// The PNG and metrics paths of an artefact (given, or beside --out with .png and .metrics.json), all three checked
    /// with <see cref="CheckAll"/> against <paramref name="inputs"/>.
    /// </summary>
    public static (string Png, string Metrics) CheckArtefact(string output, string? png, string? metrics, IReadOnlyList<string> inputs, TextWriter stderr)
    {
        Check(output, "--out");
        string stem = Path.ChangeExtension(output, null);
        string pngPath = png ?? stem + ".png";
        string metricsPath = metrics ?? stem + ".metrics.json";
        CheckAll([(output, "--out"), (pngPath, png is null ? "--png (default beside --out)" : "--png"), (metricsPath, metrics is null ? "--metrics (default beside --out)" : "--metrics")], inputs, stderr);
        return (pngPath, metricsPath);
    }

    /// <summary>
    /// Checks every output (path, option) that is not null with <see cref="Check"/>, then that no two name the same file
    /// and that none names an input; then cleans up after killed runs in their directories, with a note on
    /// <paramref name="stderr"/> when it completed one.
    /// </summary>
    /// <exception cref="InputException">An output is unusable; the message names the option and the path.</exception>
    public static void CheckAll(IReadOnlyList<(string? Path, string Option)> outputs, IReadOnlyList<string> inputs, TextWriter stderr)
    {
        var given = outputs.Where(o => o.Path is not null).Select(o => (Path: o.Path!, o.Option)).ToList();
        foreach ((string path, string option) in given)
        {
            Check(path, option);
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string path, string option) in given)
        {
            string real = RealPath.Of(path);
            if (seen.TryGetValue(real, out string? other))
            {
                throw new InputException($"{option} {path} is the same file as {other}; each output needs its own file.");
            }

            seen[real] = $"{option.Split(' ')[0]}";
        }

        var inputSet = inputs.Select(RealPath.Of).ToHashSet(StringComparer.Ordinal);
        foreach ((string path, string option) in given)
        {
            if (inputSet.Contains(RealPath.Of(path)))
            {
                throw new InputException($"{option} {path} is an input of this command; writing it would destroy the input. Choose another file.");
            }
        }

        InterruptedWrites.Outcome outcome = InterruptedWrites.Complete(given.Select(o => Path.GetDirectoryName(Path.GetFullPath(o.Path))!));
        if (outcome.Completed.Count > 0)
        {
            stderr.WriteLine($"note: completed the save of an interrupted earlier run: {string.Join(", ", outcome.Completed)}.");
        }
    }

    /// <summary>Throws <see cref="InputException"/> naming <paramref name="option"/> when <paramref name="path"/> cannot be written.</summary>
    public static void Check(string? path, string option)
    {
        if (path is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InputException($"{option} needs a file name.");
        }

        string full = Path.GetFullPath(path);
        FileKind kind = FileKindProbe.Of(full);
        if (kind == FileKind.Directory || Path.EndsInDirectorySeparator(path))
        {
            throw new InputException($"{option} {path} is a directory; give a file name such as {Path.Combine(path, "model.npz")}.");
        }

        if (kind is not (FileKind.Missing or FileKind.Regular or FileKind.Unknown))
        {
            throw new InputException($"{option} {path} is {FileKindProbe.Describe(kind)}; outputs are written as regular files (a new file replaces the old one), so give a file name.");
        }

        string directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new InputException($"{option} {path}: directory {directory} does not exist.");
        }

        RequireWritable(directory, path, option);
    }

    /// <summary>Creates and deletes a temporary file in <paramref name="directory"/>: the only honest test that the run's files can be written there.</summary>
    private static void RequireWritable(string directory, string path, string option)
    {
        string probe = TemporaryFiles.Reserve(Path.Combine(directory, "write-check"));
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e switch
            {
                UnauthorizedAccessException => "permission denied",
                FileNotFoundException or DirectoryNotFoundException => "no file can be created there",
                _ => OneLine(e.Message.Replace($" : '{probe}'", "", StringComparison.Ordinal).Replace(probe, directory, StringComparison.Ordinal)),
            };
            throw new InputException($"{option} {path}: cannot write in directory {directory} ({reason}).");
        }
        finally
        {
            TemporaryFiles.Delete(probe);
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
