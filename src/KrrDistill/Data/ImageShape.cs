namespace KrrDistill.Data;

/// <summary>Shape of one image, channels first (as CIFAR stores it and as artefacts record it).</summary>
/// <param name="Channels">Number of channels (1 for grey, 3 for RGB).</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Width">Width in pixels.</param>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Number of values in one image: channels·height·width.</summary>
    public int Size => Channels * Height * Width;
}
