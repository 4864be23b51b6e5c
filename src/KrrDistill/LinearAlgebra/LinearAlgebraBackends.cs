using KrrDistill.LinearAlgebra.Managed;
using KrrDistill.LinearAlgebra.OpenBlas;

namespace KrrDistill.LinearAlgebra;

/// <summary>
/// Chooses the linear-algebra backend: <c>KRRDISTILL_BLAS=openblas|managed</c> forces one; otherwise
/// OpenBLAS when <c>libopenblas.so.0</c> loads, else the managed fallback.
/// </summary>
public static partial class LinearAlgebraBackends
{
    /// <summary>Environment variable that overrides detection.</summary>
    public const string EnvironmentVariable = "KRRDISTILL_BLAS";

    private static readonly Lazy<OpenBlasBackend?> OpenBlas = new(OpenBlasBackend.TryCreate);
    private static readonly Lazy<ILinearAlgebraBackend> DefaultBackend = new(() => Create(Environment.GetEnvironmentVariable(EnvironmentVariable)));

    /// <summary>The backend chosen for this process.</summary>
    public static ILinearAlgebraBackend Default => DefaultBackend.Value;

    /// <summary>Every backend that works on this machine (managed always; OpenBLAS when it loads).</summary>
    public static IReadOnlyList<ILinearAlgebraBackend> Available()
    {
        var list = new List<ILinearAlgebraBackend>();
        if (OpenBlas.Value is { } native)
        {
            list.Add(native);
        }

        list.Add(new ManagedBackend());
        return list;
    }

    /// <summary>
    /// The backend named <paramref name="name"/> (<c>openblas</c>, <c>managed</c>, or null/empty/<c>auto</c>
    /// for detection). Throws <see cref="InputException"/> for an unknown name or an unloadable OpenBLAS.
    /// </summary>
    public static ILinearAlgebraBackend Create(string? name)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                return (ILinearAlgebraBackend?)OpenBlas.Value ?? new ManagedBackend();
            case "managed":
                return new ManagedBackend();
            case "openblas":
            case "native":
                return OpenBlas.Value ?? throw new InputException(
                    $"{EnvironmentVariable}=openblas but libopenblas.so.0 could not be loaded (install libopenblas0-pthread).");
            default:
                throw new InputException($"{EnvironmentVariable}='{name}' is not a backend (use openblas or managed).");
        }
    }
}
