using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Privacy;
using KrrDistill.Ridge;

namespace KrrDistill.Distillation;

/// <summary>
/// One distillation run end to end (DESIGN.md data flow): fit the original model, distill it
/// (Algorithm 1, or Theorem 4.2 labels for non-surjective maps), construct the inputs, refit W_S on
/// the recomputed features, and measure recovery and test accuracy next to two baselines on a
/// class-balanced real subset of the same size: one-hot labels (random subset) and Theorem 4.2 labels.
/// </summary>
public static class DistillationRunner
{
    /// <summary>Runs the whole pipeline on <paramref name="data"/>.</summary>
    public static DistillRunResult Run(DatasetPair data, IFeatureMap featureMap, DistillRunOptions options,
        ILinearAlgebraBackend backend, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(featureMap);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(backend);
        if (options.Privacy is not null)
        {
            throw new ArgumentException("a private distillation goes through PrivateDistillationRunner, which accounts for every use of the data.");
        }

        int k = data.Train.Classes, p = featureMap.OutputDimension, m = options.ImagesPerClass * k;
        CheckMode(featureMap, options, m, k, p);
        KrrFitResult fit = KernelRidgeTrainer.Fit(data.Train, featureMap, options.Fit, backend, progress);
        var timer = new PhaseTimer();
        Matrix w = fit.Model.Weights;
        double requested = options.LambdaS ?? fit.Model.Lambda;
        progress?.Report(new ProgressReport("distill", 0));

        Matrix inputs, labels, target;
        Matrix? initial = null;
        int[]? realRows = null;
        double lambdaS = requested, scale = 1.0;
        bool capped = false;
        string labelKind;
        if (options.LabelsOnly)
        {
            realRows = AnalyticDistiller.ChooseRealRows(data.Train, fit.TrainIndices, options.ImagesPerClass, k, options.Seed);
            inputs = Inputs(data.Train, realRows);
            target = Features(featureMap, inputs);
            labels = LabelDistiller.LabelsForFeatures(w, target, lambdaS, backend);
            labelKind = "fit";
            timer.Lap("label distillation");
        }
        else
        {
            AnalyticDistillation analytic = AnalyticDistiller.Distill(w, featureMap,
                new AnalyticDistillerOptions
                {
                    ImagesPerClass = options.ImagesPerClass,
                    Init = options.Init,
                    Labels = options.Labels,
                    LambdaS = requested,
                    PlusRoot = options.PlusRoot,
                    Seed = options.Seed,
                },
                data.Train, fit.TrainIndices, backend);
            timer.Lap("distill (Algorithm 1)");
            FeatureInversion inversion = ((IInvertibleFeatureMap)featureMap).Invert(analytic.TargetFeatures);
            timer.Lap("construct inputs");
            inputs = inversion.Inputs;
            scale = inversion.FeatureScale;
            labels = analytic.Labels;
            target = analytic.TargetFeatures;
            lambdaS = analytic.LambdaS;
            capped = analytic.LambdaCapped;
            labelKind = analytic.LabelKind;
            initial = analytic.InitialInputs;
            realRows = analytic.RealRows;
        }

        Matrix before = KernelRidgeSolver.Solve(target, labels, lambdaS, backend);
        (Matrix recomputed, Matrix distilled, double errorAfter) = Refit(featureMap, inputs, labels, lambdaS, scale, w, backend);
        Matrix scaledTarget = Scaled(target, scale);
        timer.Lap("refit W_S");

        int[] baselineRows = realRows ?? AnalyticDistiller.ChooseRealRows(data.Train, fit.TrainIndices, options.ImagesPerClass, k, options.Seed + 1);
        Matrix baselineInputs = Inputs(data.Train, baselineRows);
        Matrix baselineFeatures = Features(featureMap, baselineInputs);
        Matrix subset = KernelRidgeSolver.Solve(baselineFeatures, AnalyticDistiller.OneHot(baselineRows.Select(r => data.Train.Labels[r]).ToArray(), k), lambdaS, backend);
        Matrix labelOnly = KernelRidgeSolver.Solve(baselineFeatures, LabelDistiller.LabelsForFeatures(w, baselineFeatures, lambdaS, backend), lambdaS, backend);
        timer.Lap("baselines");

        progress?.Report(new ProgressReport("test accuracy", 0));
        double[] accuracies = MultiModelEvaluator.Accuracies(data.Test, featureMap, [w, distilled, subset, labelOnly], backend, options.Fit.ChunkRows);
        timer.Lap("test accuracy (4 models)");

        return new DistillRunResult
        {
            Fit = fit,
            Set = new DistilledSet
            {
                Inputs = inputs,
                Labels = labels,
                LambdaS = lambdaS,
                FeatureMap = featureMap,
                Normalization = data.Train.Normalization,
                ImageShape = data.Train.ImageShape,
                InitialInputs = initial,
            },
            Method = options.LabelsOnly ? "labels" : "analytic",
            LabelKind = labelKind,
            RequestedLambdaS = requested,
            LambdaCapped = capped,
            ErrorBeforeInversion = Matrix.RelativeError(before, w),
            ErrorAfterInversion = errorAfter,
            Cosine = Cosine(distilled, w),
            FeatureReconstructionError = Matrix.RelativeError(recomputed, scaledTarget),
            FeatureScale = scale,
            OriginalTestAccuracy = accuracies[0],
            DistilledTestAccuracy = accuracies[1],
            RandomSubsetTestAccuracy = accuracies[2],
            LabelDistilledTestAccuracy = accuracies[3],
            LabelDistilledError = Matrix.RelativeError(labelOnly, w),
            Timings = [.. fit.Timings, .. timer.Phases],
        };
    }

    /// <summary>Refuses settings the theory cannot serve, before any work, naming the option.</summary>
    internal static void CheckMode(IFeatureMap featureMap, DistillRunOptions options, int m, int k, int p)
    {
        if (options.ImagesPerClass < 1)
        {
            throw new ArgumentException($"--ipc must be at least 1 (got {options.ImagesPerClass}): with m < k = {k} distilled points no X_S gives W_S = W in general (PAPER.md Theorem 4.1).");
        }

        if (options.LambdaS is { } l && (!(l >= 0) || !double.IsFinite(l)))
        {
            throw new ArgumentException($"--lambda-s must be a finite number ≥ 0 (got {l}).");
        }

        int minimumIpc = (p + k - 1) / k;
        if (options.LabelsOnly)
        {
            if (m < p)
            {
                throw new ArgumentException($"--labels fit needs m = IPC·k ≥ p = {p} real points (PAPER.md Theorem 4.2); use --ipc {minimumIpc} or more.");
            }

            return;
        }

        bool constructible = featureMap is IInvertibleFeatureMap && (featureMap.IsSurjective || featureMap is DeepLinearNetwork);
        if (!constructible)
        {
            throw new ArgumentException(
                $"--features {featureMap.Kind} with p = {p} > d = {featureMap.InputDimension} is not surjective, so target features generally have no preimage (PAPER.md Theorem 5.2); use --labels fit --ipc {minimumIpc} (label distillation on m ≥ p real points, Theorem 4.2) or --width ≤ {featureMap.InputDimension}.");
        }
    }

    /// <summary>
    /// W_S refit on φ(X_S) recomputed from the constructed inputs (m×d), and ‖c·W_S − W‖/‖W‖ with c the feature scale
    /// of the inversion.
    /// </summary>
    internal static (Matrix Recomputed, Matrix Distilled, double Error) Refit(IFeatureMap featureMap, Matrix inputs, Matrix labels, double lambdaS,
        double scale, Matrix w, ILinearAlgebraBackend backend)
    {
        Matrix recomputed = Features(featureMap, inputs);
        Matrix distilled = KernelRidgeSolver.Solve(recomputed, labels, lambdaS, backend);
        return (recomputed, distilled, Matrix.RelativeError(Scaled(distilled, scale), w));
    }

    private static Matrix Inputs(Dataset data, int[] rows)
    {
        var x = new Matrix(rows.Length, data.Dimension);
        data.CopyInputs(rows, x.Data);
        return x;
    }

    private static Matrix Features(IFeatureMap featureMap, Matrix inputs)
    {
        var phi = new Matrix(inputs.Rows, featureMap.OutputDimension);
        featureMap.Map(inputs.Data, inputs.Rows, phi.Data);
        return phi;
    }

    private static Matrix Scaled(Matrix a, double factor)
    {
        if (factor == 1.0)
        {
            return a;
        }

        var scaled = a.Clone();
        for (int i = 0; i < scaled.Data.Length; i++)
        {
            scaled.Data[i] *= factor;
        }

        return scaled;
    }

    private static double Cosine(Matrix a, Matrix b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Data.Length; i++)
        {
            dot += a.Data[i] * b.Data[i];
            na += a.Data[i] * a.Data[i];
            nb += b.Data[i] * b.Data[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
