using System.Buffers.Binary;
using System.Security.Cryptography;

namespace KrrDistill.Privacy;

/// <summary>
/// N(0, σ²) draws from the operating system's cryptographically secure generator
/// (<see cref="RandomNumberGenerator"/>): 53-bit uniforms, then the Box–Muller transform. Not reproducible,
/// by design. (Floating-point sampling has known side channels, Mironov 2012; docs/privacy.md says what
/// that leaves open.)
/// </summary>
internal sealed class SecureGaussianNoise : IGaussianNoise
{
    /// <inheritdoc/>
    public bool IsReproducible => false;

    /// <inheritdoc/>
    public void Fill(Span<double> destination, double std)
    {
        const int PairsPerBlock = 1024;
        byte[] bytes = new byte[16 * PairsPerBlock];
        int used = PairsPerBlock;
        for (int i = 0; i < destination.Length; i += 2)
        {
            double u1, u2;
            do
            {
                if (used == PairsPerBlock)
                {
                    RandomNumberGenerator.Fill(bytes);
                    used = 0;
                }

                ReadOnlySpan<byte> pair = bytes.AsSpan(16 * used++, 16);
                u1 = Uniform(BinaryPrimitives.ReadUInt64LittleEndian(pair));
                u2 = Uniform(BinaryPrimitives.ReadUInt64LittleEndian(pair[8..]));
            }
            while (u1 <= 0);

            double radius = Math.Sqrt(-2.0 * Math.Log(u1)) * std, angle = 2.0 * Math.PI * u2;
            destination[i] = radius * Math.Cos(angle);
            if (i + 1 < destination.Length)
            {
                destination[i + 1] = radius * Math.Sin(angle);
            }
        }

        CryptographicOperations.ZeroMemory(bytes);
    }

    /// <summary>The top 53 bits as a uniform double in [0, 1).</summary>
    private static double Uniform(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));
}
