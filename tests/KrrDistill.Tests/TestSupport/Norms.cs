using KrrDistill.LinearAlgebra;

namespace KrrDistill.Tests.TestSupport;

/// <summary>Distances between arrays of numbers, for asserting that two computations agree.</summary>
internal static class Norms
{
    /// <summary>‖a − b‖ / ‖a‖ (‖a − b‖ when a = 0): <see cref="Matrix.RelativeError(Matrix, Matrix)"/> with a as the reference.</summary>
    public static double RelativeDifference(double[] a, double[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return Matrix.RelativeError(new Matrix(1, b.Length, b), new Matrix(1, a.Length, a));
    }
}
