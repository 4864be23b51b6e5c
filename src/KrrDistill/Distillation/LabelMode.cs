namespace KrrDistill.Distillation;

/// <summary>How the distilled labels Y_S are chosen.</summary>
public enum LabelMode
{
    /// <summary>Balanced one-hot labels, classes 0…k−1 repeated IPC times.</summary>
    OneHot,

    /// <summary>
    /// For real initialization, Y_S = W φ_{λS}(X̂_S) (the original model's regularized prediction on the
    /// chosen images, Corollary 4.1.1) when it has rank k, else one-hot; for noise, one-hot.
    /// </summary>
    Model,
}
