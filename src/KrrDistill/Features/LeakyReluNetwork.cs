using System.Buffers;
using System.Numerics;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Features;

/// <summary>
/// The paper's FCNN feature map (Example 5.2 and the paper's code, docs/theory.md §4): a random
/// bias-free network φ(x) = σ(W⁽ᴸ⁾ σ(⋯ σ(W⁽¹⁾x))) with σ = LeakyReLU(slope), weights W⁽ˡ⁾ (d_l×d_{l−1})
/// drawn i.i.d. N(0, 1/d_{l−1}) and frozen. On row-major chunks each layer is H ← σ(H W⁽ˡ⁾ᵀ).
/// </summary>
internal sealed class LeakyReluNetwork : IInvertibleFeatureMap
{
    private readonly Matrix[] _weights;
    private readonly Lazy<MinimumNormSolver>[] _solvers;

    /// <summary>Creates the network from explicit layer weights (each out×in, consecutive shapes chained).</summary>
    public LeakyReluNetwork(IReadOnlyList<Matrix> weights, double negativeSlope)
    {
        Matrix[] layers = LayerWeights.Checked(weights);

        if (!(negativeSlope > 0 && negativeSlope < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), "the LeakyReLU slope must lie in (0, 1) to be invertible.");
        }

        _weights = layers;
        NegativeSlope = negativeSlope;
        _solvers = layers.Select(w => new Lazy<MinimumNormSolver>(() => MinimumNormSolver.Factor(w))).ToArray();
        _singleWeights = new Lazy<float[][]>(() => layers.Select(w => Array.ConvertAll(w.Data, v => (float)v)).ToArray());
    }

    private readonly Lazy<float[][]> _singleWeights;

    /// <summary>LeakyReLU slope for negative inputs (0.1 in the paper).</summary>
    public double NegativeSlope { get; }

    /// <summary>The layer weights, each out×in.</summary>
    public IReadOnlyList<Matrix> Weights => _weights;

    /// <inheritdoc/>
    public FeatureKind Kind => FeatureKind.Fcnn;

    /// <inheritdoc/>
    public int InputDimension => _weights[0].Columns;

    /// <inheritdoc/>
    public int OutputDimension => _weights[^1].Rows;

    /// <inheritdoc/>
    public bool IsSurjective => _weights.All(w => w.Rows <= w.Columns);

    /// <summary>
    /// Draws a network with <paramref name="depth"/> layers of width <paramref name="width"/> on R^<paramref name="inputDimension"/>,
    /// weights N(0, 1/fan_in) from <paramref name="seed"/> (layer by layer, row-major).
    /// </summary>
    public static LeakyReluNetwork CreateRandom(int inputDimension, int width, int depth, double negativeSlope, int seed)
    {
        Matrix[] weights = LayerWeights.DrawRandom(inputDimension, width, depth, seed);
        return new LeakyReluNetwork(weights, negativeSlope);
    }

    /// <inheritdoc/>
    public void Map(ReadOnlySpan<double> inputs, int rows, Span<double> features)
    {
        int widest = _weights.Max(w => w.Rows);
        double[]? scratch = _weights.Length > 1 ? Diagnostics.LargeBuffers.Rent(2 * rows * widest) : null;
        try
        {
            ReadOnlySpan<double> h = inputs;
            for (int l = 0; l < _weights.Length; l++)
            {
                Matrix w = _weights[l];
                Span<double> next = l == _weights.Length - 1
                    ? features[..(rows * w.Rows)]
                    : scratch.AsSpan((l % 2) * rows * widest, rows * w.Rows);
                LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, rows, w.Rows, w.Columns, 1.0, h, w.Columns, w.Data, w.Columns, 0.0, next, w.Rows);
                ApplyLeakyRelu(next, NegativeSlope);
                h = next;
            }
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<double>.Shared.Return(scratch);
            }
        }
    }

    /// <inheritdoc/>
    public void Map(ReadOnlySpan<float> inputs, int rows, Span<float> features)
    {
        float[][] weights = _singleWeights.Value;
        int widest = _weights.Max(w => w.Rows);
        float[]? scratch = _weights.Length > 1 ? ArrayPool<float>.Shared.Rent(2 * rows * widest) : null;
        try
        {
            ReadOnlySpan<float> h = inputs;
            for (int l = 0; l < _weights.Length; l++)
            {
                int outputs = _weights[l].Rows, ins = _weights[l].Columns;
                Span<float> next = l == _weights.Length - 1
                    ? features[..(rows * outputs)]
                    : scratch.AsSpan((l % 2) * rows * widest, rows * outputs);
                LinearAlgebraBackends.Current.GemmSingle(Transpose.No, Transpose.Yes, rows, outputs, ins, h, ins, weights[l], ins, next, outputs);
                ApplyLeakyRelu(next, (float)NegativeSlope);
                h = next;
            }
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>
    /// Inverts layer by layer from the top (Example 5.2, docs/theory.md §4): H ← σ⁻¹(H) with the exact LeakyReLU inverse (slope
    /// 1/slope below 0), then the rows of H_prev solve W⁽ˡ⁾ h_prev = h (<see cref="MinimumNormSolver"/>, factored once
    /// per map: LU for a square layer, the minimum-norm QR solution for a narrowing one, the pseudo-inverse only for a
    /// rank-deficient layer, reported in <see cref="FeatureInversion.LayerRoutes"/>). Exact when every layer has full
    /// row rank (widths non-increasing).
    /// </summary>
    public FeatureInversion Invert(Matrix targetFeatures)
    {
        ArgumentNullException.ThrowIfNull(targetFeatures);
        if (targetFeatures.Columns != OutputDimension)
        {
            throw new ArgumentException($"targets have {targetFeatures.Columns} features, the network gives {OutputDimension}.");
        }

        Matrix h = targetFeatures.Clone();
        var routes = new LinearSolveRoute[_weights.Length];
        double inverseSlope = 1.0 / NegativeSlope;
        for (int l = _weights.Length - 1; l >= 0; l--)
        {
            for (int i = 0; i < h.Data.Length; i++)
            {
                double v = h.Data[i];
                h.Data[i] = v >= 0 ? v : v * inverseSlope;
            }

            MinimumNormSolver solver = LayerSolver(l);
            routes[l] = solver.Route;
            h = solver.SolveRows(h);
        }

        return new FeatureInversion(h, 1.0) { LayerRoutes = routes };
    }

    /// <summary>The solver of layer <paramref name="layer"/>, factored on first use and kept with the map.</summary>
    internal MinimumNormSolver LayerSolver(int layer) => _solvers[layer].Value;

    /// <inheritdoc/>
    public IReadOnlyList<FeatureParameter> Parameters()
    {
        var list = new List<FeatureParameter>();
        for (int l = 0; l < _weights.Length; l++)
        {
            list.Add(new FeatureParameter($"fcnn_weight_{l}", _weights[l].Data, [_weights[l].Rows, _weights[l].Columns]));
        }

        list.Add(new FeatureParameter("fcnn_negative_slope", [NegativeSlope], []));
        return list;
    }

    /// <summary>σ(v) = max(v, slope·v), which equals LeakyReLU for 0 &lt; slope &lt; 1, in place.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static void ApplyLeakyRelu<T>(Span<T> values, T slope)
        where T : unmanaged, INumber<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<T>(slope);
            for (; i <= values.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var v = new Vector<T>(values[i..]);
                Vector.Max(v, v * s).CopyTo(values[i..]);
            }
        }

        for (; i < values.Length; i++)
        {
            values[i] = T.Max(values[i], values[i] * slope);
        }
    }
}
