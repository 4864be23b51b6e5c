using KrrDistill.Data;
using KrrDistill.Diagnostics;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Randomness;
using KrrDistill.Ridge;

namespace KrrDistill.Distillation;

/// <summary>
/// Algorithm 1 of the paper (Theorems 4.1 and 5.1, Corollary 4.1.1): target features φ(X_S) and labels
/// Y_S such that KRR on them gives exactly the original W, then inputs X_S constructed from them (PAPER.md §5.1).
/// Written with samples as rows (the paper's matrices transposed once, here): Y (m×k), W (k×p),
/// P = (Y_S⁺ of the paper) = Y(YᵀY)⁺ (m×k), D = P W + (I_m − P Yᵀ) Z (m×p) with SVD D = U diag(σ') Vᵀ; then
/// λ_S = 0: φ(X_S) = U diag(1/σ') Vᵀ (the rows of D⁺ transposed);
/// λ_S &gt; 0: φ(X_S) = U diag(σ) Vᵀ with σ = (1 ± √(1 − 4λ_Sσ'²))/(2σ'), after capping λ_S ≤ 1/(4σ'₁²).
/// With <see cref="LabelMode.Fit"/> it distills labels only (Theorem 4.2) on m ≥ p real points instead.
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
    /// The checks that need only the data, φ and the fit's options, so that impossible settings are refused before the
    /// fit rather than after it: m = IPC·k points of max(d, p) values must fit one array, every class of the training
    /// split (<paramref name="ridge"/>'s seeded split, as <see cref="KernelRidge.Fit(Dataset, IProgress{ProgressReport})"/>
    /// makes it) must hold IPC images, because real initialization, label-only mode and the random-subset baseline
    /// draw them, and the mode must suit φ. Throws <see cref="InputException"/> naming <see cref="DistillerOptions.ImagesPerClass"/>
    /// (or the mode) with the limit.
    /// </summary>
    public void CheckBeforeFit(Dataset train, IFeatureMap featureMap, KernelRidgeOptions? ridge = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(featureMap);
        ridge ??= new KernelRidgeOptions();
        ridge.Validate();
        int k = train.Classes, ipc = Options.ImagesPerClass;
        int m = PointCount(ipc, k, Math.Max(train.Dimension, featureMap.OutputDimension));
        (int[] trainRows, _) = KernelRidge.Split(train.Count, ridge.ValidationFraction, ridge.SplitSeed);
        long[] counts = new long[k];
        foreach (int row in trainRows)
        {
            counts[train.Labels[row]]++;
        }

        int smallest = Array.IndexOf(counts, counts.Min());
        if (counts[smallest] < ipc)
        {
            throw new InputException(nameof(DistillerOptions.ImagesPerClass), $"{ipc} is larger than class {smallest} of {train.Name}, which has {counts[smallest]} training images after the validation split: at most {counts[smallest]}.");
        }

        CheckMode(featureMap, Options.Labels == LabelMode.Fit, m, k, featureMap.OutputDimension);
    }

    /// <summary>m = IPC·k, refused when m points of <paramref name="width"/> values would not fit one array.</summary>
    private static int PointCount(int imagesPerClass, int classes, int width)
    {
        long m = (long)imagesPerClass * classes;
        long largest = Array.MaxLength / Math.Max(1, width);
        if (m > largest)
        {
            throw new InputException(nameof(DistillerOptions.ImagesPerClass), $"{imagesPerClass} gives m = IPC·k = {m} points of {width} values, more than one array holds: at most {largest / classes} per class here.");
        }

        return (int)m;
    }

    /// <summary>
    /// Distills <paramref name="model"/> (fit on <paramref name="train"/>, rows = samples) into m = IPC·k points and
    /// constructs their inputs. Real initialization and label-only mode draw their real points from the rows the model
    /// was fit on. Throws <see cref="InputException"/> naming the option when the theory cannot serve the settings.
    /// </summary>
    public DistilledSet Distill(RidgeModel model, Dataset train, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        DistillerOptions options = Options;
        IFeatureMap featureMap = model.FeatureMap;
        ILinearAlgebraBackend backend = model.Backend;
        int k = model.Classes, p = featureMap.OutputDimension;
        train.RequireFits(featureMap.InputDimension, k, "the model");
        int m = PointCount(options.ImagesPerClass, k, Math.Max(train.Dimension, p));

        CheckMode(featureMap, options.Labels == LabelMode.Fit, m, k, p);
        int[] candidates = FitRows(model, train);
        var timer = new PhaseTimer();
        Matrix w = model.Weights;
        double requested = options.LambdaS ?? model.Lambda;
        progress?.Report(new ProgressReport("distill", 0));
        Matrix inputs, labels, target;
        Matrix? initial = null, targetFeatures = null;
        int[]? realRows;
        double lambdaS = requested, scale = 1.0;
        IReadOnlyList<LinearSolveRoute> routes = [];
        bool capped = false;
        string labelKind;
        if (options.Labels == LabelMode.Fit)
        {
            realRows = ChooseRealRows(train, candidates, options.ImagesPerClass, k, options.Seed);
            inputs = new Matrix(m, train.Dimension);
            train.CopyInputs(realRows, inputs.Data);
            target = new Matrix(m, p);
            featureMap.Map(inputs.Data, m, target.Data);
            labels = LabelDistiller.LabelsForFeatures(w, target, lambdaS, backend);
            labelKind = "fit";
            timer.Lap("label distillation");
        }
        else
        {
            AnalyticDistillation analytic = Distill(w, featureMap,
                new AnalyticDistillerOptions
                {
                    ImagesPerClass = options.ImagesPerClass,
                    Init = options.Init,
                    Labels = options.Labels,
                    LambdaS = requested,
                    PlusRoot = options.PlusRoot,
                    Seed = options.Seed,
                },
                train, candidates, backend);
            timer.Lap("distill (Algorithm 1)");
            progress?.Report(new ProgressReport("construct inputs", 0));
            FeatureInversion inversion = ((IInvertibleFeatureMap)featureMap).Invert(analytic.TargetFeatures);
            timer.Lap("construct inputs");
            inputs = inversion.Inputs;
            scale = inversion.FeatureScale;
            routes = inversion.LayerRoutes;
            labels = analytic.Labels;
            target = analytic.TargetFeatures;
            targetFeatures = target;
            lambdaS = analytic.LambdaS;
            capped = analytic.LambdaCapped;
            labelKind = analytic.LabelKind;
            initial = analytic.InitialInputs;
            realRows = analytic.RealRows;
        }

        Matrix before = KernelRidgeSolver.Solve(target, labels, lambdaS, backend);
        double errorBefore = Matrix.RelativeError(before, w);
        timer.Lap("W_S from the target features");
        return new DistilledSet
        {
            Inputs = inputs,
            Labels = labels,
            LambdaS = lambdaS,
            FeatureMap = featureMap,
            Normalization = model.Normalization,
            ImageShape = model.ImageShape,
            InitialInputs = initial,
            Result = new DistillationResult
            {
                Method = options.Labels == LabelMode.Fit ? "labels" : "analytic",
                DatasetName = model.FitResult?.DatasetName ?? ModelArtefact.DataSetName(train.Name),
                Options = options,
                OriginalFit = model.FitResult,
                LabelKind = labelKind,
                OriginalLambda = model.Lambda,
                RequestedLambdaS = requested,
                LambdaCapped = capped,
                ErrorBeforeInversion = errorBefore,
                FeatureScale = scale,
                InversionRoutes = routes,
                TargetFeatures = targetFeatures,
                RealRows = realRows,
                Timings = timer.Phases,
            },
        };
    }

    /// <summary>
    /// The rows of <paramref name="train"/> that <paramref name="model"/> was fit on (its training split), when it was fit
    /// on this very data set; else every row. Real points are drawn from these, never from the validation split.
    /// </summary>
    internal static int[] FitRows(RidgeModel? model, Dataset train)
        => model?.FitResult is { TrainRows: { } rows } fit && fit.DatasetName == ModelArtefact.DataSetName(train.Name) && rows.All(r => r < train.Count)
            ? rows
            : Enumerable.Range(0, train.Count).ToArray();

    /// <summary>Refuses settings the theory cannot serve, before any work, naming the option.</summary>
    internal static void CheckMode(IFeatureMap featureMap, bool labelsOnly, int m, int k, int p)
    {
        int minimumIpc = (p + k - 1) / k;
        if (labelsOnly)
        {
            if (m < p)
            {
                throw new InputException(nameof(DistillerOptions.ImagesPerClass), $"must be at least {minimumIpc} for label distillation: it needs m = IPC·k ≥ p = {p} real points (PAPER.md Theorem 4.2).");
            }

            return;
        }

        bool constructible = featureMap is IInvertibleFeatureMap && (featureMap.IsSurjective || featureMap is DeepLinearNetwork);
        if (!constructible)
        {
            throw new InputException(nameof(FeatureMapOptions.Width),
                $"{p} > d = {featureMap.InputDimension} makes {featureMap.Kind.ArtefactName()} features not surjective, so target features generally have no preimage (PAPER.md Theorem 5.2); use a width ≤ {featureMap.InputDimension}, or label distillation (Labels = Fit) with IPC ≥ {minimumIpc} (Theorem 4.2 on m ≥ p real points).");
        }
    }

    /// <summary>
    /// Distills the model <paramref name="weights"/> (W, k×p) of <paramref name="featureMap"/>. Real initialization
    /// draws IPC images per class from <paramref name="data"/> rows <paramref name="candidateRows"/> (the training split).
    /// Throws <see cref="ArgumentException"/> for m &lt; k (Theorem 4.1) and for too few images in a class.
    /// </summary>
    internal static AnalyticDistillation Distill(Matrix weights, IFeatureMap featureMap, AnalyticDistillerOptions options,
        Dataset? data, int[]? candidateRows, ILinearAlgebraBackend backend)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(featureMap);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(backend);
        int k = weights.Rows, p = weights.Columns;
        if (options.ImagesPerClass < 1)
        {
            throw new InputException(nameof(DistillerOptions.ImagesPerClass), $"must be at least 1 (got {options.ImagesPerClass}): with m < k distilled points no X_S gives W_S = W in general (PAPER.md Theorem 4.1).");
        }

        if (!(options.LambdaS >= 0) || !double.IsFinite(options.LambdaS))
        {
            throw new InputException(nameof(DistillerOptions.LambdaS), $"must be a finite number ≥ 0 (got {options.LambdaS}).");
        }

        int m = options.ImagesPerClass * k;
        int[] classes = BalancedClasses(options.ImagesPerClass, k);
        Matrix y = OneHot(classes, k);
        string labelKind = "onehot";
        Matrix? initial = null;
        int[]? realRows = null;
        Matrix? regularizedPinv = null;
        if (options.Init == InitMode.Real)
        {
            ArgumentNullException.ThrowIfNull(data);
            ArgumentNullException.ThrowIfNull(candidateRows);
            realRows = ChooseRealRows(data, candidateRows, options.ImagesPerClass, k, options.Seed);
            initial = new Matrix(m, data.Dimension);
            data.CopyInputs(realRows, initial.Data);
            var realFeatures = new Matrix(m, p);
            featureMap.Map(initial.Data, m, realFeatures.Data);
            ThinSvd svd = ThinSvd.Compute(realFeatures, backend);
            double lambda = options.LambdaS, tolerance = svd.Tolerance;

            // φ_λ(X̂) and its pseudo-inverse share the singular vectors of φ(X̂) (rows as points, m×p).
            regularizedPinv = svd.Compose(s => s > tolerance ? s / ((s * s) + lambda) : 0.0, backend);
            if (options.Labels == LabelMode.Model)
            {
                Matrix regularized = svd.Compose(s => s > tolerance ? ((s * s) + lambda) / s : 0.0, backend);
                var predicted = new Matrix(m, k);
                backend.Gemm(Transpose.No, Transpose.Yes, m, k, p, 1.0, regularized.Data, p, weights.Data, p, 0.0, predicted.Data, k);
                if (ThinSvd.Compute(predicted, backend).Rank == k)
                {
                    y = predicted;
                    labelKind = "model";
                }
            }
        }

        Matrix pw = PseudoLabels(y, backend, weights, out Matrix pseudo);
        Matrix z;
        if (regularizedPinv is not null)
        {
            // Z = φ_λ(X̂)⁺ − P W; the projection (I − P Yᵀ) is applied in Combine (Corollary 4.1.1).
            z = regularizedPinv;
            for (int i = 0; i < z.Data.Length; i++)
            {
                z.Data[i] -= pw.Data[i];
            }
        }
        else
        {
            double std = StandardDeviation(pw.Data);
            double noiseStd = options.NoiseStd ?? (0.1 * (std > 0 ? std : 1.0));
            if (!(noiseStd >= 0) || !double.IsFinite(noiseStd))
            {
                throw new ArgumentException($"the noise standard deviation must be finite and ≥ 0 (got {noiseStd}).");
            }

            z = new Matrix(m, p);
            if (options.Noise is { } noise)
            {
                noise.Fill(z.Data, noiseStd);
            }
            else
            {
                new SeededRandom(options.Seed).FillGaussian(z.Data, noiseStd);
            }
            if (featureMap is DeepLinearNetwork { IsSurjective: false } linear)
            {
                // Keep D's rows in Range(M) so that the targets have preimages (PAPER.md caveat to Theorem 5.3).
                Matrix projector = linear.RangeProjector();
                var projected = new Matrix(m, p);
                backend.Gemm(Transpose.No, Transpose.No, m, p, p, 1.0, z.Data, p, projector.Data, p, 0.0, projected.Data, p);
                z = projected;
            }
        }

        Matrix d = Combine(y, pseudo, pw, z, backend);
        ThinSvd dSvd = ThinSvd.Compute(d, backend);
        double top = dSvd.S.Length == 0 ? 0 : dSvd.S[0];
        double cap = top > 0 ? 1.0 / (4 * top * top) : double.PositiveInfinity;
        double lambdaS = options.LambdaS;
        bool capped = false;
        if (lambdaS > cap)
        {
            lambdaS = cap;
            capped = true;
        }

        double dTolerance = dSvd.Tolerance;
        Matrix target;
        if (lambdaS == 0)
        {
            target = dSvd.Compose(s => s > dTolerance ? 1.0 / s : 0.0, backend);
        }
        else
        {
            double sign = options.PlusRoot ? 1.0 : -1.0;
            target = dSvd.Compose(s => s > dTolerance ? (1 + (sign * Math.Sqrt(Math.Max(0, 1 - (4 * lambdaS * s * s))))) / (2 * s) : 0.0, backend);
        }

        return new AnalyticDistillation
        {
            TargetFeatures = target,
            Labels = y,
            LambdaS = lambdaS,
            LambdaCap = cap,
            LambdaCapped = capped,
            LabelKind = labelKind,
            InitialInputs = initial,
            RealRows = realRows,
            Classes = classes,
        };
    }

    /// <summary>D = P W + (I − P Yᵀ) Z (m×p), given P (m×k) and P W (m×p).</summary>
    internal static Matrix Combine(Matrix y, Matrix pseudo, Matrix pw, Matrix z, ILinearAlgebraBackend backend)
    {
        int m = y.Rows, k = y.Columns, p = pw.Columns;

        // (I − P Yᵀ) Z = Z − P (Yᵀ Z).
        var ytz = new Matrix(k, p);
        backend.Gemm(Transpose.Yes, Transpose.No, k, p, m, 1.0, y.Data, k, z.Data, p, 0.0, ytz.Data, p);
        var d = z.Clone();
        backend.Gemm(Transpose.No, Transpose.No, m, p, k, -1.0, pseudo.Data, k, ytz.Data, p, 1.0, d.Data, p);
        for (int i = 0; i < d.Data.Length; i++)
        {
            d.Data[i] += pw.Data[i];
        }

        return d;
    }

    /// <summary>P W (m×p) with P = (Y_S⁺ of the paper) (m×k); throws unless rank(Y) = k.</summary>
    private static Matrix PseudoLabels(Matrix y, ILinearAlgebraBackend backend, Matrix weights, out Matrix pseudo)
    {
        ThinSvd svd = ThinSvd.Compute(y, backend);
        if (svd.Rank < y.Columns)
        {
            throw new ArgumentException($"the distilled labels have rank {svd.Rank} < k = {y.Columns}; Theorem 4.1 needs rank(Y_S) = k.");
        }

        pseudo = svd.PseudoInverseTransposed(backend);
        int m = y.Rows, k = y.Columns, p = weights.Columns;
        var pw = new Matrix(m, p);
        backend.Gemm(Transpose.No, Transpose.No, m, p, k, 1.0, pseudo.Data, k, weights.Data, p, 0.0, pw.Data, p);
        return pw;
    }

    /// <summary>
    /// IPC rows per class from <paramref name="candidates"/>, drawn without replacement with <paramref name="seed"/>,
    /// interleaved as classes 0…k−1, IPC times (the order of the distilled labels).
    /// </summary>
    internal static int[] ChooseRealRows(Dataset data, int[] candidates, int imagesPerClass, int classes, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(candidates);
        var byClass = new List<int>[classes];
        for (int c = 0; c < classes; c++)
        {
            byClass[c] = [];
        }

        foreach (int row in candidates)
        {
            byClass[data.Labels[row]].Add(row);
        }

        var random = new SeededRandom(seed);
        var chosen = new int[classes][];
        for (int c = 0; c < classes; c++)
        {
            if (byClass[c].Count < imagesPerClass)
            {
                throw new InputException(nameof(DistillerOptions.ImagesPerClass), $"{imagesPerClass} is larger than class {c}, which has {byClass[c].Count} training images.");
            }

            int[] order = random.Permutation(byClass[c].Count);
            chosen[c] = order.Take(imagesPerClass).Select(i => byClass[c][i]).ToArray();
        }

        var rows = new int[imagesPerClass * classes];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = chosen[i % classes][i / classes];
        }

        return rows;
    }

    /// <summary>The classes of the m = IPC·k distilled points: 0…k−1, IPC times (the paper code's order).</summary>
    internal static int[] BalancedClasses(int imagesPerClass, int k) => Enumerable.Range(0, imagesPerClass * k).Select(i => i % k).ToArray();

    /// <summary>Balanced one-hot labels (m×k) for the given classes.</summary>
    internal static Matrix OneHot(int[] classes, int k)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var y = new Matrix(classes.Length, k);
        for (int i = 0; i < classes.Length; i++)
        {
            y[i, classes[i]] = 1.0;
        }

        return y;
    }

    private static double StandardDeviation(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}
