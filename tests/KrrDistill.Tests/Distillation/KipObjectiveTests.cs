using KrrDistill.Distillation;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.LinearAlgebra.Managed;
using KrrDistill.Ridge;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Distillation;

/// <summary>
/// The hand-derived KIP gradient ∂L/∂X_S against central differences (h = 1e-6), and the closed-form label
/// solve against its textbook forms, on small random problems (n = 40, k = 3, b = n).
/// </summary>
public class KipObjectiveTests(ITestOutputHelper output)
{
    private const int N = 40, K = 3;

    public static TheoryData<string, string, int, int, int> GradientCases => new()
    {
        // backend, map, m, d, p
        { "managed", "identity", 6, 8, 8 },
        { "managed", "identity", 3, 5, 5 },
        { "managed", "fcnn1", 6, 5, 7 },
        { "managed", "fcnn2", 6, 5, 7 },
        { "managed", "fcnn1", 3, 5, 5 },
        { "managed", "rff", 6, 5, 7 },
        { "managed", "linear", 6, 8, 7 },
        { "openblas", "identity", 6, 8, 8 },
        { "openblas", "fcnn1", 6, 5, 7 },
        { "openblas", "fcnn2", 6, 5, 7 },
        { "openblas", "rff", 6, 5, 7 },
    };

    [Theory]
    [MemberData(nameof(GradientCases))]
    public void GradientMatchesCentralDifferences(string backendName, string kind, int m, int d, int p)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        IFeatureMap map = KipTestProblems.Map(kind, d, p);
        (KipObjective objective, Matrix phiFull, Matrix yFull) = Problem(map, d, seed: 3);
        Matrix xs = RandomMatrices.Gaussian(m, d, 4);

        KipEvaluation evaluation = objective.Evaluate(xs, phiFull, yFull);
        Assert.False(evaluation.UsedPseudoInverse);
        Matrix analytic = evaluation.Gradient!;
        Matrix numeric = CentralDifferences(objective, xs, phiFull, yFull, 1e-6);

        double error = Matrix.RelativeError(analytic, numeric);
        output.WriteLine($"{backendName} {kind} m={m} d={d} p={p}: L = {evaluation.Loss:E6}, ‖∇‖ = {numeric.FrobeniusNorm():E3}, relative error {error:E2}");
        Assert.True(numeric.FrobeniusNorm() > 1e-6, "the gradient should not vanish on this problem");
        Assert.True(error <= 1e-6, $"relative error {error:E2}");
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void LabelSolveEqualsTheFullDataLeastSquaresLabelsAndLambdaDropsOut(string backendName)
    {
        ILinearAlgebraBackend backend = Backends.Get(backendName);
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        const int m = 6, d = 5, p = 7;
        IFeatureMap map = KipTestProblems.Map("fcnn1", d, p);
        (KipObjective objective, Matrix phiFull, Matrix yFull) = Problem(map, d, seed: 5);
        SufficientStatistics stats = KipTestProblems.Statistics(phiFull, yFull);
        Matrix xs = RandomMatrices.Gaussian(m, d, 6);
        KipEvaluation evaluation = objective.Evaluate(xs, null, null, withGradient: false);

        // The paper's form: M = Φ_Sᵀ (K_S + λ_S I)⁻¹ (p×m), Y_S = (MᵀGM)⁻¹ MᵀB, W_Sᵀ = M Y_S.
        Matrix phiS = KipTestProblems.Features(map, xs);
        Matrix kernel = RandomMatrices.Multiply(phiS, phiS.Transpose());
        double lambdaS = 1e-6 * Enumerable.Range(0, m).Sum(i => kernel[i, i]) / m;
        Assert.Equal(lambdaS, evaluation.LambdaS, 1e-15);
        Matrix regularized = kernel.Clone();
        for (int i = 0; i < m; i++)
        {
            regularized[i, i] += lambdaS;
        }

        Matrix mMatrix = RandomMatrices.Solve(regularized, phiS).Transpose();
        Matrix mT = mMatrix.Transpose();
        Matrix normal = RandomMatrices.Multiply(RandomMatrices.Multiply(mT, stats.Gram), mMatrix);
        Matrix labels = RandomMatrices.Solve(normal, RandomMatrices.Multiply(mT, stats.CrossProduct));
        Matrix weightsT = RandomMatrices.Multiply(mMatrix, labels);

        // The least-squares labels straight from the n×m design A = Φ M: Y_S = (AᵀA)⁻¹ Aᵀ Y_full.
        Matrix a = RandomMatrices.Multiply(phiFull, mMatrix);
        Matrix direct = RandomMatrices.Solve(RandomMatrices.Multiply(a.Transpose(), a), RandomMatrices.Multiply(a.Transpose(), yFull));

        // The λ-free form W_Sᵀ = Φ_Sᵀ (Φ_S G Φ_Sᵀ)⁻¹ Φ_S B.
        Matrix c = RandomMatrices.Multiply(RandomMatrices.Multiply(phiS, stats.Gram), phiS.Transpose());
        Matrix lambdaFree = RandomMatrices.Multiply(phiS.Transpose(), RandomMatrices.Solve(c, RandomMatrices.Multiply(phiS, stats.CrossProduct)));

        double labelError = Matrix.RelativeError(evaluation.Labels, labels);
        double directError = Matrix.RelativeError(direct, labels);
        double formError = Matrix.RelativeError(lambdaFree, weightsT);
        double weightError = Matrix.RelativeError(evaluation.Weights.Transpose(), weightsT);
        Matrix refit = KernelRidgeSolver.Solve(evaluation.SupportFeatures, evaluation.Labels, evaluation.LambdaS);
        double refitError = Matrix.RelativeError(refit, evaluation.Weights);
        output.WriteLine($"Y_S {labelError:E2}, direct LS {directError:E2}, λ-free form {formError:E2}, W_S {weightError:E2}, KRR refit {refitError:E2}");
        Assert.True(labelError < 1e-8, $"Y_S: {labelError:E2}");
        Assert.True(directError < 1e-8, $"direct least squares: {directError:E2}");
        Assert.True(formError < 1e-8, $"Φ_Sᵀ C⁻¹ Φ_S B vs M (MᵀGM)⁻¹ MᵀB: {formError:E2}");
        Assert.True(weightError < 1e-8, $"W_S: {weightError:E2}");
        Assert.True(refitError < 1e-8, $"KRR on (φ(X_S), Y_S, λ_S): {refitError:E2}");
    }

    [Fact]
    public void MorePointsThanFeaturesMakesTheLossConstantAndTheGradientZero()
    {
        // m = 6 > p = 5: W_S = G⁻¹B for any X_S with rank(Φ_S) = p, so KIP has nothing to learn.
        var backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        IFeatureMap map = KipTestProblems.Map("fcnn1", 5, 5);
        (KipObjective objective, Matrix phiFull, Matrix yFull) = Problem(map, 5, seed: 7);
        SufficientStatistics stats = KipTestProblems.Statistics(phiFull, yFull);
        Matrix full = RandomMatrices.Solve(stats.Gram, stats.CrossProduct).Transpose();
        Matrix batch = phiFull.Clone();
        KipEvaluation first = objective.Evaluate(RandomMatrices.Gaussian(6, 5, 8), batch, yFull);
        KipEvaluation second = objective.Evaluate(RandomMatrices.Gaussian(6, 5, 9), batch, yFull);
        Assert.True(first.UsedPseudoInverse);
        Assert.True(Matrix.RelativeError(first.Weights, full) < 1e-8);
        Assert.Equal(first.Loss, second.Loss, 1e-10);
        Assert.All(first.Gradient!.Data, g => Assert.Equal(0.0, g));
    }

    [Theory]
    [InlineData("identity", 5, 5)]
    [InlineData("fcnn1", 5, 7)]
    [InlineData("fcnn2", 5, 4)]
    [InlineData("rff", 5, 7)]
    [InlineData("linear", 5, 3)]
    public void FeatureMapBackwardMatchesCentralDifferences(string kind, int d, int p)
    {
        var backend = new ManagedBackend();
        using IDisposable backendScope = LinearAlgebraBackends.Use(backend);
        IFeatureMap map = KipTestProblems.Map(kind, d, p);
        Matrix x = RandomMatrices.Gaussian(4, d, 21);
        Matrix r = RandomMatrices.Gaussian(4, p, 22);
        double Functional(Matrix inputs)
        {
            Matrix phi = KipTestProblems.Features(map, inputs);
            return phi.Data.Zip(r.Data, (a, b) => a * b).Sum();
        }

        var analytic = new Matrix(4, d);
        FeatureMapGradients.Backward(map, x.Data, 4, r.Data, analytic.Data);
        var numeric = new Matrix(4, d);
        for (int i = 0; i < x.Data.Length; i++)
        {
            double keep = x.Data[i];
            x.Data[i] = keep + 1e-6;
            double plus = Functional(x);
            x.Data[i] = keep - 1e-6;
            double minus = Functional(x);
            x.Data[i] = keep;
            numeric.Data[i] = (plus - minus) / 2e-6;
        }

        double error = Matrix.RelativeError(analytic, numeric);
        output.WriteLine($"{kind}: relative error {error:E2}");
        Assert.True(error <= 1e-7, $"relative error {error:E2}");
    }

    private static (KipObjective Objective, Matrix PhiFull, Matrix YFull) Problem(IFeatureMap map, int d, int seed)
    {
        Matrix xFull = RandomMatrices.Gaussian(N, d, seed);
        Matrix yFull = RandomMatrices.OneHot(KipTestProblems.Labels(N, K), K);
        Matrix phiFull = KipTestProblems.Features(map, xFull);
        return (new KipObjective(map, KipTestProblems.Statistics(phiFull, yFull)), phiFull, yFull);
    }

    private static Matrix CentralDifferences(KipObjective objective, Matrix xs, Matrix batch, Matrix targets, double h)
    {
        var numeric = new Matrix(xs.Rows, xs.Columns);
        Matrix probe = xs.Clone();
        for (int i = 0; i < probe.Data.Length; i++)
        {
            double keep = probe.Data[i];
            probe.Data[i] = keep + h;
            double plus = objective.Evaluate(probe, batch, targets, withGradient: false).Loss;
            probe.Data[i] = keep - h;
            double minus = objective.Evaluate(probe, batch, targets, withGradient: false).Loss;
            probe.Data[i] = keep;
            numeric.Data[i] = (plus - minus) / (2 * h);
        }

        return numeric;
    }
}
