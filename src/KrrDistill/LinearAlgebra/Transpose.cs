namespace KrrDistill.LinearAlgebra;

/// <summary>Whether a GEMM operand is used as stored or transposed.</summary>
public enum Transpose
{
    /// <summary>Use the operand as stored.</summary>
    No,

    /// <summary>Use the transpose of the operand.</summary>
    Yes,
}
