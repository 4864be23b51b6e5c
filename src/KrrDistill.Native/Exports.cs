using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KrrDistill.Ridge;

namespace KrrDistill.Native;

/// <summary>
/// The C ABI of <c>KrrDistill.Native.so</c>, for the Python package. Every function returns 0 (success), 2 (bad input:
/// the message names the option or value) or 1 (internal failure); <c>krr_last_error</c> gives this thread's message.
/// Objects are opaque handles that the caller frees with <c>krr_free</c>; arrays are the caller's, in C order, read in
/// place during the call (never kept) or written into buffers the caller sized from a <c>*_shape</c> call. Options are
/// a JSON object. Data arrays are (x, dtype, n, d, y): x n×d of dtype 0 = float64, 1 = float32, 2 = uint8 (÷ 255),
/// y n int64 class indices.
/// </summary>
internal static unsafe partial class Exports
{
    /// <summary>The library's version, NUL-terminated UTF-8; returns the bytes needed.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_version", CallConvs = [typeof(CallConvCdecl)])]
    public static int Version(byte* buffer, int capacity)
        => NativeCall.WriteUtf8(typeof(KernelRidge).Assembly.GetName().Version?.ToString(3) ?? "", buffer, capacity);

    /// <summary>This thread's last failure message; returns the bytes needed.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_last_error", CallConvs = [typeof(CallConvCdecl)])]
    public static int LastError(byte* buffer, int capacity) => NativeCall.WriteUtf8(NativeCall.LastError, buffer, capacity);

    /// <summary>Frees a handle this library returned; 0, a handle freed already or one it never made is ignored.</summary>
    [UnmanagedCallersOnly(EntryPoint = "krr_free", CallConvs = [typeof(CallConvCdecl)])]
    public static void Free(nint handle) => Handles.Free(handle);
}
