using System.Diagnostics;
using System.Text.Json.Nodes;
using KrrDistill.Diagnostics;
using KrrDistill.Distillation;

namespace KrrDistill.Cli;

/// <summary>
/// CLI only. The common part of what the artefact-writing commands (<c>distill</c>, <c>distill --privacy</c>, <c>kip</c>)
/// print: the metrics JSON (the artefact's meta_json, which the library writes, plus the run: backend, paths, timings,
/// memory), the table, and the save-then-print tail of every such command.
/// </summary>
internal abstract class ArtefactReport(string output, DistilledSet set, DistillationComparison? comparison)
{
    public IReadOnlyList<(string Phase, double Seconds)> Timings { get; set; } = [];

    public double TotalSeconds { get; set; }

    public double PeakMemoryMegabytes { get; set; }

    public string? PngPath { get; set; }

    public string? MetricsPath { get; set; }

    /// <summary>The files written, for the table.</summary>
    protected string Written => string.Join(", ", new[] { output, PngPath, MetricsPath }.Where(p => p is not null));

    /// <summary>The command's name in the metrics JSON.</summary>
    protected abstract string Command { get; }

    /// <summary>Adds what belongs in the metrics file only (never in the artefact).</summary>
    protected virtual void AddMetricsOnly(JsonObject metrics)
    {
    }

    /// <summary>Renders the table.</summary>
    public abstract void WriteTable(TextWriter stdout);

    public string ToJson()
    {
        JsonObject o = new JsonObject { ["command"] = Command }.Then(set.MetaJson(comparison));
        AddMetricsOnly(o);
        return JsonText.Of(ArtefactRunOutput.AddRunFields(o, output, PngPath, MetricsPath, Timings, TotalSeconds, PeakMemoryMegabytes));
    }

    /// <summary>
    /// Saves the set (the library writes its meta_json), its PNG grid and the metrics JSON as one set of files (all
    /// appear together, or none: <see cref="Output.AtomicFileSet"/>), completing the timings (<paramref name="phases"/>,
    /// then the saves) first; then prints the JSON or the table.
    /// </summary>
    public int SaveAndEmit(string pngPath, string metricsPath, Data.Dataset train, IReadOnlyList<(string Phase, double Seconds)> phases,
        Stopwatch total, bool json, TextWriter stdout)
    {
        IReadOnlyList<string> classNames = KrrDistill.Output.Images.ClassNames.Of(train, set.Classes);
        var after = new PhaseTimer();
        using var files = Output.AtomicFileSet.Begin();
        set.Save(output, comparison);
        after.Lap($"save {Path.GetFileName(output)}");
        PngPath = KrrDistill.Output.Images.DistilledImages.TrySave(pngPath, set, classNames) ? pngPath : null;
        after.Lap("save PNG");
        MetricsPath = metricsPath;
        Timings = [.. phases, .. after.Phases];
        TotalSeconds = total.Elapsed.TotalSeconds;
        PeakMemoryMegabytes = ProcessMemory.PeakMegabytes();
        string metricsJson = ToJson();
        Output.AtomicFile.WriteAllText(metricsPath, metricsJson + Environment.NewLine);
        files.Commit();
        return ArtefactRunOutput.Print(stdout, json, metricsJson, WriteTable);
    }
}
