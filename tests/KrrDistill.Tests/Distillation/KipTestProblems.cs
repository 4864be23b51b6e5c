using KrrDistill.Data;
using KrrDistill.Features;
using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;
using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Distillation;

/// <summary>Small random KIP problems shared by the KIP tests.</summary>
internal static class KipTestProblems
{
    /// <summary>The feature maps of the finite-difference tests, by name.</summary>
    public static IFeatureMap Map(string kind, int d, int p) => kind switch
    {
        "identity" => new IdentityFeatureMap(d),
        "fcnn1" => LeakyReluNetwork.CreateRandom(d, p, 1, 0.1, 11),
        "fcnn2" => LeakyReluNetwork.CreateRandom(d, p, 2, 0.1, 12),
        "rff" => RandomFourierFeatures.CreateRandom(d, p, d, 13),
        "linear" => DeepLinearNetwork.CreateRandom(d, p, 2, 14),
        _ => throw new ArgumentException(kind),
    };

    /// <summary>Features of the inputs as a matrix.</summary>
    public static Matrix Features(IFeatureMap map, Matrix inputs)
    {
        var phi = new Matrix(inputs.Rows, map.OutputDimension);
        map.Map(inputs.Data, inputs.Rows, phi.Data);
        return phi;
    }

    /// <summary>G = ΦᵀΦ and B = ΦᵀY computed naively.</summary>
    public static SufficientStatistics Statistics(Matrix phi, Matrix y)
    {
        Matrix phiT = phi.Transpose();
        return new SufficientStatistics(RandomMatrices.Multiply(phiT, phi), RandomMatrices.Multiply(phiT, y), phi.Rows);
    }

    /// <summary>Balanced labels 0, 1, …, k−1, 0, 1, … for n samples.</summary>
    public static int[] Labels(int n, int k) => Enumerable.Range(0, n).Select(i => i % k).ToArray();

    /// <summary>A real-valued data set of Gaussian class blobs (class c shifted by <paramref name="separation"/> along axis c).</summary>
    public static Dataset Blobs(int n, int d, int k, double separation, int seed)
    {
        Matrix x = RandomMatrices.Gaussian(n, d, seed);
        int[] labels = Labels(n, k);
        for (int i = 0; i < n; i++)
        {
            x[i, labels[i] % d] += separation;
        }

        var normalization = new InputNormalization(new double[d], Enumerable.Repeat(1.0, d).ToArray(), 1.0);
        return Dataset.FromValues("blobs", x.Data, n, d, labels, k, normalization, null);
    }
}
