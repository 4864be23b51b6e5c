using System.Diagnostics;
using System.Text.Json.Nodes;
using KrrDistill.Distillation;
using KrrDistill.LinearAlgebra;
using KrrDistill.Reproduction.Images;
using KrrDistill.Ridge;

namespace KrrDistill.Cli;

/// <summary>
/// The common part of what the artefact-writing commands (<c>distill</c>, <c>distill --privacy</c>, <c>kip</c>) report:
/// the artefact's meta_json (the command's own fields plus the tool), the metrics JSON (the same fields plus the run:
/// backend, paths, timings, memory), the table, and the save-then-print tail of every such command.
/// </summary>
internal abstract class ArtefactReport(ILinearAlgebraBackend backend, string output)
{
    public IReadOnlyList<(string Phase, double Seconds)> Timings { get; set; } = [];

    public double TotalSeconds { get; set; }

    public double PeakMemoryMegabytes { get; set; }

    public string? PngPath { get; set; }

    public string? MetricsPath { get; set; }

    /// <summary>The files written, for the table.</summary>
    protected string Written => string.Join(", ", new[] { output, PngPath, MetricsPath }.Where(p => p is not null));

    /// <summary>The tool's version, as written into artefacts.</summary>
    protected static string? ToolVersion => typeof(ArtefactReport).Assembly.GetName().Version?.ToString(3);

    /// <summary>The command's fields, shared by meta_json and the metrics JSON.</summary>
    protected abstract JsonObject Core();

    /// <summary>Adds what belongs in the metrics file only (never in the artefact).</summary>
    protected virtual void AddMetricsOnly(JsonObject metrics)
    {
    }

    /// <summary>Renders the table.</summary>
    public abstract void WriteTable(TextWriter stdout);

    public string ToMetaJson()
    {
        JsonObject meta = Core();
        meta["tool"] = "krr-distill";
        meta["tool_version"] = ToolVersion;
        return meta.ToJsonString(JsonOutput.Options);
    }

    public string ToJson()
    {
        JsonObject o = Core();
        AddMetricsOnly(o);
        return ArtefactRunOutput.AddRunFields(o, backend, output, PngPath, MetricsPath, Timings, TotalSeconds, PeakMemoryMegabytes)
            .ToJsonString(JsonOutput.Options);
    }

    /// <summary>
    /// Writes <paramref name="set"/> (with this report as its meta_json) and its PNG grid, completes the timings
    /// (<paramref name="phases"/>, then the saves), writes the metrics JSON and prints it or the table.
    /// </summary>
    public int SaveAndEmit(DistilledSet set, string pngPath, string metricsPath, IReadOnlyList<(string Phase, double Seconds)> phases,
        Stopwatch total, bool json, TextWriter stdout)
    {
        var after = new PhaseTimer();
        set.MetaJson = ToMetaJson();
        DistilledSetFile.Save(output, set);
        after.Lap($"save {Path.GetFileName(output)}");
        PngPath = DistilledImages.TrySave(pngPath, set) ? pngPath : null;
        after.Lap("save PNG");
        MetricsPath = metricsPath;
        Timings = [.. phases, .. after.Phases];
        TotalSeconds = total.Elapsed.TotalSeconds;
        PeakMemoryMegabytes = KrrDistill.Reproduction.ProcessMemory.PeakMegabytes();
        return ArtefactRunOutput.Emit(stdout, json, metricsPath, ToJson(), WriteTable);
    }
}
