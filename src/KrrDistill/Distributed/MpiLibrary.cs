using System.Runtime.InteropServices;

namespace KrrDistill.Distributed;

/// <summary>
/// The few MPI functions KrrDistill calls, bound at run time against the MPICH ABI (<c>libmpi.so.12</c>: MPICH, Intel MPI,
/// MVAPICH, Cray MPICH; Debian names MPICH's <c>libmpich.so.12</c>), through function pointers so that no library is
/// needed unless a run is launched by <c>mpiexec</c>/<c>srun</c>. <c>KRRDISTILL_MPI_LIBRARY</c> names another file.
/// The constants are the MPICH ABI's (handles are 32-bit integers).
/// </summary>
internal sealed unsafe class MpiLibrary
{
    /// <summary>Environment variable naming the MPI library to load instead of the standard names.</summary>
    public const string LibraryVariable = "KRRDISTILL_MPI_LIBRARY";

    public const int Success = 0;
    public const int CommWorld = 0x44000000;
    public const int Double = 0x4c00080b;
    public const int LongLong = 0x4c000809;
    public const int Byte = 0x4c00010d;
    public const int OpMax = 0x58000001;
    public const int OpSum = 0x58000003;
    public const int OpBitwiseOr = 0x58000008;
    public const int ErrorsReturn = 0x54000001;
    public const int ThreadFunneled = 1;

    /// <summary>MPI_IN_PLACE and MPI_STATUS_IGNORE in the MPICH ABI.</summary>
    public static readonly nint InPlace = -1, StatusIgnore = 1;

    private static readonly string[] Names = ["libmpi.so.12", "libmpich.so.12", "libmpi.so", "libmpich.so"];

    private MpiLibrary(string path, nint handle)
    {
        Path = path;
        nint Export(string name) => NativeLibrary.TryGetExport(handle, name, out nint f) ? f
            : throw new InputException($"{path} has no {name}: it is not an MPI library of the MPICH ABI (MPICH, Intel MPI, MVAPICH, Cray MPICH); Open MPI is not supported.");
        Initialized = (delegate* unmanaged<int*, int>)Export("MPI_Initialized");
        InitThread = (delegate* unmanaged<int*, nint*, int, int*, int>)Export("MPI_Init_thread");
        CommRank = (delegate* unmanaged<int, int*, int>)Export("MPI_Comm_rank");
        CommSize = (delegate* unmanaged<int, int*, int>)Export("MPI_Comm_size");
        CommSetErrhandler = (delegate* unmanaged<int, int, int>)Export("MPI_Comm_set_errhandler");
        Reduce = (delegate* unmanaged<void*, void*, int, int, int, int, int, int>)Export("MPI_Reduce");
        Iallreduce = (delegate* unmanaged<void*, void*, int, int, int, int, int*, int>)Export("MPI_Iallreduce");
        Test = (delegate* unmanaged<int*, int*, nint, int>)Export("MPI_Test");
        Abort = (delegate* unmanaged<int, int, int>)Export("MPI_Abort");
        Finalize = (delegate* unmanaged<int>)Export("MPI_Finalize");
        ErrorString = (delegate* unmanaged<int, byte*, int*, int>)Export("MPI_Error_string");
        GetLibraryVersion = (delegate* unmanaged<byte*, int*, int>)Export("MPI_Get_library_version");
    }

    /// <summary>The file loaded.</summary>
    public string Path { get; }

    public delegate* unmanaged<int*, int> Initialized { get; }

    public delegate* unmanaged<int*, nint*, int, int*, int> InitThread { get; }

    public delegate* unmanaged<int, int*, int> CommRank { get; }

    public delegate* unmanaged<int, int*, int> CommSize { get; }

    public delegate* unmanaged<int, int, int> CommSetErrhandler { get; }

    public delegate* unmanaged<void*, void*, int, int, int, int, int, int> Reduce { get; }

    public delegate* unmanaged<void*, void*, int, int, int, int, int*, int> Iallreduce { get; }

    public delegate* unmanaged<int*, int*, nint, int> Test { get; }

    public delegate* unmanaged<int, int, int> Abort { get; }

    public delegate* unmanaged<int> Finalize { get; }

    public delegate* unmanaged<int, byte*, int*, int> ErrorString { get; }

    public delegate* unmanaged<byte*, int*, int> GetLibraryVersion { get; }

    /// <summary>MPI_Get_library_version's text (callable before MPI_Init).</summary>
    public string Version()
    {
        byte* text = stackalloc byte[8192];
        int length = 0;
        return GetLibraryVersion(text, &length) == Success ? System.Text.Encoding.UTF8.GetString(text, Math.Clamp(length, 0, 8192)) : "";
    }

    /// <summary>Loads the library (<see cref="LibraryVariable"/>, else the standard names in order).</summary>
    /// <exception cref="InputException">No MPI library of the MPICH ABI can be loaded; the message says what was tried.</exception>
    public static MpiLibrary Load()
    {
        string? chosen = Environment.GetEnvironmentVariable(LibraryVariable);
        string[] candidates = string.IsNullOrWhiteSpace(chosen) ? Names : [chosen];
        foreach (string name in candidates)
        {
            if (NativeLibrary.TryLoad(name, out nint handle))
            {
                var library = new MpiLibrary(name, handle);
                string version = library.Version();
                if (version.Contains("Open MPI", StringComparison.Ordinal))
                {
                    throw new InputException($"{name} is Open MPI ({version.Split('\n')[0].Trim()}), whose ABI KrrDistill does not bind; use an MPI of the MPICH ABI (MPICH, Intel MPI, MVAPICH, Cray MPICH) or set {LibraryVariable}.");
                }

                return library;
            }
        }

        throw new InputException($"launched by an MPI launcher, but no MPI library of the MPICH ABI could be loaded (tried {string.Join(", ", candidates)}); install MPICH (Debian: apt-get install mpich) or set {LibraryVariable}.");
    }

    /// <summary>MPI's text for an error code.</summary>
    public string Describe(int code)
    {
        const int Capacity = 4096; // MPI_MAX_ERROR_STRING is 1024 in MPICH; room to spare for other implementations
        byte* text = stackalloc byte[Capacity];
        int length = 0;
        return ErrorString(code, text, &length) == Success ? System.Text.Encoding.UTF8.GetString(text, Math.Clamp(length, 0, Capacity)) : $"MPI error {code}";
    }
}
