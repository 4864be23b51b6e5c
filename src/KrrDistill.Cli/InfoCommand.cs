using System.CommandLine;
using System.Text.Json.Nodes;
using KrrDistill.Data;
using KrrDistill.LinearAlgebra;
using Spectre.Console;

namespace KrrDistill.Cli;

/// <summary><c>krr-distill info</c>: the linear-algebra backend in use, its threads, and which data sets are present.</summary>
internal static class InfoCommand
{
    public static Command Create(TextWriter stdout)
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Also look for data sets here" }.InputPath(InputPaths.EmptyDirectory);
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var command = new Command("info", "Show the BLAS backend, threads, and which data sets are present.") { dataDir, json };
        command.SetAction(parse =>
        {
            string detail = LinearAlgebraBackends.Current.Details;
            IReadOnlyList<DatasetAvailability> sets = DatasetCatalog.Probe(parse.GetValue(dataDir));
            if (parse.GetValue(json))
            {
                var o = new JsonObject
                {
                    ["backend"] = LinearAlgebraBackends.Current.Name,
                    ["build"] = Build,
                    ["threads"] = LinearAlgebraBackends.Current.Threads,
                    ["backend_detail"] = detail,
                    ["override"] = Environment.GetEnvironmentVariable(LinearAlgebraBackends.EnvironmentVariable),
                    ["available_backends"] = new JsonArray(LinearAlgebraBackends.Available().Select(b => (JsonNode?)b.Name).ToArray()),
                    ["datasets"] = new JsonArray(sets.Select(d => (JsonNode?)new JsonObject
                    {
                        ["name"] = d.Name,
                        ["found"] = d.Found,
                        ["directory"] = d.Directory,
                        ["searched"] = new JsonArray(d.Searched.Select(x => (JsonNode?)x).ToArray()),
                        ["how_to_get"] = d.Found ? null : d.HowToGet,
                    }).ToArray()),
                };
                stdout.WriteLine(JsonText.Of(o));
                return 0;
            }

            var table = new Table().AddColumn("item").AddColumn("value");
            table.AddRow("backend", Markup.Escape($"{LinearAlgebraBackends.Current.Name} ({LinearAlgebraBackends.EnvironmentVariable}={Environment.GetEnvironmentVariable(LinearAlgebraBackends.EnvironmentVariable) ?? "unset"})"));
            table.AddRow("build", Build);
            table.AddRow("threads", LinearAlgebraBackends.Current.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
            table.AddRow("detail", Markup.Escape(detail));
            table.AddRow("available", Markup.Escape(string.Join(", ", LinearAlgebraBackends.Available().Select(b => b.Name))));
            foreach (DatasetAvailability d in sets)
            {
                table.AddRow(Markup.Escape($"data: {d.Name}"), Markup.Escape(d.Found ? $"found in {d.Directory}" : $"absent; {d.HowToGet}"));
            }

            TerminalStyle.Write(stdout, "krr-distill info", table);
            string[] fetchable = [.. sets.Where(d => !d.Found && Data.Downloads.Publishers.Find(d.Name) is not null).Select(d => d.Name)];
            if (fetchable.Length > 0)
            {
                NextStep.Write(stdout, "fetch the data sets that are absent", $"krr-distill fetch {string.Join(' ', fetchable)}{NextStep.Option("--data-dir", parse.GetValue(dataDir))}");
            }
            else
            {
                NextStep.Write(stdout, "a first fit",
                    $"krr-distill fit --dataset {(sets.FirstOrDefault(d => d.Found && d.Name != "fashion-mnist-sample")?.Name ?? "fashion-mnist-sample")}{NextStep.Option("--data-dir", parse.GetValue(dataDir))}");
            }

            return 0;
        });
        return command;
    }

    /// <summary>"nativeaot" for the NativeAOT executable (no JIT at run time), else "jit" with the runtime's version.</summary>
    internal static string Build => System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled
        ? $"jit (.NET {Environment.Version})"
        : "nativeaot";
}
