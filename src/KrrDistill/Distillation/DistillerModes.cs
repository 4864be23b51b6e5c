namespace KrrDistill.Distillation;

/// <summary>How the distilled labels Y_S are chosen.</summary>
public enum LabelMode
{
    /// <summary>
    /// For real initialization, Y_S = W φ_{λS}(X̂_S) (the original model's regularized prediction on the
    /// chosen images, Corollary 4.1.1) when it has rank k, else one-hot; for noise, one-hot.
    /// </summary>
    Model,

    /// <summary>Balanced one-hot labels, classes 0…k−1 repeated IPC times.</summary>
    OneHot,

    /// <summary>
    /// Label-only distillation (Theorem 4.2): keep m ≥ p real points and fit their labels; the mode for feature maps that
    /// are not surjective (fcnn with p &gt; d).
    /// </summary>
    Fit,
}

/// <summary>The artefact and report names of <see cref="LabelMode"/> and <see cref="InitMode"/>.</summary>
public static class DistillationNames
{
    /// <summary><c>model</c>, <c>onehot</c> or <c>fit</c>.</summary>
    public static string Name(this LabelMode mode) => mode switch
    {
        LabelMode.Model => "model",
        LabelMode.OneHot => "onehot",
        LabelMode.Fit => "fit",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "not a label mode"),
    };

    /// <summary><c>noise</c> or <c>real</c>.</summary>
    public static string Name(this InitMode mode) => mode switch
    {
        InitMode.Noise => "noise",
        InitMode.Real => "real",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "not an initialization"),
    };
}

/// <summary>How Algorithm 1 chooses the free part Z (docs/theory.md §3).</summary>
public enum InitMode
{
    /// <summary>Z drawn from Gaussian noise (Theorem 4.1/5.1); the result carries no image of the data.</summary>
    Noise,

    /// <summary>Z from class-balanced real images so the result stays close to them (Corollary 4.1.1).</summary>
    Real,
}
