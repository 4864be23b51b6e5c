namespace KrrDistill.Distillation;

/// <summary>How Algorithm 1 chooses the free part Z (PAPER.md §3).</summary>
public enum InitMode
{
    /// <summary>Z drawn from Gaussian noise (Theorem 4.1/5.1); the result carries no image of the data.</summary>
    Noise,

    /// <summary>Z from class-balanced real images so the result stays close to them (Corollary 4.1.1).</summary>
    Real,
}
