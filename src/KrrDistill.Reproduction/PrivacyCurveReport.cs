using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KrrDistill.Output;
using KrrDistill.Privacy;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;
using static KrrDistill.Reproduction.ReportFormat;

namespace KrrDistill.Reproduction;

/// <summary>
/// Renders a <see cref="PrivacyCurveResult"/> as <c>report.md</c> (setup, accuracy per ε and configuration beside
/// the non-private fit, noise scales, row-dp outcomes, what is guaranteed), <c>report.json</c> (every number) and
/// <c>privacy-curve.png</c> (accuracy against ε), and writes them into a directory as one set of files (all appear together, or none).
/// </summary>
public static class PrivacyCurveReport
{
    /// <summary>Name of the Markdown report inside the output directory.</summary>
    public const string MarkdownFileName = "report.md";

    /// <summary>Name of the JSON report inside the output directory.</summary>
    public const string JsonFileName = "report.json";

    /// <summary>Name of the plot inside the output directory.</summary>
    public const string PlotFileName = "privacy-curve.png";

    /// <summary>Width and height of the plot in pixels.</summary>
    private const int PlotWidth = 1000, PlotHeight = 620;

    /// <summary>
    /// Writes <c>privacy-curve.png</c>, <c>report.md</c> and <c>report.json</c> into <paramref name="directory"/>
    /// (created if needed) and returns the paths written: report.md, report.json, the plot.
    /// </summary>
    public static IReadOnlyList<string> Save(PrivacyCurveResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        using var files = AtomicFileSet.Begin();
        string plot = Path.Combine(directory, PlotFileName);
        string markdown = Path.Combine(directory, MarkdownFileName);
        string json = Path.Combine(directory, JsonFileName);
        AtomicFile.WriteAllBytes(plot, RenderPlot(result));
        AtomicFile.WriteAllText(markdown, ToMarkdown(result));
        AtomicFile.WriteAllText(json, ToJson(result) + "\n");
        files.Commit();
        return [markdown, json, plot];
    }

    /// <summary>
    /// The plot as PNG bytes (ScottPlot, <see cref="PlotWidth"/>×<see cref="PlotHeight"/>): x = ε on a log scale with
    /// ticks at the ε values, y = test accuracy (%) of the distilled set, one series per configuration with ± std error
    /// bars, and a dashed level per feature map at its non-private accuracy, in the colour of that map's first series.
    /// </summary>
    public static byte[] RenderPlot(PrivacyCurveResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        EmbeddedFont.RegisterWithScottPlot();
        using var plot = new Plot();
        plot.Font.Set(EmbeddedFont.Name);
        var palette = new ScottPlot.Palettes.Category10();
        var colors = new Dictionary<string, ScottPlot.Color>(StringComparer.Ordinal);
        int next = 0;
        foreach (PrivacyCurveColumn column in result.Columns)
        {
            PrivacyCurveCell[] cells = [.. column.Cells.Where(c => c.Ran)];
            if (cells.Length == 0)
            {
                continue;
            }

            ScottPlot.Color color = palette.GetColor(next++);
            colors.TryAdd(column.Features, color);
            double[] xs = [.. cells.Select(c => Math.Log10(c.Epsilon))];
            double[] ys = [.. cells.Select(c => 100 * c.DistilledAccuracyMean)];
            double[] errors = [.. cells.Select(c => 100 * c.DistilledAccuracyStd)];
            ErrorBar bars = plot.Add.ErrorBar(xs, ys, errors);
            bars.Color = color;
            bars.LineWidth = 1.5f;
            Scatter line = plot.Add.Scatter(xs, ys, color);
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LegendText = column.Label;
        }

        foreach (PrivacyCurveReference reference in result.References)
        {
            HorizontalLine level = plot.Add.HorizontalLine(100 * reference.TestAccuracy);
            level.Color = colors.TryGetValue(reference.Features, out ScottPlot.Color c) ? c : Colors.Gray;
            level.LineWidth = 1.5f;
            level.LinePattern = LinePattern.Dashed;
            level.LegendText = $"{reference.Features}: non-private (λ on validation)";
        }

        double[] ticks = [.. result.Epsilons.Select(Math.Log10)];
        plot.Axes.Bottom.TickGenerator = new NumericManual(ticks, [.. result.Epsilons.Select(G)]);
        plot.Axes.SetLimitsX(ticks[0] - Math.Log10(1.3), ticks[^1] + Math.Log10(1.3));
        plot.Title($"{PaperTables.DisplayName(result.Dataset.Dataset)}: test accuracy of the distilled set vs ε (δ = {Delta(result.Options.Delta)})");
        plot.XLabel("ε (log scale)");
        plot.YLabel("test accuracy (%)");
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetImageBytes(PlotWidth, PlotHeight, ImageFormat.Png);
    }

    /// <summary>The Markdown report.</summary>
    public static string ToMarkdown(PrivacyCurveResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        PrivacyCurveOptions o = result.Options;
        DatasetSummary d = result.Dataset;
        string name = PaperTables.DisplayName(d.Dataset);
        List<PrivacyCurveColumn> dp = [.. result.Columns.Where(c => c.Configuration != PrivacyCurveConfiguration.RowDp)];
        List<PrivacyCurveColumn> rowDp = [.. result.Columns.Where(c => c.Configuration == PrivacyCurveConfiguration.RowDp)];
        int m = o.ImagesPerClass * d.Classes;
        var s = new StringBuilder();
        s.Append("# Privacy curve: ").Append(name).AppendLine(" test accuracy of the distilled set vs ε");
        s.AppendLine();
        s.Append("Distilled sets released under differential privacy (docs/privacy.md), produced with `krr-distill reproduce --privacy`. ")
            .AppendLine("Each point is a release from the same private training rows; only ε and the noise draw change.");
        s.AppendLine();
        s.AppendLine("## Setup");
        s.AppendLine();
        s.Append("- **Data:** ").Append(name).Append(", d = ").Append(d.Dimension).Append(", k = ").Append(d.Classes).Append(": n = ")
            .Append(result.PrivateCount).Append(" private training rows, ").Append(result.PublicValidationCount)
            .Append(" validation rows declared public (λ is chosen on them; split seed ").Append(result.SplitSeed).Append(", the split of `krr-distill fit --seed ")
            .Append(o.Seed).Append("`), ").Append(d.TestCount).AppendLine(" test rows (accuracy only).");
        s.Append("- **Feature maps:** ").Append(string.Join("; ", result.References.Select(r => FeatureDescription(r.Features))))
            .Append(". Model seed ").Append(o.Seed).AppendLine(" (random feature weights, split, noise initialization of Algorithm 1).");
        s.Append("- **Release:** IPC ").Append(o.ImagesPerClass).Append(" (m = ").Append(m).Append("), δ = ").Append(Delta(o.Delta)).Append(", ε ∈ {")
            .Append(string.Join(", ", result.Epsilons.Select(G))).AppendLine("}; dp columns: λ chosen on the public validation split along the noisy λ path, λ_S = λ, Algorithm 1 from noise.");
        s.Append("- **Noise seeds:** ").Append(string.Join(", ", o.NoiseSeeds)).Append(": one release per seed and point, mean ± population std over them. ")
            .AppendLine("The privacy noise is seeded **only to make this experiment reproducible**; a real release (`krr-distill distill --privacy dp` without `--privacy-seed`) draws it from the operating system's cryptographic generator.");
        MachineInfo mi = result.Machine;
        s.Append("- **Machine:** ").Append(mi.Describe()).Append("; ").Append(result.StartedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).AppendLine(" UTC.");
        s.Append("- **Total wall time:** ").Append(F(result.TotalSeconds, 1)).Append(" s: data loading ").Append(F(d.LoadSeconds, 1))
            .Append(" s, non-private fits ").Append(F(result.ReferenceSeconds, 1)).Append(" s, ")
            .Append(result.Columns.Count(c => c.PrivateCount > 0)).Append(" preparations (clip + features + exact statistics, once per configuration) ")
            .Append(F(result.PrepareSeconds, 1)).Append(" s, ").Append(result.ReleaseCount).Append(" releases ").Append(F(result.ReleaseSeconds, 1))
            .Append(" s (").Append(result.ReleaseCount > 0 ? F(result.ReleaseSeconds / result.ReleaseCount, 2) : Missing).AppendLine(" s each: noise, λ choice, Algorithm 1, inversion, refit, test accuracy of W̃ and W_S).");
        s.AppendLine();

        s.AppendLine("## Test accuracy (%) of the distilled set, mean ± std over the noise seeds");
        s.AppendLine();
        s.AppendLine("![Test accuracy against ε](" + PlotFileName + ")");
        s.AppendLine();
        s.Append("| ε |").AppendJoin(string.Empty, dp.Select(c => $" {c.Label} |")).AppendLine();
        s.Append("|---:|").AppendJoin(string.Empty, dp.Select(_ => "---:|")).AppendLine();
        foreach (double epsilon in result.Epsilons)
        {
            s.Append("| ").Append(G(epsilon)).Append(" |");
            foreach (PrivacyCurveColumn c in dp)
            {
                s.Append(' ').Append(MeanStd(Cell(c, epsilon))).Append(" |");
            }

            s.AppendLine();
        }

        s.Append("| non-private (λ on validation) |");
        foreach (PrivacyCurveColumn c in dp)
        {
            PrivacyCurveReference? r = Reference(result, c.Features);
            s.Append(' ').Append(r is null ? Missing : $"{Percent(r.TestAccuracy)} (λ = {G(r.Lambda)})").Append(" |");
        }

        s.AppendLine();
        s.AppendLine();
        List<PrivacyCurveCell> dpCells = [.. dp.SelectMany(c => c.Cells).Where(c => c.Ran)];
        if (dpCells.Count > 0)
        {
            double gap = dpCells.Max(c => c.MaxAccuracyGap);
            double error = dpCells.Max(c => c.MaxRelativeError);
            s.Append(gap == 0
                    ? "The private model W̃ has exactly the test accuracy of the distilled set in every release"
                    : $"The private model W̃ and the distilled set differ in test accuracy by at most {F(100 * gap, 2)} points")
                .Append(" (‖W_S − W̃‖/‖W̃‖ ≤ ").Append(E(error))
                .AppendLine(" over all releases): distillation itself loses nothing, so the difference to the non-private row is the effect of the privacy mechanism (clipping, noise on the statistics, λ chosen on the noisy path).");
            s.AppendLine();
        }

        var above = dp.Select(c => (Column: c, Reference: Reference(result, c.Features)))
            .Select(x => (x.Column, Epsilons: x.Column.Cells.Where(cell => cell.Ran && x.Reference is not null && cell.DistilledAccuracyMean > x.Reference.TestAccuracy).Select(cell => G(cell.Epsilon)).ToList()))
            .Where(x => x.Epsilons.Count > 0)
            .ToList();
        if (above.Count > 0)
        {
            s.Append("Above the non-private row: ").AppendJoin("; ", above.Select(x => $"{x.Column.Label} at ε = {string.Join(", ", x.Epsilons)}"))
                .AppendLine(". The clip rescales every row to ‖φ(x)‖ ≤ C, which changes the model itself (for identity and fcnn features, a row normalization), while the non-private fit uses the raw rows.");
            s.AppendLine();
        }

        AppendNoise(s, result, dp);
        AppendLambdas(s, result, dp);
        AppendRowDp(s, result, rowDp, m);
        AppendGuarantee(s);
        return s.ToString();
    }

    /// <summary>The JSON report: settings, machine, timings, references and every column, cell and release.</summary>
    public static string ToJson(PrivacyCurveResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        PrivacyCurveOptions o = result.Options;
        DatasetSummary d = result.Dataset;
        var root = new JsonObject
        {
            ["command"] = "reproduce",
            ["privacy"] = true,
            ["dataset"] = d.Dataset,
            ["n_train"] = d.TrainCount,
            ["n_test"] = d.TestCount,
            ["d"] = d.Dimension,
            ["k"] = d.Classes,
            ["n_private"] = result.PrivateCount,
            ["n_public_validation"] = result.PublicValidationCount,
            ["features"] = new JsonArray([.. o.Features.Select(f => (JsonNode?)f)]),
            ["epsilons"] = new JsonArray([.. result.Epsilons.Select(e => (JsonNode?)e)]),
            ["delta"] = o.Delta,
            ["ipc"] = o.ImagesPerClass,
            ["seed"] = o.Seed,
            ["split_seed"] = result.SplitSeed,
            ["noise_seeds"] = new JsonArray([.. o.NoiseSeeds.Select(x => (JsonNode?)x)]),
            ["noise_seeded_for_reproducibility_only"] = true,
            ["started_utc"] = result.StartedUtc.ToString("O", CultureInfo.InvariantCulture),
            ["total_seconds"] = Num(result.TotalSeconds),
            ["load_seconds"] = Num(d.LoadSeconds),
            ["reference_seconds"] = Num(result.ReferenceSeconds),
            ["prepare_seconds"] = Num(result.PrepareSeconds),
            ["release_seconds"] = Num(result.ReleaseSeconds),
            ["releases"] = result.ReleaseCount,
            ["machine"] = result.Machine.ToJson(),
            ["references"] = new JsonArray([.. result.References.Select(r => (JsonNode?)new JsonObject
            {
                ["features"] = r.Features,
                ["lambda"] = Num(r.Lambda),
                ["test_accuracy"] = Num(r.TestAccuracy),
                ["n_train"] = r.TrainCount,
                ["n_validation"] = r.ValidationCount,
                ["seconds"] = Num(r.Seconds),
            })]),
            ["columns"] = new JsonArray([.. result.Columns.Select(ColumnJson)]),
            ["plot"] = PlotFileName,
            ["docs"] = "docs/privacy.md",
        };
        return JsonText.Of(root, JsonOptions);
    }

    private static JsonObject ColumnJson(PrivacyCurveColumn c) => new()
    {
        ["features"] = c.Features,
        ["configuration"] = c.Key,
        ["label"] = c.Label,
        ["mode"] = c.Configuration == PrivacyCurveConfiguration.RowDp ? "row-dp" : "dp",
        ["clip_space"] = c.Bound is null ? null : c.Bound.ClipsFeatures ? "features" : "input",
        ["input_clip"] = c.Bound is null ? null : Num(c.Bound.InputClip),
        ["feature_bound"] = c.Bound is null ? null : Num(c.Bound.Bound),
        ["bound_derivation"] = c.Bound?.Derivation,
        ["n_private"] = c.PrivateCount,
        ["n_public_validation"] = c.PublicValidationCount,
        ["prepare_seconds"] = Num(c.PrepareSeconds),
        ["cells"] = new JsonArray([.. c.Cells.Select(cell => (JsonNode?)new JsonObject
        {
            ["epsilon"] = cell.Epsilon,
            ["failure"] = cell.Failure,
            ["distilled_test_accuracy_mean"] = Num(cell.DistilledAccuracyMean),
            ["distilled_test_accuracy_std"] = Num(cell.DistilledAccuracyStd),
            ["model_test_accuracy_mean"] = Num(cell.ModelAccuracyMean),
            ["model_test_accuracy_std"] = Num(cell.ModelAccuracyStd),
            ["max_accuracy_gap"] = Num(cell.MaxAccuracyGap),
            ["sigma"] = Num(cell.Sigma),
            ["sensitivity"] = Num(cell.Sensitivity),
            ["max_relative_error"] = Num(cell.MaxRelativeError),
            ["lambdas"] = new JsonArray([.. cell.Runs.Select(r => Num(r.Lambda))]),
            ["seconds"] = Num(cell.Seconds),
            ["runs"] = new JsonArray([.. cell.Runs.Select(r => (JsonNode?)new JsonObject
            {
                ["noise_seed"] = r.NoiseSeed,
                ["sigma"] = Num(r.Sigma),
                ["sensitivity"] = Num(r.Sensitivity),
                ["reference_sigma"] = r.ReferenceSigma is { } rs ? Num(rs) : null,
                ["sigma0"] = r.Sigma0 is { } s0 ? Num(s0) : null,
                ["smallest_singular_value"] = r.SmallestSingularValue is { } sv ? Num(sv) : null,
                ["lambda"] = Num(r.Lambda),
                ["lambda_s"] = Num(r.LambdaS),
                ["negative_eigenvalues"] = r.NegativeEigenvalues,
                ["model_test_accuracy"] = Num(r.ModelTestAccuracy),
                ["distilled_test_accuracy"] = Num(r.DistilledTestAccuracy),
                ["relative_error"] = Num(r.RelativeError),
                ["seconds"] = Num(r.Seconds),
            })]),
        })]),
    };

    private static void AppendNoise(StringBuilder s, PrivacyCurveResult result, List<PrivacyCurveColumn> dp)
    {
        s.AppendLine("## Noise: sensitivity Δ and σ per ε (dp columns)");
        s.AppendLine();
        s.AppendLine("Clips (the bound C on ‖φ(x)‖ sets Δ = sensitivity of (ΦᵀΦ, ΦᵀY) under replacing one row; see docs/privacy.md):");
        s.AppendLine();
        foreach (PrivacyCurveColumn c in dp.Where(c => c.Bound is not null))
        {
            FeatureNormBound b = c.Bound!;
            s.Append("- ").Append(c.Label).Append(": ")
                .Append(b.ClipsFeatures ? $"feature rows clipped to ‖φ(x)‖ ≤ C = {G(b.Bound)}" : $"input rows clipped to ‖x‖ ≤ B = {G(b.InputClip)}, so C = {G(b.Bound)} ({b.Derivation})")
                .Append("; prepared in ").Append(F(c.PrepareSeconds, 2)).AppendLine(" s.");
        }

        s.AppendLine();
        var groups = dp.GroupBy(c => c.Cells.FirstOrDefault(x => x.Ran)?.Sensitivity.ToString("R", CultureInfo.InvariantCulture) ?? "none").ToList();
        s.AppendLine("| ε | Δ | σ (analytic Gaussian mechanism) | classical σ (Dwork–Roth, ε < 1) | columns |");
        s.AppendLine("|---:|---:|---:|---:|---|");
        foreach (double epsilon in result.Epsilons)
        {
            foreach (IGrouping<string, PrivacyCurveColumn> group in groups)
            {
                PrivacyCurveCell? cell = group.Select(c => Cell(c, epsilon)).FirstOrDefault(x => x is { Ran: true });
                double? classical = cell?.Runs[0].ReferenceSigma;
                s.Append("| ").Append(G(epsilon))
                    .Append(" | ").Append(cell is null ? Missing : G(cell.Sensitivity))
                    .Append(" | ").Append(cell is null ? Missing : G(cell.Sigma))
                    .Append(" | ").Append(classical is { } cs ? G(cs) : Missing)
                    .Append(" | ").Append(groups.Count == 1 ? "all" : string.Join(", ", group.Select(c => c.Label)))
                    .AppendLine(" |");
            }
        }

        s.AppendLine();
    }

    private static void AppendLambdas(StringBuilder s, PrivacyCurveResult result, List<PrivacyCurveColumn> dp)
    {
        s.AppendLine("## λ chosen per noise seed, and ‖W_S − W̃‖/‖W̃‖ (max over seeds)");
        s.AppendLine();
        s.Append("| ε |").AppendJoin(string.Empty, dp.Select(c => $" {c.Label} |")).AppendLine();
        s.Append("|---:|").AppendJoin(string.Empty, dp.Select(_ => "---|")).AppendLine();
        foreach (double epsilon in result.Epsilons)
        {
            s.Append("| ").Append(G(epsilon)).Append(" |");
            foreach (PrivacyCurveColumn c in dp)
            {
                PrivacyCurveCell? cell = Cell(c, epsilon);
                s.Append(' ').Append(cell is { Ran: true } ? $"λ = {string.Join(", ", cell.Runs.Select(r => G(r.Lambda)))}; error {E(cell.MaxRelativeError)}" : Missing).Append(" |");
            }

            s.AppendLine();
        }

        s.AppendLine();
    }

    private static void AppendRowDp(StringBuilder s, PrivacyCurveResult result, List<PrivacyCurveColumn> rowDp, int m)
    {
        s.AppendLine("## Row-dp (the paper's Theorem 6.2), at ε < 1 only");
        s.AppendLine();
        if (rowDp.Count == 0)
        {
            s.AppendLine("No ε below 1 was asked for, so row-dp (which needs 0 < ε < 1) was not run.");
            s.AppendLine();
            return;
        }

        s.Append("IPC ").Append(result.Options.ImagesPerClass).Append(" (m = ").Append(m)
            .AppendLine("), λ = λ_S = 0, one-hot y_s, every training row private (no validation split: λ is fixed), feature rows clipped to C = 1, σ₀ = σ_min(Φ) computed from the private data as in the paper (not itself private).");
        s.AppendLine();
        foreach (PrivacyCurveColumn c in rowDp)
        {
            foreach (PrivacyCurveCell cell in c.Cells)
            {
                s.Append("- ").Append(c.Features).Append(", ε = ").Append(G(cell.Epsilon)).Append(": ");
                if (!cell.Ran)
                {
                    s.Append("does not apply: ").AppendLine(cell.Failure ?? "no release");
                    continue;
                }

                PrivacyCurveRun first = cell.Runs[0];
                s.Append("ran on n = ").Append(c.PrivateCount).Append(" private rows; σ = ").Append(G(cell.Sigma))
                    .Append(" (Theorem 6.2 as printed: ").Append(first.ReferenceSigma is { } rs ? G(rs) : Missing)
                    .Append("), σ₀ = ").Append(first.Sigma0 is { } s0 ? G(s0) : Missing)
                    .Append(", max row sensitivity ").Append(G(cell.Sensitivity))
                    .Append("; distilled test accuracy ").Append(MeanStd(cell)).Append(" %, the non-private λ = 0 model W = YΦ⁺ has ")
                    .Append(Percent(cell.ModelAccuracyMean)).Append(cell.MaxAccuracyGap == 0
                        ? " % (the noise Z cancels exactly, as the theory says)"
                        : " % (in exact arithmetic the noise Z cancels; at this σ rounding errors do not, so the distilled set falls short of W)")
                    .Append("; recovery error ‖W_S − W‖/‖W‖ ≤ ").Append(E(cell.MaxRelativeError)).AppendLine(" (max over seeds).");
            }
        }

        s.AppendLine();
    }

    private static void AppendGuarantee(StringBuilder s)
    {
        s.AppendLine("## What is guaranteed");
        s.AppendLine();
        s.AppendLine("- **dp columns:** each released distilled set (x_s, y_s, λ_s) is (ε, δ)-differentially private with respect to the whole private training set, for neighbouring data sets that differ in one row (one input and its label replaced): the Gaussian mechanism on the clipped statistics ΦᵀΦ and ΦᵀY, then post-processing. Every point of the curve is a separate release from the same rows; publishing several composes their budgets.");
        s.AppendLine("- **row-dp:** each single row of x_s is (ε, δ)-DP with respect to one training input (its label unchanged), and only while y_s stays secret; the set as a whole is not private (with y_s anyone recovers W exactly).");
        s.AppendLine("- **Not protected:** the validation split declared public, on which λ is chosen; the test split (accuracy only); the number n of private rows.");
        s.AppendLine("- **Seeded noise:** the noise seeds make this experiment reproducible and nothing more: whoever knows a seed can subtract the noise, so these particular sets carry no guarantee. A real release draws the noise from the operating system's cryptographic generator.");
        s.AppendLine();
        s.AppendLine("See `docs/privacy.md` in the repository for the mechanisms, the proofs and the exact assumptions.");
    }

    private static string FeatureDescription(string features) => features switch
    {
        "identity" => "identity (p = d)",
        "fcnn" => "fcnn (one hidden LeakyReLU(0.1) layer, p = d, frozen random weights)",
        "rff" => "rff (random Fourier features, p = d, σ² = 1000)",
        "linear" => "linear (one random linear layer, p = d)",
        _ => features,
    };

    private static PrivacyCurveCell? Cell(PrivacyCurveColumn column, double epsilon) => column.Cells.FirstOrDefault(c => c.Epsilon == epsilon);

    private static PrivacyCurveReference? Reference(PrivacyCurveResult result, string features) => result.References.FirstOrDefault(r => r.Features == features);

    private static string MeanStd(PrivacyCurveCell? cell)
        => cell is not { Ran: true } ? Missing : cell.Runs.Count > 1 ? $"{Percent(cell.DistilledAccuracyMean)} ± {Percent(cell.DistilledAccuracyStd)}" : Percent(cell.DistilledAccuracyMean);

    private static string Delta(double delta)
    {
        double exponent = Math.Log10(delta);
        return Math.Abs(exponent - Math.Round(exponent)) < 1e-9
            ? "1e" + Math.Round(exponent).ToString(CultureInfo.InvariantCulture)
            : delta.ToString("G3", CultureInfo.InvariantCulture);
    }
}
