using System.Text.Json.Nodes;
using KrrDistill.Data;
using KrrDistill.Diagnostics;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Distillation;

/// <summary>
/// What a distilled set is worth next to the model it came from (the paper's Table 3, docs/theory.md §6): W_S retrained on the set
/// (<see cref="DistilledSet.Fit"/>), its recovery ‖c·W_S − W‖/‖W‖ and cosine, and the test accuracy of the original
/// model, the distilled model and two baselines on a class-balanced real subset of the same size: one-hot labels
/// (random subset) and Theorem 4.2 labels. All models are scored on one pass of test features.
/// </summary>
public sealed class DistillationComparison
{
    private DistillationComparison()
    {
    }

    /// <summary>W_S, retrained on the distilled set.</summary>
    public required RidgeModel Distilled { get; init; }

    /// <summary>‖c·W_S − W‖_F/‖W‖_F, with c the feature scale of the inversion (NaN without an original model).</summary>
    public double RelativeError { get; private init; } = double.NaN;

    /// <summary>Cosine between W_S and W (NaN without an original model).</summary>
    public double Cosine { get; private init; } = double.NaN;

    /// <summary>
    /// ‖φ(X_S) − c·Φ*‖_F/‖c·Φ*‖_F: how well the constructed inputs reproduce the target features, as measured when they were
    /// constructed (NaN when the inputs are real).
    /// </summary>
    public double FeatureReconstructionError { get; private init; } = double.NaN;

    /// <summary>Test accuracy of the original model W (NaN without one).</summary>
    public double OriginalTestAccuracy { get; private init; } = double.NaN;

    /// <summary>Test accuracy of W_S.</summary>
    public double DistilledTestAccuracy { get; private init; }

    /// <summary>Test accuracy of KRR on the real subset with one-hot labels (NaN without training data).</summary>
    public double RandomSubsetTestAccuracy { get; private init; } = double.NaN;

    /// <summary>λ of that baseline (λ_S, or KIP's own rule at its real start).</summary>
    public double RandomSubsetLambda { get; private init; } = double.NaN;

    /// <summary>Test accuracy of label distillation (Theorem 4.2) on the same real subset (NaN without training data or original model).</summary>
    public double LabelDistilledTestAccuracy { get; private init; } = double.NaN;

    /// <summary>‖W_L − W‖/‖W‖ of that label-distilled model (exact only for m ≥ p).</summary>
    public double LabelDistilledError { get; private init; } = double.NaN;

    /// <summary>Test samples scored.</summary>
    public int TestCount { get; private init; }

    /// <summary>Seconds per phase, in order.</summary>
    public required IReadOnlyList<(string Phase, double Seconds)> Timings { get; init; }

    /// <summary>
    /// Compares <paramref name="set"/> with <paramref name="original"/> (may be null, e.g. for KIP, which has none) on
    /// <paramref name="test"/>; with <paramref name="train"/> also against the real-subset baselines: the set's own real
    /// points when it has some (real initialization, KIP's start), else a seeded class-balanced draw from the rows the
    /// original model was fit on.
    /// </summary>
    public static DistillationComparison Run(RidgeModel? original, DistilledSet set, Dataset test, Dataset? train = null,
        IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(test);
        if (original is not null && (original.Classes != set.Classes || original.FeatureMap.OutputDimension != set.FeatureMap.OutputDimension))
        {
            throw new InputException($"the original model is {original.Classes}×{original.FeatureMap.OutputDimension} but the distilled set has k = {set.Classes} classes and p = {set.FeatureMap.OutputDimension} features.");
        }

        test.RequireFits(set.Inputs.Columns, set.Classes, "the distilled set");
        train?.RequireFits(set.Inputs.Columns, set.Classes, "the distilled set");

        var timer = new PhaseTimer();
        progress?.Report(new ProgressReport("refit W_S", 0));
        RidgeModel distilled = set.FitOn(set.Features());
        DistillationResult? result = set.Result;
        double scale = result?.FeatureScale ?? 1.0;
        double error = double.NaN, cosine = double.NaN, reconstruction = result?.FeatureReconstructionError ?? double.NaN;
        if (original is not null)
        {
            error = Matrix.RelativeError(distilled.Weights.Scaled(scale), original.Weights);
            cosine = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(distilled.Weights.Data, original.Weights.Data);
        }

        timer.Lap("refit W_S");
        var models = new List<Matrix> { distilled.Weights };
        if (original is not null)
        {
            models.Add(original.Weights);
        }

        double baselineLambda = double.NaN, labelError = double.NaN;
        int subsetIndex = -1, labelIndex = -1;
        if (train is not null)
        {
            baselineLambda = result?.BaselineLambda ?? set.LambdaS;
            Matrix[] solved = Baselines(original, set, train, baselineLambda);
            subsetIndex = models.Count;
            models.Add(solved[0]);
            if (original is not null)
            {
                labelError = Matrix.RelativeError(solved[1], original.Weights);
                labelIndex = models.Count;
                models.Add(solved[1]);
            }

            timer.Lap("baselines");
        }

        progress?.Report(new ProgressReport("test accuracy", 0));
        double[] accuracies = MultiModelEvaluator.Accuracies(test, set.FeatureMap, models);
        timer.Lap($"test accuracy ({models.Count} models)");
        return new DistillationComparison
        {
            Distilled = distilled,
            RelativeError = error,
            Cosine = cosine,
            FeatureReconstructionError = reconstruction,
            DistilledTestAccuracy = accuracies[0],
            OriginalTestAccuracy = original is null ? double.NaN : accuracies[1],
            RandomSubsetTestAccuracy = subsetIndex < 0 ? double.NaN : accuracies[subsetIndex],
            RandomSubsetLambda = baselineLambda,
            LabelDistilledTestAccuracy = labelIndex < 0 ? double.NaN : accuracies[labelIndex],
            LabelDistilledError = labelError,
            TestCount = test.Count,
            Timings = timer.Phases,
        };
    }

    /// <summary>
    /// The two baselines on the real subset (the set's own real points, else a seeded class-balanced draw from the rows
    /// the original model was fit on): one-hot labels at <paramref name="lambda"/>, then, with an original model, Theorem
    /// 4.2 labels at λ_S. One Gram of the subset's features serves both; the subset's inputs and features are dropped
    /// on return (m×(d + p) values that the test pass does not need).
    /// </summary>
    private static Matrix[] Baselines(RidgeModel? original, DistilledSet set, Dataset train, double lambda)
    {
        DistillationResult? result = set.Result;
        int k = set.Classes, ipc = Math.Max(1, set.Count / k);
        int[] rows = result?.RealRows ?? AlgorithmOne.ChooseRealRows(AnalyticDistiller.FitRows(original, train), ipc, k, (result?.Options?.Seed ?? 0) + 1);
        Matrix features = SubsetFeatures(train, rows, set.FeatureMap);
        Matrix oneHot = AlgorithmOne.OneHot(rows.Select(r => train.Labels[r]).ToArray(), k);
        var problems = new List<(Matrix Targets, double Lambda)> { (oneHot, lambda) };
        if (original is not null)
        {
            problems.Add((LabelDistiller.LabelsForFeatures(original.Weights, features, set.LambdaS), set.LambdaS));
        }

        return KernelRidgeSolver.SolveEach(features, problems);
    }

    /// <summary>φ of rows <paramref name="rows"/> of <paramref name="data"/> (|rows|×p); their inputs are dropped on return.</summary>
    private static Matrix SubsetFeatures(Dataset data, int[] rows, Features.IFeatureMap map)
    {
        var inputs = new Matrix(rows.Length, data.Dimension);
        data.CopyInputs(rows, inputs.Data);
        var features = new Matrix(rows.Length, map.OutputDimension);
        map.Map(inputs.Data, rows.Length, features.Data);
        return features;
    }

    /// <summary>Adds the measured fields to a meta_json object (NaN as null).</summary>
    internal void AddTo(JsonObject meta)
    {
        meta["relative_error_after_inversion"] = ModelArtefact.NullIfNaN(RelativeError);
        meta["cosine"] = ModelArtefact.NullIfNaN(Cosine);
        meta["feature_reconstruction_error"] = ModelArtefact.NullIfNaN(FeatureReconstructionError);
        meta["original_test_accuracy"] = ModelArtefact.NullIfNaN(OriginalTestAccuracy);
        meta["distilled_test_accuracy"] = DistilledTestAccuracy;
        meta["random_subset_test_accuracy"] = ModelArtefact.NullIfNaN(RandomSubsetTestAccuracy);
        meta["random_subset_lambda"] = ModelArtefact.NullIfNaN(RandomSubsetLambda);
        meta["label_distilled_test_accuracy"] = ModelArtefact.NullIfNaN(LabelDistilledTestAccuracy);
        meta["label_distilled_relative_error"] = ModelArtefact.NullIfNaN(LabelDistilledError);
        meta["n_test"] = TestCount;
    }
}
