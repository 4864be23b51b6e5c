using KrrDistill.LinearAlgebra;

namespace KrrDistill.Ridge;

/// <summary>
/// The λ path from a reduction of G = ΦᵀΦ to tridiagonal form, G = Q T Qᵀ (<c>dsytrd</c>): then
/// Wᵀ(λ) = Q (T + λI)⁻¹ Qᵀ B, where each λ costs one O(p·k) LDLᵀ solve of the tridiagonal T + λI, and Q is applied to
/// the solutions of the whole grid at once (one blocked <c>dormtr</c> on p×(k·|grid|)). The reduction is the first half
/// of a symmetric eigensolver; the eigenvectors (divide and conquer and their back-transformation, about two thirds of
/// <c>dsyevd</c>'s time at p = 3,072) are never formed. For λ &gt; 0 only, on a positive semi-definite G: λ = 0 (the
/// pseudo-inverse) and noisy statistics, whose negative eigenvalues must be clamped, take <see cref="SpectralRidgePath"/>.
/// </summary>
internal sealed class TridiagonalRidgePath : IRidgePath
{
    private readonly double[] _reflectors;
    private readonly double[] _tau;
    private readonly double[] _diagonal;
    private readonly double[] _offDiagonal;
    private readonly Matrix _rotated; // Qᵀ B (p×k)
    private (List<double> Grid, Matrix Solutions)? _lastSweep;

    private TridiagonalRidgePath(double[] reflectors, double[] tau, double[] diagonal, double[] offDiagonal, Matrix rotated)
    {
        _reflectors = reflectors;
        _tau = tau;
        _diagonal = diagonal;
        _offDiagonal = offDiagonal;
        _rotated = rotated;
        int p = diagonal.Length;
        Largest = TridiagonalSpectrum.Largest(diagonal, offDiagonal);
        RankTolerance = Math.Max(0, Largest) * p * MachinePrecision.Epsilon;
        NumericalRank = p - TridiagonalSpectrum.CountBelow(diagonal, offDiagonal, RankTolerance);
    }

    /// <inheritdoc/>
    public int Features => _diagonal.Length;

    /// <inheritdoc/>
    public int Targets => _rotated.Columns;

    /// <inheritdoc/>
    public int? NumericalRank { get; }

    /// <inheritdoc/>
    public string Route => "tridiagonal";

    /// <summary>The largest eigenvalue of G.</summary>
    public double Largest { get; }

    /// <summary>max(μ)·p·ε, the rank tolerance of <see cref="SpectralRidgePath"/>.</summary>
    public double RankTolerance { get; }

    /// <summary>The smallest eigenvalue of G (rounding can make it slightly negative).</summary>
    public double Smallest => TridiagonalSpectrum.Smallest(_diagonal, _offDiagonal);

    /// <summary>
    /// Reduces the statistics' G. With <paramref name="consumeGram"/> the reduction overwrites the statistics' own G (p²
    /// doubles not copied), and the statistics must not be used again (<see cref="Gram"/> rebuilds G if needed).
    /// </summary>
    public static TridiagonalRidgePath Reduce(SufficientStatistics statistics, bool consumeGram = false)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        int p = statistics.Features, k = statistics.Classes;
        Matrix rotated = statistics.CrossProduct;
        double[] a = consumeGram ? statistics.GramView.Data : statistics.GramView.Clone().Data;
        double[] d = new double[p], e = new double[Math.Max(1, p - 1)], tau = new double[Math.Max(1, p - 1)];
        LinearAlgebraBackends.Current.TridiagonalReduce(p, a, d, e, tau);
        LinearAlgebraBackends.Current.TridiagonalApplyQ(Transpose.Yes, p, k, a, tau, rotated.Data);
        return new TridiagonalRidgePath(a, tau, d, e, rotated);
    }

    /// <summary>
    /// True when every λ of <paramref name="grid"/> is &gt; 0, no eigenvalue of G lies below −10·max(μ)·p·ε (G is a Gram
    /// matrix up to rounding), and either no eigenvalue lies below +10·max(μ)·p·ε (G is numerically positive definite)
    /// or the smallest λ is above it: then rounding in G's null space (eigenvalues of size ε·max(μ), of either sign)
    /// cannot reach λ, and the eigen route's clamp of negative eigenvalues would change nothing. Decided by exact Sturm
    /// counts of T, O(p).
    /// </summary>
    public bool Suits(IReadOnlyList<double> grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.Count == 0 || !grid.All(l => l > 0 && double.IsFinite(l)))
        {
            return false;
        }

        double margin = 10 * RankTolerance;
        if (TridiagonalSpectrum.CountBelow(_diagonal, _offDiagonal, -margin) > 0)
        {
            return false; // not positive semi-definite: noise, or edited statistics; the eigen route projects it
        }

        return TridiagonalSpectrum.CountBelow(_diagonal, _offDiagonal, margin) == 0 || grid.Min() > margin;
    }

    /// <summary>G = Q T Qᵀ rebuilt from the reduction (p×p), for the eigen route when this one does not suit the grid.</summary>
    public Matrix Gram()
    {
        int p = Features;
        var g = new Matrix(p, p);
        for (int i = 0; i < p; i++)
        {
            g.Data[(i * p) + i] = _diagonal[i];
            if (i + 1 < p)
            {
                g.Data[(i * p) + i + 1] = _offDiagonal[i];
                g.Data[((i + 1) * p) + i] = _offDiagonal[i];
            }
        }

        // Q T is symmetric-times-orthogonal; (Q (Q T)ᵀ) = Q T Qᵀ.
        LinearAlgebraBackends.Current.TridiagonalApplyQ(Transpose.No, p, p, _reflectors, _tau, g.Data);
        Matrix h = g.Transpose();
        LinearAlgebraBackends.Current.TridiagonalApplyQ(Transpose.No, p, p, _reflectors, _tau, h.Data);
        return h;
    }

    /// <inheritdoc/>
    public Matrix Weights(double lambda)
    {
        // The validation sweep already solved for the chosen λ: take its block instead of applying Q again.
        if (_lastSweep is ({ } grid, { } solutions) && grid.IndexOf(lambda) is int j and >= 0)
        {
            int p = Features, k = Targets, width = k * grid.Count;
            var w = new Matrix(k, p);
            for (int i = 0; i < p; i++)
            {
                for (int c = 0; c < k; c++)
                {
                    w.Data[(c * p) + i] = solutions.Data[(i * width) + (j * k) + c];
                }
            }

            return w;
        }

        return Solve([lambda]).Transpose();
    }

    /// <inheritdoc/>
    public IReadOnlyList<Matrix> ValidationScores(Matrix features, IReadOnlyList<double> grid)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(grid);
        int p = Features, k = Targets, g = grid.Count, rows = features.Rows;
        // p×(k·g): block j is W(λ_j)ᵀ. Validation sets scored chunk by chunk ask for the same grid again: solve once.
        Matrix solutions = _lastSweep is ({ } last, { } cached) && last.SequenceEqual(grid) ? cached : Solve(grid);
        _lastSweep = ([.. grid], solutions);
        var scores = new Matrix(rows, k * g);
        LinearAlgebraBackends.Current.Gemm(Transpose.No, Transpose.No, rows, k * g, p, 1.0, features.Data, p, solutions.Data, k * g, 0.0, scores.Data, k * g);
        var result = new Matrix[g];
        for (int j = 0; j < g; j++)
        {
            var block = new Matrix(rows, k);
            for (int r = 0; r < rows; r++)
            {
                scores.Data.AsSpan((r * k * g) + (j * k), k).CopyTo(block.Row(r));
            }

            result[j] = block;
        }

        return result;
    }

    /// <summary>Q (T + λ_j I)⁻¹ Qᵀ B for every λ_j, side by side: p×(k·|λ|), block j = W(λ_j)ᵀ.</summary>
    private Matrix Solve(IReadOnlyList<double> lambdas)
    {
        int p = Features, k = Targets, g = lambdas.Count;
        var y = new Matrix(p, k * g);
        double[] pivots = new double[p];
        double[] multipliers = new double[p];
        for (int j = 0; j < g; j++)
        {
            double lambda = lambdas[j];
            if (!(lambda > 0) || !double.IsFinite(lambda))
            {
                throw new ArgumentOutOfRangeException(nameof(lambdas), "the tridiagonal route needs λ > 0.");
            }

            // T + λI = L D Lᵀ (unit lower bidiagonal L, multipliers l_i = e_i/D_i); positive definite for every λ that
            // Suits accepted; a non-positive pivot would mean G is not semi-definite.
            pivots[0] = _diagonal[0] + lambda;
            for (int i = 0; i + 1 < p; i++)
            {
                multipliers[i] = _offDiagonal[i] / pivots[i];
                pivots[i + 1] = _diagonal[i + 1] + lambda - (multipliers[i] * _offDiagonal[i]);
            }

            for (int i = 0; i < p; i++)
            {
                if (!(pivots[i] > 0))
                {
                    throw new ArithmeticException($"G + λI is not positive definite at λ = {lambda:G3} (pivot {i}); the Gram matrix is not positive semi-definite.");
                }
            }

            for (int i = 0; i < p; i++)
            {
                Span<double> row = y.Data.AsSpan((i * k * g) + (j * k), k);
                _rotated.Row(i).CopyTo(row);
                if (i > 0)
                {
                    ReadOnlySpan<double> previous = y.Data.AsSpan(((i - 1) * k * g) + (j * k), k);
                    for (int c = 0; c < k; c++)
                    {
                        row[c] -= multipliers[i - 1] * previous[c];
                    }
                }
            }

            for (int i = p - 1; i >= 0; i--)
            {
                Span<double> row = y.Data.AsSpan((i * k * g) + (j * k), k);
                for (int c = 0; c < k; c++)
                {
                    row[c] /= pivots[i];
                }

                if (i + 1 < p)
                {
                    ReadOnlySpan<double> next = y.Data.AsSpan(((i + 1) * k * g) + (j * k), k);
                    for (int c = 0; c < k; c++)
                    {
                        row[c] -= multipliers[i] * next[c];
                    }
                }
            }
        }

        LinearAlgebraBackends.Current.TridiagonalApplyQ(Transpose.No, p, k * g, _reflectors, _tau, y.Data);
        return y;
    }
}
