using System.Diagnostics;
using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Randomness;
using KrrDistill.Ridge;

namespace KrrDistill.Distillation;

/// <summary>
/// The KIP baseline as the paper ran it (docs/theory.md §6): X_S initialized from
/// class-balanced real images, a frozen feature map φ, λ_S = 1e-6·tr(K_S)/m, and Adam on X_S minimizing the
/// mean squared error of W_S on a random batch of training points per step, with the labels re-solved in
/// closed form over the whole training set at every step (gradients flow through that solve; see
/// <see cref="KipObjective"/>). The full-data statistics G = ΦᵀΦ and B = ΦᵀY are accumulated once, so a
/// step costs φ of one batch plus O(m·p² + b·p·k) instead of n×m products.
/// </summary>
public sealed class KipDistiller
{
    /// <summary>A KIP distiller with <paramref name="options"/> (null: the paper's settings), validated here.</summary>
    public KipDistiller(KipOptions? options = null)
    {
        Options = options ?? new KipOptions();
        Options.Validate();
    }

    /// <summary>The options.</summary>
    public KipOptions Options { get; }

    /// <summary>
    /// Runs KIP on every row of <paramref name="train"/> (rows = samples; no validation split, as the paper's KIP), through
    /// the frozen <paramref name="featureMap"/>, computing on <see cref="LinearAlgebraBackends.Current"/>. The result's
    /// <see cref="KipResult.Set"/> is the KIP set; <see cref="DistilledSet.Fit"/> retrains W_S on it.
    /// <paramref name="evaluation"/>, when given, is scored every <see cref="KipOptions.EvaluateEvery"/> steps.
    /// </summary>
    public KipResult Distill(IFeatureMap featureMap, Dataset train, IProgress<KipProgress>? progress = null, Dataset? evaluation = null)
    {
        ArgumentNullException.ThrowIfNull(featureMap);
        ArgumentNullException.ThrowIfNull(train);
        int[] rows = Enumerable.Range(0, train.Count).ToArray();
        return Run(train, rows, featureMap, Options.ImagesPerClass, Options, progress, evaluation);
    }

    /// <summary>Largest support value a step may produce: the features of larger ones overflow their Gram matrix.</summary>
    private const double LargestSupportValue = 1e150;

    /// <summary>A breakdown of KIP's optimization, reported as the bad learning rate (or data) it is.</summary>
    private static InputException Diverged(KipOptions options, int step, string what)
        => new(nameof(KipOptions.LearningRate), $"{options.LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)} made KIP diverge at step {step + 1} ({what}); lower it (the paper uses 0.01), or rescale the data.");

    /// <summary>
    /// Runs KIP on <paramref name="train"/> restricted to <paramref name="trainRows"/> with <paramref name="imagesPerClass"/>
    /// points per class. Stops after <see cref="KipOptions.Steps"/> steps or <see cref="KipOptions.TimeBudget"/>,
    /// whichever comes first. Throws <see cref="ArgumentException"/> for bad options or too few images in a class,
    /// <see cref="NotSupportedException"/> for a map without a backward pass.
    /// </summary>
    internal static KipResult Run(Dataset train, int[] trainRows, IFeatureMap map, int imagesPerClass, KipOptions options, IProgress<KipProgress>? progress = null, Dataset? evaluationData = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(trainRows);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(options);
        Validate(train, trainRows, map, imagesPerClass, options);

        int k = train.Classes, d = train.Dimension, p = map.OutputDimension, m = imagesPerClass * k;
        int[] realRows = AlgorithmOne.ChooseRealRows(TrainingRows.Trusted(train, trainRows), imagesPerClass, k, options.Seed);
        var initial = new Matrix(m, d);
        train.CopyInputs(realRows, initial.Data);
        Matrix support = initial.Clone();

        var clock = Stopwatch.StartNew();
        SufficientStatistics statistics = FeaturePass.Accumulate(train, trainRows, map, options.ChunkRows);
        RidgePaths.RequireUsable(statistics.GramView.Data, train.Name);
        double setupSeconds = clock.Elapsed.TotalSeconds;

        var objective = new KipObjective(map, statistics, options.LambdaFactor);
        var adam = new AdamOptimizer(m * d, options.LearningRate, options.Beta1, options.Beta2, options.Epsilon);
        int batch = Math.Min(options.BatchSize, trainRows.Length);
        int[] pool = (int[])trainRows.Clone();
        int[] batchRows = new int[batch];
        var random = new SeededRandom(BatchSeed(options.Seed));
        var batchFeatures = new Matrix(batch, p);
        var batchTargets = new Matrix(batch, k);
        using var producer = new FeatureProducer(train, map, batch);

        var losses = new List<double>(Math.Min(options.Steps, 1 << 20));
        var loop = Stopwatch.StartNew();
        bool outOfTime = false;
        int step = 0;
        TimeSpan evaluating = TimeSpan.Zero;
        while (step < options.Steps)
        {
            if (options.TimeBudget is { } budget && loop.Elapsed - evaluating >= budget)
            {
                outOfTime = true;
                break;
            }

            DrawBatch(pool, batchRows, random);
            producer.Map(batchRows, batchFeatures.Data);
            Array.Clear(batchTargets.Data);
            for (int r = 0; r < batch; r++)
            {
                batchTargets[r, train.Labels[batchRows[r]]] = 1.0;
            }

            KipEvaluation evaluation;
            try
            {
                evaluation = objective.Evaluate(support, batchFeatures, batchTargets);
            }
            catch (ArithmeticException e)
            {
                throw Diverged(options, step, e.Message);
            }

            if (!double.IsFinite(evaluation.Loss))
            {
                throw Diverged(options, step, $"the loss became {evaluation.Loss}");
            }

            adam.Step(support.Data, evaluation.Gradient!.Data);
            double largest = System.Numerics.Tensors.TensorPrimitives.MaxMagnitudeNumber<double>(support.Data);
            if (!(Math.Abs(largest) <= LargestSupportValue))
            {
                // Caught here, not where φ of such points would overflow (the next step, an evaluation, the refit).
                throw Diverged(options, step, $"the support points reached {Math.Abs(largest).ToString("G3", System.Globalization.CultureInfo.InvariantCulture)}");
            }

            losses.Add(evaluation.Loss);
            step++;
            double? accuracy = null;
            if (evaluationData is not null && options.EvaluateEvery > 0 && (step % options.EvaluateEvery == 0 || step == options.Steps))
            {
                var evaluationClock = Stopwatch.StartNew();
                Matrix current = objective.Evaluate(support, null, null, withGradient: false).Weights;
                accuracy = MultiModelEvaluator.Accuracies(evaluationData, map, [current], options.ChunkRows)[0];
                evaluating += evaluationClock.Elapsed;
            }

            if (progress is not null && (accuracy is not null || step % Math.Max(1, options.ProgressInterval) == 0 || step == options.Steps))
            {
                progress.Report(new KipProgress(step, options.Steps, evaluation.Loss, loop.Elapsed - evaluating, accuracy));
            }
        }

        double secondsPerStep = step == 0 ? 0 : (loop.Elapsed - evaluating).TotalSeconds / step;
        KipEvaluation final = objective.Evaluate(support, null, null, withGradient: false);
        var set = new DistilledSet
        {
            Inputs = support,
            Labels = final.Labels,
            LambdaS = final.LambdaS,
            FeatureMap = map,
            Normalization = train.Normalization,
            ImageShape = train.ImageShape,
            InitialInputs = initial,
            Result = new DistillationResult
            {
                Method = "kip",
                DatasetName = train.SourceName,
                LabelKind = "solved",
                OriginalLambda = double.NaN,
                RequestedLambdaS = final.LambdaS,
                LambdaCapped = false,
                ErrorBeforeInversion = double.NaN,
                RealRows = realRows,
                BaselineLambda = StartLambda(map, initial, options.LambdaFactor),
                ExtraMeta = new System.Text.Json.Nodes.JsonObject
                {
                    ["kip_seed"] = options.Seed,
                    ["steps"] = step,
                    ["learning_rate"] = options.LearningRate,
                    ["batch_size"] = options.BatchSize,
                    ["final_batch_loss"] = losses.Count == 0 || !double.IsFinite(losses[^1]) ? null : losses[^1],
                },
                Timings = [("KIP setup (G = ΦᵀΦ, B = ΦᵀY)", setupSeconds), ("KIP optimization", secondsPerStep * step)],
            },
        }.NamingClassesOf(train);

        return new KipResult
        {
            Inputs = support,
            Labels = final.Labels,
            LambdaS = final.LambdaS,
            Weights = final.Weights,
            InitialInputs = initial,
            RealRows = realRows,
            Losses = losses,
            StepsRun = step,
            StoppedByTimeBudget = outOfTime,
            SecondsPerStep = secondsPerStep,
            SetupSeconds = setupSeconds,
            Set = set,
        };
    }

    /// <summary>
    /// b distinct rows of <paramref name="pool"/>, uniformly without replacement: a partial Fisher–Yates shuffle of
    /// the pool (kept between steps), the first b entries taken.
    /// </summary>
    internal static void DrawBatch(int[] pool, int[] batchRows, SeededRandom random)
    {
        int n = pool.Length;
        for (int i = 0; i < batchRows.Length; i++)
        {
            int j = i + random.NextInt(n - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
            batchRows[i] = pool[i];
        }
    }

    // The batch stream must differ from the stream that chose the real rows with the same seed.
    private static int BatchSeed(int seed) => unchecked((seed * 1_000_003) + 0x4B49_50);

    private static void Validate(Dataset train, int[] trainRows, IFeatureMap map, int imagesPerClass, KipOptions options)
    {
        train.RequireFits(map.InputDimension, int.MaxValue, "the feature map");

        if (!FeatureMapGradients.Supports(map))
        {
            throw new InputException($"KIP needs the gradient of the feature map; {map.Kind.ArtefactName()} features have no backward pass.");
        }

        if (imagesPerClass < 1)
        {
            throw new InputException(nameof(DistillerOptions.ImagesPerClass), $"must be at least 1 (got {imagesPerClass}).");
        }

        if (trainRows.Length == 0)
        {
            throw new InputException($"{train.Name}: no training rows to distill from.");
        }

        if (options.Steps < 0)
        {
            throw new InputException(nameof(KipOptions.Steps), $"must be ≥ 0 (got {options.Steps}).");
        }

        if (options.BatchSize < 1)
        {
            throw new InputException(nameof(KipOptions.BatchSize), $"must be ≥ 1 (got {options.BatchSize}).");
        }

        if (!(options.LearningRate > 0) || !double.IsFinite(options.LearningRate))
        {
            throw new InputException(nameof(KipOptions.LearningRate), $"must be positive and finite (got {options.LearningRate}).");
        }

        if (options.TimeBudget is { } budget && budget < TimeSpan.Zero)
        {
            throw new InputException(nameof(KipOptions.TimeBudget), "must not be negative.");
        }
    }

    /// <summary>KIP's λ rule at the real start, 1e-6·tr(K)/m: the λ of its real-start baseline.</summary>
    private static double StartLambda(IFeatureMap map, Matrix start, double factor)
    {
        var phi = new Matrix(start.Rows, map.OutputDimension);
        map.Map(start.Data, start.Rows, phi.Data);
        return factor * System.Numerics.Tensors.TensorPrimitives.SumOfSquares(phi.Data) / start.Rows;
    }
}
