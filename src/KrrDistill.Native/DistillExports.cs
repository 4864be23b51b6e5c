using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KrrDistill.Data;
using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.Privacy;
using KrrDistill.Ridge;

namespace KrrDistill.Native;

/// <summary>The distillation half of the C ABI: Algorithm 1 on a fitted model, and the two private releases.</summary>
internal static unsafe partial class Exports
{
    /// <summary>
    /// Distills the model (Algorithm 1); options: ipc, init (noise or real), lambda_s (0, a number or "original"), labels
    /// (model, onehot, fit), root (plus or minus), seed (default: the model's). The arrays (x null: none) are the data
    /// the model was fit on, from which init "real" and labels "fit" draw their points; noise initialization needs none.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_distill", CallConvs = [typeof(CallConvCdecl)])]
    public static int Distill(nint model, void* x, int dtype, long n, int d, long* y, byte* options, nint* set) => NativeCall.Run(() =>
    {
        FittedModel fitted = Handles.Get<FittedModel>(model);
        RidgeModel m = fitted.Model;
        DistillerOptions distiller = NativeOptions.Parse(options).Distiller(fitted.Seed);
        var analytic = new AnalyticDistiller(distiller);
        bool drawsReal = distiller.Init == InitMode.Real || distiller.Labels == LabelMode.Fit;
        TrainingRows rows;
        if (x == null)
        {
            if (drawsReal)
            {
                throw new InputException(distiller.Labels == LabelMode.Fit ? nameof(DistillerOptions.Labels) : nameof(DistillerOptions.Init),
                    "draws real training samples: pass the training arrays (x, y) the model was fit on.");
            }

            rows = new TrainingRows(NativeArrays.Empty("x_train", m.FeatureMap.InputDimension, m.Classes));
        }
        else
        {
            if (y == null)
            {
                throw new InputException("y: the training labels are required with x.");
            }

            // The arrays the model was fit on, split again with its seed and validation fraction: real points come from
            // its training split. Only real points need IPC of them per class (here there is no random-subset baseline).
            Dataset train = Checked(NativeArrays.ToDataset("x", x, dtype, n, d, y, m.Classes, m.Normalization), m);
            double fraction = m.FitResult?.Options.ValidationFraction ?? new KernelRidgeOptions().ValidationFraction;
            TrainingSplit split = TrainingSplit.Of(train, new KernelRidgeOptions { Seed = fitted.Seed, ValidationFraction = fraction });
            if (drawsReal)
            {
                analytic.CheckBeforeFit(split.Train, m.FeatureMap);
            }

            rows = m.FitResult?.Rows is null ? new TrainingRows(train) : split.Train;
        }

        *set = Handles.New(analytic.Distill(m, rows));
    });

    /// <summary>
    /// A private release (docs/privacy.md) of the training arrays, scored on the public test arrays: options privacy
    /// ("dp": the whole set (ε, δ)-DP; "row-dp": Theorem 6.2), epsilon, delta, clip_norm, clip_space (features or
    /// input), sigma0 (row-dp), public_validation (dp), noise_seed (tests only), and the feature, λ and distiller options
    /// of krr_fit and krr_distill.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_distill_private", CallConvs = [typeof(CallConvCdecl)])]
    public static int DistillPrivate(void* x, int dtype, long n, int d, long* y, void* xTest, int testDtype, long testN, long* yTest, byte* options, nint* set)
        => NativeCall.Run(() =>
    {
        NativeOptions o = NativeOptions.Parse(options);
        if (y == null || yTest == null)
        {
            throw new InputException(y == null ? "y: the training labels are required." : "y_test: the test labels are required.");
        }

        PrivacyOptions privacy = Privacy(o);
        // k as the CLI counts it: over the training and the test labels.
        int classes = o.Int("classes") ?? (int)Math.Max(Largest(y, n), Largest(yTest, testN)) + 1;
        Dataset train = NativeArrays.ToDataset("x", x, dtype, n, d, y, classes);
        Dataset test = NativeArrays.ToDataset("x_test", xTest, testDtype, testN, d, yTest, classes, labelName: "y_test");
        KernelRidgeOptions ridge = o.Ridge();
        DistillerOptions distiller = o.Distiller(ridge.Seed);
        IFeatureMap map = o.FeatureMap(d);
        new AnalyticDistiller(distiller).CheckBeforeFit(TrainingSplit.Of(train, ridge).Train, map);
        PrivateDistillResult released = new PrivateDistiller(privacy, distiller, ridge).Distill(map, train, test);
        *set = Handles.New(released.Set);
    });

    /// <summary>The largest of <paramref name="n"/> labels (0 for none; out-of-range labels are refused when the data set is made).</summary>
    private static long Largest(long* labels, long n)
    {
        long largest = 0;
        for (long i = 0; i < n; i++)
        {
            largest = Math.Max(largest, labels[i]);
        }

        return Math.Min(largest, Dataset.MaxClassIndex);
    }

    /// <summary>The privacy options as the CLI's --privacy options read them, every setting refused by name where it does not apply.</summary>
    private static PrivacyOptions Privacy(NativeOptions o)
        => PrivacyOptions.Create(
            o.Choice("privacy", "dp", "dp", "row-dp") == "dp" ? PrivacyMode.Dp : PrivacyMode.RowDp,
            o.Double("epsilon"),
            o.Double("delta"),
            o.Double("clip_norm"),
            o.Choice("clip_space", "features", "features", "input") == "features",
            o.Int("noise_seed"),
            o.Bool("public_validation"),
            o.Double("sigma0"));
}
