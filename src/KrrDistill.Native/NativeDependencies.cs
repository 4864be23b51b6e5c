using System.Reflection;
using System.Runtime.InteropServices;

namespace KrrDistill.Native;

/// <summary>
/// Finds the native libraries this library calls beside it: a NativeAOT shared library loaded by another program
/// (Python) looks for <c>libSkiaSharp.so</c> only in the system's places, not in its own directory, where the Python
/// package ships it. The directory is <c>$KRRDISTILL_NATIVE_DIR</c> (the Python package sets it to its own) or
/// <see cref="AppContext.BaseDirectory"/>.
/// </summary>
internal static class NativeDependencies
{
    private static readonly bool Registered = Register();

    /// <summary>Registers the resolver once (every export calls this first).</summary>
    public static void Ensure() => _ = Registered;

    private static bool Register()
    {
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(SkiaSharp.SKCodec).Assembly, Resolve);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // a resolver is already set for SkiaSharp: it finds its library itself
        }
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? paths)
    {
        string file = name.EndsWith(".so", StringComparison.Ordinal) ? name : $"{name}.so";
        foreach (string? directory in new[] { Environment.GetEnvironmentVariable("KRRDISTILL_NATIVE_DIR"), AppContext.BaseDirectory })
        {
            if (!string.IsNullOrEmpty(directory) && NativeLibrary.TryLoad(Path.Combine(directory, file), out nint handle))
            {
                return handle;
            }
        }

        return 0; // the default search
    }
}
