namespace KrrDistill.Benchmarks;

/// <summary>
/// Nominal floating-point operations one invocation of the benchmark method performs; read by
/// <see cref="GflopsColumn"/> to turn the mean time into GFLOP/s.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class FlopsPerInvocationAttribute(double flops) : Attribute
{
    /// <summary>Floating-point operations per invocation.</summary>
    public double Flops { get; } = flops;
}
