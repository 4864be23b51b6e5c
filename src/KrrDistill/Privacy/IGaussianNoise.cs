namespace KrrDistill.Privacy;

/// <summary>
/// A source of N(0, σ²) draws for a privacy mechanism. The guarantee of a Gaussian mechanism assumes the
/// noise is unknown to the adversary: <see cref="SecureGaussianNoise"/> (the default) draws it from the
/// operating system's cryptographic generator; <see cref="SeededGaussianNoise"/> reproduces it from a seed,
/// for tests and experiments only (whoever knows the seed can subtract the noise).
/// </summary>
internal interface IGaussianNoise
{
    /// <summary>True when the draws can be reproduced from a seed (the guarantee then needs the seed kept secret).</summary>
    bool IsReproducible { get; }

    /// <summary>Fills <paramref name="destination"/> with independent N(0, <paramref name="std"/>²) draws.</summary>
    void Fill(Span<double> destination, double std);
}
