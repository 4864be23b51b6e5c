using KrrDistill.LinearAlgebra;
using KrrDistill.Randomness;

namespace KrrDistill.Features;

/// <summary>The weights of a stack of bias-free layers, shared by the fcnn and deep linear maps.</summary>
internal static class LayerWeights
{
    /// <summary>Copies the layers after checking there is at least one and that consecutive shapes chain.</summary>
    internal static Matrix[] Checked(IReadOnlyList<Matrix> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0)
        {
            throw new ArgumentException("the network needs at least one layer.", nameof(weights));
        }

        for (int l = 1; l < weights.Count; l++)
        {
            if (weights[l].Columns != weights[l - 1].Rows)
            {
                throw new ArgumentException($"layer {l} takes {weights[l].Columns} inputs but layer {l - 1} gives {weights[l - 1].Rows}.");
            }
        }

        return [.. weights];
    }

    /// <summary>
    /// <paramref name="depth"/> layers of width <paramref name="width"/> on R^<paramref name="inputDimension"/>,
    /// entries N(0, 1/fan_in) drawn from <paramref name="seed"/> layer by layer, row-major.
    /// </summary>
    internal static Matrix[] DrawRandom(int inputDimension, int width, int depth, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputDimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        var random = new SeededRandom(seed);
        var weights = new Matrix[depth];
        int fanIn = inputDimension;
        for (int l = 0; l < depth; l++)
        {
            weights[l] = new Matrix(width, fanIn);
            random.FillGaussian(weights[l].Data, 1.0 / Math.Sqrt(fanIn));
            fanIn = width;
        }

        return weights;
    }
}
