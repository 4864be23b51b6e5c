using KrrDistill.LinearAlgebra;

namespace KrrDistill.Tests.TestSupport;

/// <summary>Runs numerical tests on every backend; the native one is reported as skipped where OpenBLAS is absent.</summary>
public static class Backends
{
    public static TheoryData<string> Names => new() { "managed", "openblas" };

    public static ILinearAlgebraBackend Get(string name)
    {
        ILinearAlgebraBackend? backend = LinearAlgebraBackends.Available().FirstOrDefault(b => b.Name == name);
        if (backend is null)
        {
            Assert.Skip($"backend '{name}' is not available on this machine (install libopenblas0-pthread).");
        }

        return backend;
    }
}
