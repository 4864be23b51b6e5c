using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Privacy;
using KrrDistill.Randomness;
using KrrDistill.Ridge;

namespace KrrDistill.Distillation;

/// <summary>
/// Algorithm 1 of the paper (Theorems 4.1 and 5.1, Corollary 4.1.1; docs/theory.md §3): target features φ(X_S) and
/// labels Y_S such that KRR on them gives exactly W. Written with samples as rows (the paper's matrices transposed once,
/// here): Y (m×k), W (k×p), P = (Y_S⁺ of the paper) = Y(YᵀY)⁺ (m×k), D = P W + (I_m − P Yᵀ) Z (m×p) with SVD
/// D = U diag(σ') Vᵀ; then λ_S = 0: φ(X_S) = U diag(1/σ') Vᵀ = (D⁺)ᵀ (from a thin QR of D when D has full rank); λ_S &gt; 0:
/// φ(X_S) = U diag(σ) Vᵀ with σ = (1 ± √(1 − 4λ_Sσ'²))/(2σ'), after capping λ_S ≤ 1/(4σ'₁²).
/// </summary>
internal static class AlgorithmOne
{
    /// <summary>
    /// Distills the model <paramref name="weights"/> (W, k×p) of <paramref name="featureMap"/> with λ_S =
    /// <paramref name="lambdaS"/> (before the cap). Real initialization draws IPC images per class from
    /// <paramref name="realFrom"/> (the training split); noise initialization draws Z from <paramref name="noiseInit"/>,
    /// else from the options' seed with the paper code's 0.1·std(Y_S⁺W).
    /// Throws <see cref="ArgumentException"/> for m &lt; k (Theorem 4.1) and for too few images in a class.
    /// </summary>
    public static AnalyticDistillation Run(Matrix weights, IFeatureMap featureMap, DistillerOptions options, double lambdaS,
        TrainingRows? realFrom = null, NoiseInit? noiseInit = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(featureMap);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ImagesPerClass < 1)
        {
            throw new InputException(nameof(DistillerOptions.ImagesPerClass), $"must be at least 1 (got {options.ImagesPerClass}): with m < k distilled points no X_S gives W_S = W in general (Theorem 4.1, docs/theory.md §3).");
        }

        if (!(lambdaS >= 0) || !double.IsFinite(lambdaS))
        {
            throw new InputException(nameof(DistillerOptions.LambdaS), $"must be a finite number ≥ 0 (got {lambdaS}).");
        }

        // D alone outlives its construction: P W, Z and the real points' features (m×p each) are gone before the factorization.
        Start start = FormD(weights, featureMap, options, lambdaS, realFrom, noiseInit);
        (Matrix target, double? cap, bool capped, lambdaS) = Targets(start.D, lambdaS, options.PlusRoot);

        return new AnalyticDistillation
        {
            TargetFeatures = target,
            Labels = start.Labels,
            LambdaS = lambdaS,
            LambdaCap = cap,
            LambdaCapped = capped,
            LabelKind = start.LabelKind,
            InitialInputs = start.Initial,
            RealRows = start.RealRows,
            Classes = start.Classes,
        };
    }

    /// <summary>D (m×p) with the labels Y_S and, for real initialization, the real points it started from.</summary>
    private sealed record Start(Matrix D, Matrix Labels, string LabelKind, Matrix? Initial, int[]? RealRows, int[] Classes);

    /// <summary>Lines 1–11 of Algorithm 1: Y_S, the free part Z (noise, or Corollary 4.1.1's from real points) and D.</summary>
    private static Start FormD(Matrix weights, IFeatureMap featureMap, DistillerOptions options, double lambdaS, TrainingRows? realFrom, NoiseInit? noiseInit)
    {
        int k = weights.Rows, p = weights.Columns;
        weights = WithoutNumericalNullDirections(weights);
        int m = options.ImagesPerClass * k;
        int[] classes = BalancedClasses(options.ImagesPerClass, k);
        Matrix y = OneHot(classes, k);
        string labelKind = "onehot";
        Matrix? initial = null;
        int[]? realRows = null;
        Matrix? regularizedPinv = null;
        if (options.Init == InitMode.Real)
        {
            ArgumentNullException.ThrowIfNull(realFrom);
            realRows = ChooseRealRows(realFrom, options.ImagesPerClass, k, options.Seed);
            initial = new Matrix(m, realFrom.Data.Dimension);
            realFrom.Data.CopyInputs(realRows, initial.Data);
            var realFeatures = new Matrix(m, p);
            featureMap.Map(initial.Data, m, realFeatures.Data);
            ThinSvd svd = ThinSvd.Compute(realFeatures);
            double lambda = lambdaS, tolerance = svd.Tolerance;

            // φ_λ(X̂) and its pseudo-inverse share the singular vectors of φ(X̂) (rows as points, m×p).
            regularizedPinv = svd.Compose(s => s > tolerance ? s / ((s * s) + lambda) : 0.0);
            if (options.Labels == LabelMode.Model)
            {
                Matrix regularized = svd.Compose(s => s > tolerance ? ((s * s) + lambda) / s : 0.0);
                var predicted = new Matrix(m, k);
                LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, m, k, p, 1.0, regularized.Data, p, weights.Data, p, 0.0, predicted.Data, k);
                if (ThinSvd.Compute(predicted).Rank == k)
                {
                    y = predicted;
                    labelKind = "model";
                }
            }
        }

        Matrix pw = PseudoLabels(y, weights, out Matrix pseudo);
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
            double noiseStd = noiseInit?.Std ?? (0.1 * (std > 0 ? std : 1.0));
            if (!(noiseStd >= 0) || !double.IsFinite(noiseStd))
            {
                throw new ArgumentException($"the noise standard deviation must be finite and ≥ 0 (got {noiseStd}).");
            }

            z = new Matrix(m, p);
            if (noiseInit is { } given)
            {
                given.Source.Fill(z.Data, noiseStd);
            }
            else
            {
                new SeededRandom(options.Seed).FillGaussian(z.Data, noiseStd);
            }
            if (WhitenedFeatureMap.Unwhitened(featureMap) is DeepLinearNetwork { IsSurjective: false } linear)
            {
                // Keep D's rows in Range(M) so that the targets have preimages (the range caveat to Theorem 5.3, docs/theory.md §4).
                Matrix projector = linear.RangeProjector();
                var projected = new Matrix(m, p);
                LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, m, p, p, 1.0, z.Data, p, projector.Data, p, 0.0, projected.Data, p);
                z = projected;
            }
        }

        return new Start(Combine(y, pseudo, pw, z), y, labelKind, initial, realRows, classes);
    }

    /// <summary>
    /// The target features φ(X_S) (m×p) from D and λ_S, with the cap 1/(4σ'₁²) (null when not computed) and λ_S after it.
    /// λ_S = 0 asks for (D⁺)ᵀ, which a thin QR gives without singular values when D has full rank (at CIFAR-100 size, m = 5,000
    /// and p = 3,072, about a third of the SVD's time); otherwise the SVD of D gives every λ_S its spectral map.
    /// </summary>
    private static (Matrix Target, double? Cap, bool Capped, double LambdaS) Targets(Matrix d, double lambdaS, bool plusRoot)
    {
        if (lambdaS == 0 && FullRankPseudoInverse.Transposed(d) is { } pseudoInverse)
        {
            return (pseudoInverse, null, false, 0);
        }

        ThinSvd dSvd = ThinSvd.Compute(d);
        double top = dSvd.S.Length == 0 ? 0 : dSvd.S[0];
        double cap = top > 0 ? 1.0 / (4 * top * top) : double.PositiveInfinity;
        bool capped = lambdaS > cap;
        lambdaS = Math.Min(lambdaS, cap);
        double tolerance = dSvd.Tolerance, sign = plusRoot ? 1.0 : -1.0, lambda = lambdaS;
        Matrix target = lambda == 0
            ? dSvd.Compose(s => s > tolerance ? 1.0 / s : 0.0)
            : dSvd.Compose(s => s > tolerance ? (1 + (sign * Math.Sqrt(Math.Max(0, 1 - (4 * lambda * s * s))))) / (2 * s) : 0.0);
        return (target, cap, capped, lambdaS);
    }

    /// <summary>
    /// The relative size below which a singular value of W is taken as zero: a model fit to about 10⁻¹² relative accuracy
    /// whose rows are linearly dependent in exact arithmetic (centred features, e.g. after ZCA whitening, give
    /// Σ_c W_c = 0 for one-hot labels) shows a singular value of that size, and D would inherit it as a direction of
    /// size ~10⁻¹², making the targets ~10¹² times larger than the rest and the construction lose its accuracy.
    /// </summary>
    internal const double RankTolerance = 1e-10;

    /// <summary>
    /// W with its singular values below <see cref="RankTolerance"/>·σ₁ set to zero (W itself when there are none): a change
    /// of W by at most that relative amount, after which D's null directions are exact and the pseudo-inverse drops them.
    /// </summary>
    internal static Matrix WithoutNumericalNullDirections(Matrix weights)
    {
        ThinSvd svd = ThinSvd.Compute(weights);
        double floor = svd.S.Length == 0 ? 0 : RankTolerance * svd.S[0];
        return svd.S.All(s => s >= floor) ? weights : svd.Compose(s => s >= floor ? s : 0.0);
    }

    /// <summary>D = P W + (I − P Yᵀ) Z (m×p), given P (m×k) and P W (m×p), written over <paramref name="z"/> (and returned).</summary>
    public static Matrix Combine(Matrix y, Matrix pseudo, Matrix pw, Matrix z)
    {
        int m = y.Rows, k = y.Columns, p = pw.Columns;

        // (I − P Yᵀ) Z = Z − P (Yᵀ Z).
        var ytz = new Matrix(k, p);
        LinearAlgebraBackends.Current.Gemm(Transpose.Yes, Transpose.No, k, p, m, 1.0, y.Data, k, z.Data, p, 0.0, ytz.Data, p);
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, m, p, k, -1.0, pseudo.Data, k, ytz.Data, p, 1.0, z.Data, p);
        System.Numerics.Tensors.TensorPrimitives.Add(z.Data, pw.Data, z.Data);
        return z;
    }

    /// <summary>P W (m×p) with P = (Y_S⁺ of the paper) (m×k); throws unless rank(Y) = k.</summary>
    private static Matrix PseudoLabels(Matrix y, Matrix weights, out Matrix pseudo)
    {
        pseudo = FullRankPseudoInverse.Transposed(y) ?? RankCheckedPseudoInverse(y);
        int m = y.Rows, k = y.Columns, p = weights.Columns;
        var pw = new Matrix(m, p);
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, m, p, k, 1.0, pseudo.Data, k, weights.Data, p, 0.0, pw.Data, p);
        return pw;
    }

    /// <summary>(Y⁺)ᵀ from the SVD, for labels the QR could not show to have full rank; throws unless rank(Y) = k.</summary>
    private static Matrix RankCheckedPseudoInverse(Matrix y)
    {
        ThinSvd svd = ThinSvd.Compute(y);
        if (svd.Rank < y.Columns)
        {
            throw new ArgumentException($"the distilled labels have rank {svd.Rank} < k = {y.Columns}; Theorem 4.1 needs rank(Y_S) = k.");
        }

        return svd.PseudoInverseTransposed();
    }

    /// <summary>
    /// IPC rows per class from <paramref name="candidates"/>, drawn without replacement with <paramref name="seed"/>,
    /// interleaved as classes 0…k−1, IPC times (the order of the distilled labels).
    /// </summary>
    public static int[] ChooseRealRows(TrainingRows candidates, int imagesPerClass, int classes, int seed)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        Dataset data = candidates.Data;
        var byClass = new List<int>[classes];
        for (int c = 0; c < classes; c++)
        {
            byClass[c] = [];
        }

        foreach (int row in candidates.Indices)
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
    public static int[] BalancedClasses(int imagesPerClass, int k) => Enumerable.Range(0, imagesPerClass * k).Select(i => i % k).ToArray();

    /// <summary>Balanced one-hot labels (m×k) for the given classes.</summary>
    public static Matrix OneHot(int[] classes, int k)
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
        double mean = values.Average(), sum = 0;
        foreach (double v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return Math.Sqrt(sum / values.Length);
    }
}

/// <summary>Where the free part Z of noise initialization comes from, and its standard deviation (a private release's calibrated σ).</summary>
internal sealed record NoiseInit(double Std, IGaussianNoise Source);
