using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KrrDistill.Data;
using KrrDistill.Ridge;

namespace KrrDistill.Native;

/// <summary>
/// The streaming half of the C ABI: sufficient statistics (ΦᵀΦ, ΦᵀY; docs/theory.md §2) added batch by batch, merged, saved
/// and loaded as stats.npz, and fit into the model one pass over all the data would give.
/// </summary>
internal static unsafe partial class Exports
{
    /// <summary>Empty statistics; options: features, width, depth, rff_sigma2, seed (φ as krr_fit makes it), inputs (d), classes (k).</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_stats_new", CallConvs = [typeof(CallConvCdecl)])]
    public static int StatsNew(byte* options, nint* stats) => NativeCall.Run(() =>
    {
        NativeOptions o = NativeOptions.Parse(options);
        int d = o.Int("inputs") ?? throw new InputException("inputs: the number of input values per sample (d) is required.");
        int k = o.Int("classes") ?? throw new InputException("classes: the number of classes (k) is required.");
        if (d < 1 || k < 2 || k > Dataset.MaxClassIndex + 1)
        {
            throw new InputException(d < 1 ? $"inputs must be ≥ 1 (got {d})." : $"classes must lie in 2..{Dataset.MaxClassIndex + 1} (got {k}).");
        }

        *stats = Handles.New(StatisticsHandle.Create(o.FeatureMap(d), k, o.Int("seed") ?? 0, o.Precision()));
    });

    /// <summary>Adds a batch of n samples (labels in 0…k−1) through φ.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_stats_add", CallConvs = [typeof(CallConvCdecl)])]
    public static int StatsAdd(nint stats, void* x, int dtype, long n, int d, long* y) => NativeCall.Run(() => AddBatch(stats, false, x, dtype, n, d, y));

    /// <summary>
    /// Adds a batch of n samples through φ to the validation statistics (<paramref name="validation"/> ≠ 0) or to the
    /// training statistics: a fit without a fixed λ and without validation arrays chooses λ by the exact validation mean
    /// squared error from them.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_stats_add_to", CallConvs = [typeof(CallConvCdecl)])]
    public static int StatsAddTo(nint stats, int validation, void* x, int dtype, long n, int d, long* y)
        => NativeCall.Run(() => AddBatch(stats, validation != 0, x, dtype, n, d, y));

    private static void AddBatch(nint stats, bool validation, void* x, int dtype, long n, int d, long* y)
    {
        StatisticsHandle s = Handles.Get<StatisticsHandle>(stats);
        if (y == null)
        {
            throw new InputException("y: the batch's labels are required.");
        }

        s.Add(NativeArrays.ToDataset("x", x, dtype, n, d, y, s.Read(a => a.Train.Classes)), validation);
    }

    /// <summary>Adds the statistics <paramref name="other"/> into <paramref name="stats"/> (other is unchanged).</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_stats_merge", CallConvs = [typeof(CallConvCdecl)])]
    public static int StatsMerge(nint stats, nint other) => NativeCall.Run(() => Handles.Get<StatisticsHandle>(stats).Merge(Handles.Get<StatisticsHandle>(other)));

    /// <summary>The samples counted (training and validation statistics), p, k and d.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_stats_info", CallConvs = [typeof(CallConvCdecl)])]
    public static int StatsInfo(nint stats, long* count, long* validationCount, int* p, int* k, int* d) => NativeCall.Run(() =>
    {
        (long, long, int, int, int) info = Handles.Get<StatisticsHandle>(stats).Read(a => (a.Train.Count, a.Validation.Count, a.Train.Features, a.Train.Classes, a.FeatureMap.InputDimension));
        (*count, *validationCount, *p, *k, *d) = info;
    });

    /// <summary>
    /// Fits W from the statistics: λ fixed (options: lambda), or chosen by accuracy on the validation arrays (x non-null),
    /// or, for a stats.npz with validation statistics, by the exact validation mean squared error they give.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_stats_fit", CallConvs = [typeof(CallConvCdecl)])]
    public static int StatsFit(nint stats, byte* options, void* x, int dtype, long n, int d, long* y, nint* model) => NativeCall.Run(() =>
    {
        NativeOptions o = NativeOptions.Parse(options);
        if (x != null && y == null)
        {
            throw new InputException("validation: the labels are required with the inputs.");
        }

        (RidgeModel fitted, int seed) = Handles.Get<StatisticsHandle>(stats).Read(a =>
        {
            Dataset? validation = x == null ? null : NativeArrays.ToDataset("validation", x, dtype, n, d, y, 0, a.Normalization, "validation labels");
            var ridge = new KernelRidge(a.FeatureMap, new KernelRidgeOptions { Seed = a.Seed, Lambda = o.Double("lambda") });
            RidgeModel model = validation is not null
                ? ridge.Fit(a.Train, LambdaChoice.ValidationAccuracy(new TrainingRows(validation)), a.Normalization, validation.ImageShape)
                : a.Validation.Count > 0
                    ? ridge.Fit(a.Train, LambdaChoice.ValidationMeanSquaredError(a.Validation), a.Normalization, a.ImageShape)
                    : ridge.Fit(a.Train, LambdaChoice.Fixed, a.Normalization);
            return (model, a.Seed);
        });
        *model = Handles.New(new FittedModel(fitted, seed));
    });

    /// <summary>Writes stats.npz (atomically), the file <c>krr-distill stats</c> writes and <c>merge</c> and <c>fit --stats</c> read.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_stats_save", CallConvs = [typeof(CallConvCdecl)])]
    public static int StatsSave(nint stats, byte* path) => NativeCall.Run(() => Saved(path, Handles.Get<StatisticsHandle>(stats).Save));

    /// <summary>Reads a stats.npz (from <c>krr-distill stats</c>, <c>merge</c> or <c>krr_stats_save</c>).</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_stats_load", CallConvs = [typeof(CallConvCdecl)])]
    public static int StatsLoad(byte* path, nint* stats)
        => NativeCall.Run(() => *stats = Handles.New(StatisticsHandle.Of(Loaded(path, p => StatisticsArtefact.Load(p)))));
}
