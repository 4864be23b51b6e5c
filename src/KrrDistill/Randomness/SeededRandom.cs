using System.Numerics.Tensors;

namespace KrrDistill.Randomness;

/// <summary>
/// Deterministic random source for every draw in the library: the same seed gives the same numbers on
/// every machine and backend (System.Random with an explicit seed uses a fixed algorithm; normals come
/// from the Box–Muller transform, both values of each pair used in order).
/// </summary>
internal sealed class SeededRandom
{
    private readonly Random _random;
    private double _spare;
    private bool _hasSpare;

    /// <summary>Creates a source for <paramref name="seed"/>.</summary>
    public SeededRandom(int seed)
    {
        _random = new Random(seed);
    }

    /// <summary>Uniform on [0, 1).</summary>
    public double NextUniform() => _random.NextDouble();

    /// <summary>Uniform integer on [0, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int maxExclusive) => _random.Next(maxExclusive);

    /// <summary>Standard normal N(0, 1).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        double u1;
        do
        {
            u1 = _random.NextDouble();
        }
        while (u1 <= double.Epsilon);

        double u2 = _random.NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        _spare = radius * Math.Sin(angle);
        _hasSpare = true;
        return radius * Math.Cos(angle);
    }

    /// <summary>Fills <paramref name="destination"/> with N(0, std²) draws.</summary>
    public void FillGaussian(Span<double> destination, double std)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = NextGaussian();
        }

        // Scaling after the draws gives each element the same single rounding as NextGaussian() * std.
        TensorPrimitives.Multiply(destination, std, destination);
    }

    /// <summary>A uniformly random permutation of 0…n−1 (Fisher–Yates).</summary>
    public int[] Permutation(int n)
    {
        int[] p = new int[n];
        for (int i = 0; i < n; i++)
        {
            p[i] = i;
        }

        for (int i = n - 1; i > 0; i--)
        {
            int j = _random.Next(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }
}
