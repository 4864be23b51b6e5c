using KrrDistill.Data;
using KrrDistill.Diagnostics;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Distillation;

/// <summary>
/// Distills a model into m = IPC·k points whose KRR model is the model (docs/theory.md §3–4): Algorithm 1 gives target
/// features φ(X_S) and labels Y_S (Theorems 4.1 and 5.1, Corollary 4.1.1), and the feature map's inversion constructs
/// the inputs X_S. With <see cref="LabelMode.Fit"/> it distills labels only (Theorem 4.2) on m ≥ p real points instead.
/// A private release is the same distiller, given the released model and the calibrated noise.
/// </summary>
public sealed class AnalyticDistiller
{
    /// <summary>A distiller with <paramref name="options"/> (null: the defaults), validated here.</summary>
    public AnalyticDistiller(DistillerOptions? options = null)
    {
        Options = options ?? new DistillerOptions();
        Options.Validate();
    }

    /// <summary>The options.</summary>
    public DistillerOptions Options { get; }

    /// <summary>
    /// The checks that need only the rows the fit will use and φ, so that impossible settings are refused before any
    /// fitting work: m = IPC·k points of max(d, p) values must fit one array, every class of <paramref name="train"/> (the
    /// training split, <see cref="TrainingSplit.Train"/>) must hold IPC rows, because real initialization, label-only mode
    /// and the random-subset baseline draw them, and the mode must suit φ. Throws <see cref="InputException"/> naming
    /// <see cref="DistillerOptions.ImagesPerClass"/> (or the mode) with the limit.
    /// </summary>
    public void CheckBeforeFit(TrainingRows train, IFeatureMap featureMap)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(featureMap);
        int k = train.Data.Classes, ipc = Options.ImagesPerClass;
        int m = PointCount(ipc, k, Math.Max(train.Data.Dimension, featureMap.OutputDimension));
        (int smallest, long count) = train.SmallestClass();
        if (count < ipc)
        {
            throw new InputException(nameof(DistillerOptions.ImagesPerClass), $"{ipc} is larger than class {smallest} of {train.Data.Name}, which has {count} training images after the validation split: at most {count}.");
        }

        CheckMode(featureMap, Options.Labels == LabelMode.Fit, m, k, featureMap.OutputDimension);
    }

    /// <summary>
    /// Distills <paramref name="model"/> (rows = samples) and constructs the inputs, drawing real points from the rows
    /// the model was fit on when they belong to <paramref name="train"/> (the same object), else from all of its rows.
    /// </summary>
    public DistilledSet Distill(RidgeModel model, Dataset train, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        return Distill(model, FitRows(model, train), progress);
    }

    /// <summary>The rows <paramref name="model"/> was fit on when they belong to <paramref name="train"/> (the same object), else all of its rows.</summary>
    internal static TrainingRows FitRows(RidgeModel? model, Dataset train)
        => model?.FitResult?.Rows is { } rows && ReferenceEquals(rows.Data, train) ? rows : new TrainingRows(train);

    /// <summary>
    /// Distills <paramref name="model"/> into m = IPC·k points and constructs their inputs. Real initialization and
    /// label-only mode draw their real points from <paramref name="rows"/> (the training split the model was fit on,
    /// never its validation split). Throws <see cref="InputException"/> naming the option when the theory cannot serve
    /// the settings.
    /// </summary>
    public DistilledSet Distill(RidgeModel model, TrainingRows rows, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return DistillRows(model, rows, progress).NamingClassesOf(rows.Data);
    }

    private DistilledSet DistillRows(RidgeModel model, TrainingRows rows, IProgress<ProgressReport>? progress)
    {
        ArgumentNullException.ThrowIfNull(model);
        IFeatureMap featureMap = model.FeatureMap;
        int k = model.Classes, p = featureMap.OutputDimension;
        rows.Data.RequireFits(featureMap.InputDimension, k, "the model");
        int m = PointCount(Options.ImagesPerClass, k, Math.Max(rows.Data.Dimension, p));
        CheckMode(featureMap, Options.Labels == LabelMode.Fit, m, k, p);
        var timer = new PhaseTimer();
        progress?.Report(new ProgressReport("distill", 0));
        if (Options.Labels != LabelMode.Fit)
        {
            Targets targets = DistillTargets(model, rows, null, timer);
            return Construct(targets, model, model.FitResult?.DatasetName ?? rows.Data.SourceName, progress, timer);
        }

        double lambdaS = Options.LambdaS ?? model.Lambda;
        int[] realRows = AlgorithmOne.ChooseRealRows(rows, Options.ImagesPerClass, k, Options.Seed);
        var inputs = new Matrix(m, rows.Data.Dimension);
        rows.Data.CopyInputs(realRows, inputs.Data);
        var features = new Matrix(m, p);
        featureMap.Map(inputs.Data, m, features.Data);
        Matrix labels = LabelDistiller.LabelsForFeatures(model.Weights, features, lambdaS);
        timer.Lap("label distillation");
        double errorBefore = Matrix.RelativeError(KernelRidgeSolver.Solve(features, labels, lambdaS), model.Weights);
        timer.Lap("W_S from the target features");
        return Package(model, inputs, labels, lambdaS, null, new DistillationResult
        {
            Method = "labels",
            DatasetName = model.FitResult?.DatasetName ?? rows.Data.SourceName,
            Options = Options,
            OriginalFit = model.FitResult,
            LabelKind = "fit",
            OriginalLambda = model.Lambda,
            RequestedLambdaS = lambdaS,
            LambdaCapped = false,
            ErrorBeforeInversion = errorBefore,
            FeatureScale = 1.0,
            InversionRoutes = [],
            RealRows = realRows,
            Timings = timer.Phases,
        });
    }

    /// <summary>Algorithm 1 on <paramref name="model"/>'s W and the recovery ‖W_S − W‖/‖W‖ of the targets, before any input exists.</summary>
    internal Targets DistillTargets(RidgeModel model, TrainingRows? rows, NoiseInit? noise, PhaseTimer timer)
    {
        double requested = Options.LambdaS ?? model.Lambda;
        AnalyticDistillation analytic = AlgorithmOne.Run(model.Weights, model.FeatureMap, Options, requested, rows, noise);
        timer.Lap("distill (Algorithm 1)");
        Matrix solved = KernelRidgeSolver.Solve(analytic.TargetFeatures, analytic.Labels, analytic.LambdaS);
        double errorBefore = Matrix.RelativeError(solved, model.Weights);
        timer.Lap("W_S from the target features");
        return new Targets(analytic, requested, errorBefore);
    }

    /// <summary>Constructs the inputs of <paramref name="targets"/> (a solve per layer of φ) and packages the set.</summary>
    internal DistilledSet Construct(Targets targets, RidgeModel model, string datasetName, IProgress<ProgressReport>? progress, PhaseTimer timer,
        string method = "analytic", System.Text.Json.Nodes.JsonObject? extraMeta = null)
    {
        progress?.Report(new ProgressReport("construct inputs", 0));
        AnalyticDistillation analytic = targets.Analytic;
        FeatureInversion inversion = ((IInvertibleFeatureMap)model.FeatureMap).Invert(analytic.TargetFeatures);
        Matrix features = RequireRepresentable(inversion, model.FeatureMap);
        timer.Lap("construct inputs");
        bool isPrivate = method == "private";
        DistilledSet set = Package(model, inversion.Inputs, analytic.Labels, analytic.LambdaS, analytic.InitialInputs, new DistillationResult
        {
            Method = method,
            DatasetName = datasetName,
            Options = isPrivate ? null : Options,
            OriginalFit = isPrivate ? null : model.FitResult,
            LabelKind = analytic.LabelKind,
            OriginalLambda = model.Lambda,
            RequestedLambdaS = targets.RequestedLambdaS,
            LambdaCapped = analytic.LambdaCapped,
            ErrorBeforeInversion = targets.ErrorBeforeInversion,
            FeatureScale = inversion.FeatureScale,
            InversionRoutes = inversion.LayerRoutes,
            FeatureReconstructionError = isPrivate ? double.NaN : Matrix.RelativeError(features, analytic.TargetFeatures, inversion.FeatureScale),
            RealRows = analytic.RealRows,
            ExtraMeta = extraMeta,
            Timings = timer.Phases,
        });
        set.KeepFeatures(features);
        return set;
    }

    /// <summary>
    /// Refuses constructed inputs that double precision cannot carry: inputs, or their features, that are not finite.
    /// Each layer's inversion multiplies the error by the layer's condition number, so a deep enough map sends the
    /// inputs to 1e300 and beyond, where φ overflows and the set would train nothing like W. Returns φ(X_S) (m×p).
    /// </summary>
    private static Matrix RequireRepresentable(FeatureInversion inversion, IFeatureMap map)
    {
        const double LargestFeature = 1e150;
        Matrix x = inversion.Inputs;
        var features = new double[(long)x.Rows * map.OutputDimension];
        bool finite = System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<double>(x.Data);
        if (finite)
        {
            // Features the Gram Φ_SᵀΦ_S can square and sum: beyond 1e150 a product overflows.
            map.Map(x.Data, x.Rows, features);
            finite = System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<double>(features)
                && (features.Length == 0 || System.Numerics.Tensors.TensorPrimitives.MaxMagnitudeNumber<double>(features) <= LargestFeature);
        }

        if (!finite)
        {
            int depth = inversion.LayerRoutes.Count;
            bool inputsFinite = System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<double>(x.Data);
            string reach = inputsFinite
                ? $"they reach {Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitudeNumber<double>(x.Data)).ToString("G3", System.Globalization.CultureInfo.InvariantCulture)}, and their features overflow the Gram matrix that trains on them"
                : "they overflow to infinity or NaN";
            string why = $"the constructed inputs are beyond what double precision can carry through φ ({reach})";
            throw depth > 1
                ? new InputException("Depth", $"is {depth}: {why}: each layer inverted multiplies the error by its condition number; use a shallower feature map.")
                : new InputException($"{why}; the data or the feature map's scale cannot be inverted in double precision.");
        }

        return new Matrix(x.Rows, map.OutputDimension, features);
    }

    /// <summary>Refuses settings the theory cannot serve, before any work, naming the option.</summary>
    internal static void CheckMode(IFeatureMap featureMap, bool labelsOnly, int m, int k, int p)
    {
        int minimumIpc = (p + k - 1) / k;
        if (labelsOnly)
        {
            if (m < p)
            {
                throw new InputException(nameof(DistillerOptions.ImagesPerClass), $"must be at least {minimumIpc} for label distillation: it needs m = IPC·k ≥ p = {p} real points (Theorem 4.2, docs/theory.md §3).");
            }

            return;
        }

        bool constructible = featureMap is IInvertibleFeatureMap && (featureMap.IsSurjective || WhitenedFeatureMap.Unwhitened(featureMap) is DeepLinearNetwork);
        if (!constructible)
        {
            throw new InputException(nameof(FeatureMapOptions.Width),
                $"{p} > d = {featureMap.InputDimension} makes {featureMap.Kind.ArtefactName()} features not surjective, so target features generally have no preimage (Theorem 5.2, docs/theory.md §4); use a width ≤ {featureMap.InputDimension}, or label distillation ({OptionNames.Refer(nameof(DistillerOptions.Labels))} fit) with IPC ≥ {minimumIpc} (Theorem 4.2 on m ≥ p real points).");
        }
    }

    /// <summary>m = IPC·k, refused when m points of <paramref name="width"/> values would not fit one array.</summary>
    internal static int PointCount(int imagesPerClass, int classes, int width)
    {
        long m = (long)imagesPerClass * classes;
        long largest = Array.MaxLength / Math.Max(1, width);
        if (m > largest)
        {
            throw new InputException(nameof(DistillerOptions.ImagesPerClass), $"{imagesPerClass} gives m = IPC·k = {m} points of {width} values, more than one array holds: at most {largest / classes} per class here.");
        }

        return (int)m;
    }

    private static DistilledSet Package(RidgeModel model, Matrix inputs, Matrix labels, double lambdaS, Matrix? initial, DistillationResult result) => new()
    {
        Inputs = inputs,
        Labels = labels,
        LambdaS = lambdaS,
        FeatureMap = model.FeatureMap,
        Normalization = model.Normalization,
        ImageShape = model.ImageShape,
        InitialInputs = initial,
        Result = result,
    };
}

/// <summary>Algorithm 1's output with the λ_S asked for and the recovery error of the targets.</summary>
internal sealed record Targets(AnalyticDistillation Analytic, double RequestedLambdaS, double ErrorBeforeInversion);
