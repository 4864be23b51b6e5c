namespace KrrDistill.Tests.TestSupport;

/// <summary>Files checked in under <c>tests/KrrDistill.Tests/Fixtures</c> and copied beside the test binaries.</summary>
internal static class TestFixtures
{
    /// <summary>
    /// A distilled set written by numpy alone (<c>np.savez</c>): 10 real fashion-mnist-sample training images, one
    /// per class, identity features, λ_S = 1 (see <c>EvaluateCommandTests</c> for how it was made).
    /// </summary>
    public static string NumpyIdentityDistilled => Path.Combine(AppContext.BaseDirectory, "Fixtures", "numpy_identity_distilled.npz");
}
