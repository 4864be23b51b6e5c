using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// The factorization behind a fit, chosen once per fit: the cheapest exact route for the statistics and the λ grid
/// (<see cref="IRidgePath"/>), with the checks that make a numerical breakdown the data's problem, reported as such.
/// </summary>
internal static class RidgePaths
{
    /// <summary>
    /// The primal path: one Cholesky solve when λ is fixed, the tridiagonal reduction for a grid of λ &gt; 0, the
    /// eigendecomposition when the grid holds 0 (the pseudo-inverse), λ near rounding level of a singular G, a G that is
    /// not positive semi-definite, or statistics released with noise (whose negative eigenvalues the eigen route clamps,
    /// projecting G̃ onto the positive semi-definite cone). With <paramref name="consumeGram"/> the statistics' own G may
    /// be overwritten (p² doubles not copied); they must not be used again.
    /// </summary>
    public static IRidgePath Primal(SufficientStatistics statistics, IReadOnlyList<double> grid, bool consumeGram, string name)
    {
        RequireUsable(statistics.GramView.Data, name);
        return Factorize(() => Choose(statistics, grid, consumeGram), name);
    }

    /// <summary>The dual path of features held in memory, Φ (n×p, n ≤ p) and one-hot Y (n×k).</summary>
    public static IRidgePath Dual(Matrix features, Matrix targets, string name)
    {
        RequireUsable(features.Data, name);
        return Factorize(() => SpectralRidgePath.FromFeatures(features, targets), name);
    }

    /// <summary>
    /// Refuses data whose features cannot be fit, from Φ or from G = ΦᵀΦ (which decides ΦᵀY too: G finite bounds every
    /// |φ_ij|, and G = 0 means Φ = 0): a non-finite entry (the inputs overflow double precision through φ, or carry
    /// ±Infinity) or all zeros (nothing to learn; every later quantity would be 0/0).
    /// </summary>
    public static void RequireUsable(ReadOnlySpan<double> values, string name)
    {
        bool anyNonZero = false;
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                throw new InputException($"{name}: the features overflow double precision (ΦᵀΦ or Φ holds {v}); rescale the inputs (values of extreme magnitude, or too deep a network for them).");
            }

            anyNonZero |= v != 0;
        }

        if (!anyNonZero)
        {
            throw new InputException($"{name}: every feature is zero on the training samples (or so small, below about 1e-154, that ΦᵀΦ underflows to zero), so there is nothing to fit; rescale the inputs.");
        }
    }

    private static IRidgePath Choose(SufficientStatistics statistics, IReadOnlyList<double> grid, bool consumeGram)
    {
        if (statistics.ClassCounts is null)
        {
            return SpectralRidgePath.FromStatistics(statistics);
        }

        if (grid.Count == 1 && CholeskyRidgePath.TryCreate(statistics, grid[0]) is { } cholesky)
        {
            return cholesky;
        }

        if (grid.Count > 0 && grid.Min() > 0)
        {
            TridiagonalRidgePath tridiagonal = TridiagonalRidgePath.Reduce(statistics, consumeGram);
            if (tridiagonal.Suits(grid))
            {
                return tridiagonal;
            }

            if (consumeGram)
            {
                return SpectralRidgePath.FromGram(tridiagonal.Gram(), statistics.CrossProduct);
            }
        }

        return SpectralRidgePath.FromStatistics(statistics);
    }

    /// <summary>Runs a factorization of the Gram matrix; a numerical breakdown is the data's problem, reported as such.</summary>
    private static T Factorize<T>(Func<T> factorize, string name)
    {
        try
        {
            return factorize();
        }
        catch (ArithmeticException e)
        {
            throw new InputException($"{name}: the Gram matrix of the features could not be factorized ({e.Message}); the data are of too extreme a scale or too degenerate for double precision.");
        }
    }
}
