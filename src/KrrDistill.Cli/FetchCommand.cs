using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using KrrDistill.Data.Downloads;
using Spectre.Console;

namespace KrrDistill.Cli;

/// <summary>
/// <c>krr-distill fetch NAME…</c>: downloads the publishers' archives of the named data sets into the cache (or
/// <c>--data-dir</c>), verifies each against its publisher's checksum, extracts, and records what it verified.
/// </summary>
internal static class FetchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        string names = string.Join(", ", Publishers.All.Select(d => d.Name));
        var datasets = new Argument<string[]>("datasets") { Description = $"The data sets to fetch: {names}", Arity = ArgumentArity.OneOrMore };
        datasets.CompletionSources.Add(_ => Publishers.All.Select(d => new System.CommandLine.Completions.CompletionItem(d.Name)));
        var dataDir = new Option<string?>("--data-dir") { Description = $"Put each data set in DIR/NAME (default: the cache, $KRRDISTILL_DATA or $XDG_CACHE_HOME/krrdistill or ~/.cache/krrdistill)" }
            .InputPath(InputPaths.EmptyDirectory);
        var mirror = new Option<string?>("--mirror") { Description = $"A base URL to fetch the publishers' files from (URL/FILE), checked against the same checksums (or ${FetchOptions.MirrorVariable})" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for a connection, and for the next bytes, before giving up", DefaultValueFactory = _ => 30 }.Strict();
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of the table" };
        var command = new Command("fetch", $"Download data sets ({names}) into the cache, verified against their publishers' checksums.")
        {
            datasets, dataDir, mirror, timeout, json,
        };
        command.SetAction(parse => Execute(parse.GetRequiredValue(datasets), parse.GetValue(dataDir), parse.GetValue(mirror), parse.GetValue(timeout), parse.GetValue(json), stdout, stderr));
        return command;
    }

    private static int Execute(string[] names, string? dataDir, string? mirrorText, double timeout, bool json, TextWriter stdout, TextWriter stderr)
    {
        FetchOptions options = FetchOptions.For(dataDir, mirrorText, timeout);
        PublishedDataset[] datasets = [.. names.Select(n => Publishers.Find(n)
            ?? throw new InputException(Publishers.CannotFetch(n)))];
        List<FetchResult> results = ProgressDisplay.Run(stderr, progress => datasets.Select(d => DatasetFetcher.Fetch(d, options, progress)).ToList());
        Print(results, json, stdout);
        if (!json)
        {
            NextStep.Write(stdout, "fit on it", $"krr-distill fit --dataset {results[0].Name}{NextStep.Option("--data-dir", dataDir)}");
        }

        return 0;
    }

    private static void Print(IReadOnlyList<FetchResult> results, bool json, TextWriter stdout)
    {
        if (json)
        {
            var o = new JsonObject
            {
                ["command"] = "fetch",
                ["datasets"] = new JsonArray([.. results.Select(r => (JsonNode)r.ToJson())]),
            };
            stdout.WriteLine(JsonText.Of(o));
            return;
        }

        var table = new Table().AddColumn("data set").AddColumn("file").AddColumn(new TableColumn("bytes").RightAligned()).AddColumn("MD5 (the publisher's)").AddColumn("");
        foreach (FetchResult r in results)
        {
            foreach (FetchedFile f in r.Files)
            {
                table.AddRow(Markup.Escape(r.Name), Markup.Escape(f.FileName), f.Bytes.ToString("N0", CultureInfo.InvariantCulture), f.Md5, f.Downloaded ? "downloaded" : "already here");
            }
        }

        TerminalStyle.Write(stdout, "krr-distill fetch", table);
        foreach (FetchResult r in results)
        {
            stdout.WriteLine($"{r.Name}: {r.Directory}");
        }
    }
}
