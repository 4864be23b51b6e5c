namespace KrrDistill.LinearAlgebra;

/// <summary>The backend that estimators compute on: the process default, overridable for a scope.</summary>
public static partial class LinearAlgebraBackends
{
    private static readonly AsyncLocal<ILinearAlgebraBackend?> Override = new();

    /// <summary>
    /// The backend new feature maps, estimators and loaded artefacts compute on: the one set by <see cref="Use"/> in this
    /// async flow, else <see cref="Default"/>. No public method takes a backend argument; this is the one way to choose.
    /// </summary>
    public static ILinearAlgebraBackend Current => Override.Value ?? Default;

    /// <summary>
    /// Makes <paramref name="backend"/> <see cref="Current"/> until the returned scope is disposed (scopes nest; each
    /// async flow, e.g. each parallel test, has its own).
    /// </summary>
    public static IDisposable Use(ILinearAlgebraBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ILinearAlgebraBackend? previous = Override.Value;
        Override.Value = backend;
        return new Scope(previous);
    }

    private sealed class Scope(ILinearAlgebraBackend? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                Override.Value = previous;
                _disposed = true;
            }
        }
    }
}
