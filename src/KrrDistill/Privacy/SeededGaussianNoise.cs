using KrrDistill.Randomness;

namespace KrrDistill.Privacy;

/// <summary>
/// Reproducible N(0, σ²) draws from <see cref="SeededRandom"/>: for tests and experiments. The privacy
/// guarantee holds only while the seed is secret; reports say so whenever this source is used.
/// </summary>
internal sealed class SeededGaussianNoise(int seed) : IGaussianNoise
{
    private readonly SeededRandom _random = new(seed);

    /// <summary>The seed.</summary>
    public int Seed { get; } = seed;

    /// <inheritdoc/>
    public bool IsReproducible => true;

    /// <inheritdoc/>
    public void Fill(Span<double> destination, double std) => _random.FillGaussian(destination, std);
}
