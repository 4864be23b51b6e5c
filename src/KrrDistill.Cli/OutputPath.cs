namespace KrrDistill.Cli;

/// <summary>Checks an output path before any work is done, so a bad path fails in milliseconds, not after the fit.</summary>
internal static class OutputPath
{
    /// <summary>
    /// The PNG and metrics paths of an artefact (given, or beside --out with .png and .metrics.json), all three
    /// checked with <see cref="Check"/>.
    /// </summary>
    public static (string Png, string Metrics) CheckArtefact(string output, string? png, string? metrics)
    {
        string stem = Path.ChangeExtension(output, null);
        string pngPath = png ?? stem + ".png";
        string metricsPath = metrics ?? stem + ".metrics.json";
        Check(output, "--out");
        Check(pngPath, "--png");
        Check(metricsPath, "--metrics");
        return (pngPath, metricsPath);
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
        if (Directory.Exists(full))
        {
            throw new InputException($"{option} {path} is a directory; give a file name such as {Path.Combine(path, "model.npz")}.");
        }

        string? directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new InputException($"{option} {path}: directory {directory} does not exist.");
        }
    }
}
