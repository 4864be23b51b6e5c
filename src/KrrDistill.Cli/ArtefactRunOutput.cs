using System.Text.Json.Nodes;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Cli;

/// <summary>What the commands that write a distilled artefact (<c>distill</c>, <c>kip</c>) report and print alike.</summary>
internal static class ArtefactRunOutput
{
    /// <summary>Adds the backend, the written paths, the timings, the total time and the peak memory to <paramref name="o"/>.</summary>
    public static JsonObject AddRunFields(JsonObject o, string output, string? png, string? metrics,
        IReadOnlyList<(string Phase, double Seconds)> timings, double totalSeconds, double peakMemoryMegabytes)
    {
        o["backend"] = LinearAlgebraBackends.Current.Name;
        o["threads"] = LinearAlgebraBackends.Current.Threads;
        o["distilled_path"] = output;
        o["png_path"] = png;
        o["metrics_path"] = metrics;
        o["timings_seconds"] = new JsonObject(timings.Select(t => KeyValuePair.Create(t.Phase, (JsonNode?)Math.Round(t.Seconds, 4))));
        o["total_seconds"] = Math.Round(totalSeconds, 4);
        o["peak_memory_mb"] = Math.Round(peakMemoryMegabytes, 1);
        return o;
    }

    /// <summary>Prints the metrics JSON (<c>--json</c>) or the table.</summary>
    public static int Print(TextWriter stdout, bool json, string metricsJson, Action<TextWriter> writeTable)
    {
        if (json)
        {
            stdout.WriteLine(metricsJson);
        }
        else
        {
            writeTable(stdout);
        }

        return 0;
    }
}
