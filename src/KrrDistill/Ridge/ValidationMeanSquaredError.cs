using KrrDistill.Features;
using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// λ by the validation mean squared error, exactly, from the validation samples' statistics alone (no rows at hand):
/// for W = W(λ), ‖W φ(x) − y‖² summed over the samples is tr(W G_v Wᵀ) − 2 tr(W B_v) + n_v (one-hot y), so the mean is
/// that over n_v. The smallest error wins, ties keeping the earlier λ.
/// </summary>
internal sealed class ValidationMeanSquaredError(SufficientStatistics validation) : LambdaChoice
{
    internal override long Count => validation.Count;

    internal override void Check(IReadOnlyList<double> grid, IFeatureMap featureMap, int classes)
    {
        if (validation.Features != featureMap.OutputDimension || validation.Classes != classes)
        {
            throw new InputException($"the validation statistics are for p = {validation.Features}, k = {validation.Classes} but the fit is for p = {featureMap.OutputDimension}, k = {classes}.");
        }

        if (grid.Count > 1 && validation.Count == 0)
        {
            throw new InputException(nameof(KernelRidgeOptions.Lambda), "must be fixed: the statistics hold no validation samples to choose it on.");
        }
    }

    internal override LambdaSearch Choose(IRidgePath path, IReadOnlyList<double> grid, IFeatureMap featureMap, int chunkRows, IProgress<ProgressReport>? progress)
    {
        if (grid.Count == 1)
        {
            return new LambdaSearch(grid[0], double.NaN, [], [], "");
        }
        Matrix gv = validation.GramView, bv = validation.CrossProduct;
        double lambda = grid[0], best = double.PositiveInfinity;
        var curve = new List<(double, double)>();
        foreach (double candidate in grid)
        {
            Matrix w = path.Weights(candidate);
            var wg = new Matrix(w.Rows, w.Columns);
            LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, w.Rows, w.Columns, w.Columns, 1.0, w.Data, w.Columns, gv.Data, gv.Columns, 0.0, wg.Data, w.Columns);
            double quadratic = 0, cross = 0;
            for (int c = 0; c < w.Rows; c++)
            {
                for (int j = 0; j < w.Columns; j++)
                {
                    quadratic += wg[c, j] * w[c, j];
                    cross += w[c, j] * bv[j, c];
                }
            }

            double mse = (quadratic - (2 * cross) + validation.Count) / validation.Count;
            curve.Add((candidate, mse));
            if (mse < best)
            {
                (best, lambda) = (mse, candidate);
            }
        }

        return new LambdaSearch(lambda, double.NaN, [], curve, "λ path (validation MSE from statistics)");
    }
}
