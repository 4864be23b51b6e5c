namespace KrrDistill.LinearAlgebra;

/// <summary>Double precision's unit roundoff scale, for every rank and conditioning tolerance.</summary>
internal static class MachinePrecision
{
    /// <summary>ε = 2⁻⁵², the spacing of doubles at 1 (numpy's <c>finfo(float64).eps</c>).</summary>
    public const double Epsilon = 2.220446049250313e-16;
}
