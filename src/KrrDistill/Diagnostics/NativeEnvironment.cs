using System.Runtime.InteropServices;

namespace KrrDistill.Diagnostics;

/// <summary>
/// Sets an environment variable where native libraries loaded later read it (<c>setenv(3)</c>: .NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string?)"/> changes only the managed copy) and in the managed
/// copy as well.
/// </summary>
internal static partial class NativeEnvironment
{
    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/> in both environments; false where the native one cannot be set.</summary>
    public static bool Set(string name, string value)
    {
        if (OperatingSystem.IsWindows() || SetNative(name, value, 1) != 0)
        {
            return false;
        }

        Environment.SetEnvironmentVariable(name, value);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetNative(string name, string value, int overwrite);
}
