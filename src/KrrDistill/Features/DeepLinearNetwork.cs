using KrrDistill.LinearAlgebra;

namespace KrrDistill.Features;

/// <summary>
/// A deep linear network φ(x) = W⁽ᴸ⁾⋯W⁽¹⁾x = M x (Theorem 5.3 and its caveat, docs/theory.md §4), weights W⁽ˡ⁾
/// (d_l×d_{l−1}) i.i.d. N(0, 1/d_{l−1}). On row-major chunks each layer is H ← H W⁽ˡ⁾ᵀ. With p &gt; d it
/// is injective but not surjective; a KRR model on it still has rows in Range(Mᵀ), so k points suffice
/// (X_S = M⁺ W⁺ Y_S).
/// </summary>
internal sealed class DeepLinearNetwork : IInvertibleFeatureMap
{
    private readonly Matrix[] _weights;
    private readonly Lazy<Matrix> _product;
    private readonly Lazy<MinimumNormSolver> _solver;

    /// <summary>Creates the network from explicit layer weights (each out×in, consecutive shapes chained).</summary>
    public DeepLinearNetwork(IReadOnlyList<Matrix> weights)
    {
        Matrix[] layers = LayerWeights.Checked(weights);

        _weights = layers;
        _product = new Lazy<Matrix>(Multiply);
        _solver = new Lazy<MinimumNormSolver>(() => MinimumNormSolver.Factor(_product.Value));
    }

    /// <summary>The layer weights, each out×in.</summary>
    public IReadOnlyList<Matrix> Weights => _weights;

    /// <inheritdoc/>
    public FeatureKind Kind => FeatureKind.Linear;

    /// <inheritdoc/>
    public int InputDimension => _weights[0].Columns;

    /// <inheritdoc/>
    public int OutputDimension => _weights[^1].Rows;

    /// <inheritdoc/>
    public bool IsSurjective => _weights.All(w => w.Rows <= w.Columns);

    /// <summary>Draws <paramref name="depth"/> layers of width <paramref name="width"/>, weights N(0, 1/fan_in), from <paramref name="seed"/>.</summary>
    public static DeepLinearNetwork CreateRandom(int inputDimension, int width, int depth, int seed)
    {
        Matrix[] weights = LayerWeights.DrawRandom(inputDimension, width, depth, seed);
        return new DeepLinearNetwork(weights);
    }

    /// <summary>The product M = W⁽ᴸ⁾⋯W⁽¹⁾ (p×d), a copy of the one computed once per map.</summary>
    public Matrix Product() => _product.Value.Clone();

    private Matrix Multiply()
    {
        Matrix m = _weights[0].Clone();
        for (int l = 1; l < _weights.Length; l++)
        {
            Matrix w = _weights[l];
            var next = new Matrix(w.Rows, m.Columns);
            LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, w.Rows, m.Columns, w.Columns, 1.0, w.Data, w.Columns, m.Data, m.Columns, 0.0, next.Data, m.Columns);
            m = next;
        }

        return m;
    }

    /// <inheritdoc/>
    public void Map(ReadOnlySpan<double> inputs, int rows, Span<double> features)
    {
        Matrix m = _product.Value;
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, rows, m.Rows, m.Columns, 1.0, inputs, m.Columns, m.Data, m.Columns, 0.0, features, m.Rows);
    }

    /// <summary>
    /// X = Φ*·(M⁺)ᵀ, the least-squares inputs (rows x = M⁺φ*) through <see cref="MinimumNormSolver"/> (LU for p = d, QR
    /// otherwise, the pseudo-inverse for a rank-deficient M; factored once per map). φ(X) = Φ* exactly when every target
    /// row lies in Range(M), which holds for the analytic targets of a model trained on this map when the free part Z is
    /// projected onto Range(M) (see <see cref="RangeProjector"/>); then m = k already suffices (docs/theory.md §4, caveat to
    /// Theorem 5.3: X_S = M⁺W⁺Y_S).
    /// </summary>
    public FeatureInversion Invert(Matrix targetFeatures)
    {
        ArgumentNullException.ThrowIfNull(targetFeatures);
        if (targetFeatures.Columns != OutputDimension)
        {
            throw new ArgumentException($"targets have {targetFeatures.Columns} features, the network gives {OutputDimension}.");
        }

        MinimumNormSolver solver = _solver.Value;
        return new FeatureInversion(solver.SolveRows(targetFeatures), 1.0) { LayerRoutes = [solver.Route] };
    }

    /// <summary>The orthogonal projector onto Range(M) ⊂ R^p (p×p, symmetric): M M⁺ = U_M U_Mᵀ.</summary>
    public Matrix RangeProjector()
    {
        ThinSvd svd = ThinSvd.Compute(_product.Value);
        int p = OutputDimension, rank = svd.Rank;
        var basis = new Matrix(p, rank);
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < rank; j++)
            {
                basis[i, j] = svd.U[i, j];
            }
        }

        var projector = new Matrix(p, p);
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.Yes, p, p, rank, 1.0, basis.Data, rank, basis.Data, rank, 0.0, projector.Data, p);
        return projector;
    }

    /// <inheritdoc/>
    public IReadOnlyList<FeatureParameter> Parameters()
        => _weights.Select((w, l) => new FeatureParameter($"linear_weight_{l}", w.Data, [w.Rows, w.Columns])).ToList();
}
