namespace KrrDistill.Data;

/// <summary>Which of the two CIFAR-100 labels to use.</summary>
public enum CifarLabelKind
{
    /// <summary>The 100 fine classes (the usual choice, and the default).</summary>
    Fine,

    /// <summary>The 20 coarse superclasses.</summary>
    Coarse,
}
