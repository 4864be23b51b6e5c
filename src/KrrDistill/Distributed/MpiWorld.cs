using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Distributed;

/// <summary>
/// The processes of a run launched by <c>mpiexec</c> or <c>srun</c> (MPI_COMM_WORLD): each accumulates the statistics of
/// its own contiguous block of training rows, the blocks are summed on rank 0 (<see cref="SumToRoot(double[])"/>,
/// chunked so no count exceeds 2³¹ − 1), and rank 0 alone does the serial rest. Outside a launcher there is no world and
/// the tool runs as one process.
/// </summary>
public sealed unsafe class MpiWorld : IDisposable
{
    /// <summary>Largest element count per MPI call (MPI counts are int).</summary>
    internal const int MaxCount = 1 << 28;

    private readonly MpiLibrary _mpi;
    private static bool CoresShared;
    private bool _finished;

    private MpiWorld(MpiLibrary mpi, int rank, int size)
    {
        _mpi = mpi;
        Rank = rank;
        Size = size;
    }

    /// <summary>This process's rank, 0 … <see cref="Size"/> − 1.</summary>
    public int Rank { get; }

    /// <summary>Number of processes.</summary>
    public int Size { get; }

    /// <summary>True on rank 0, the process that writes artefacts and prints.</summary>
    public bool IsRoot => Rank == 0;

    /// <summary>
    /// Ranks launched by MPICH's hydra (PMI_SIZE, MPI_LOCALNRANKS), Open MPI (to refuse it by name), or a Slurm job step
    /// started by srun (SLURM_STEP_NUM_TASKS: not the allocation's SLURM_NTASKS, which a batch script run without srun
    /// also sees), when there are two or more; null otherwise (one process: no MPI at all).
    /// </summary>
    public static int? LaunchedSize()
    {
        foreach (string variable in new[] { "PMI_SIZE", "MPI_LOCALNRANKS", "OMPI_COMM_WORLD_SIZE", "SLURM_STEP_NUM_TASKS" })
        {
            if (variable == "SLURM_STEP_NUM_TASKS" && Environment.GetEnvironmentVariable("SLURM_PROCID") is null)
            {
                continue;
            }

            if (int.TryParse(Environment.GetEnvironmentVariable(variable), out int size) && size > 1)
            {
                return size;
            }
        }

        return null;
    }

    /// <summary>
    /// Before any BLAS or MPI library is loaded: with several ranks on this node (MPI_LOCALNRANKS), each rank's OpenBLAS
    /// gets its share of the cores (OPENBLAS_NUM_THREADS, unless set), so the ranks do not oversubscribe the machine;
    /// and UCX is kept from taking over SIGSEGV (UCX_ERROR_SIGNALS, unless set).
    /// </summary>
    public static void ShareCores()
    {
        // UCX (under some MPICH builds) would install a SIGSEGV handler that fights the .NET runtime's, which turns
        // null dereferences into exceptions; keep UCX's hands off the signals unless the user says otherwise.
        if (LaunchedSize() is not null && Environment.GetEnvironmentVariable("UCX_ERROR_SIGNALS") is null)
        {
            _ = Diagnostics.NativeEnvironment.Set("UCX_ERROR_SIGNALS", "");
        }

        if (Environment.GetEnvironmentVariable("OPENBLAS_NUM_THREADS") is not null
            || !int.TryParse(Environment.GetEnvironmentVariable("MPI_LOCALNRANKS"), out int local) || local < 2)
        {
            return;
        }

        CoresShared = true;
        string threads = Math.Max(1, Environment.ProcessorCount / local).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _ = Diagnostics.NativeEnvironment.Set("OPENBLAS_NUM_THREADS", threads); // OpenBLAS reads it when it loads
    }

    /// <summary>Initializes MPI when launched with two or more ranks; null for a single process.</summary>
    /// <exception cref="InputException">Launched by a launcher but MPI cannot be loaded or initialized.</exception>
    public static MpiWorld? Start()
    {
        if (LaunchedSize() is null)
        {
            return null;
        }

        if (Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE") is not null)
        {
            throw new InputException("launched by Open MPI's mpiexec, whose ABI KrrDistill does not bind; use an MPI of the MPICH ABI (MPICH, Intel MPI, MVAPICH, Cray MPICH), or Slurm's srun with it.");
        }

        MpiLibrary mpi = MpiLibrary.Load();
        int initialized = 0, provided = 0;
        Check(mpi, mpi.Initialized(&initialized), "MPI_Initialized");
        if (initialized == 0)
        {
            Check(mpi, mpi.InitThread(null, null, MpiLibrary.ThreadFunneled, &provided), "MPI_Init_thread");
        }

        _ = mpi.CommSetErrhandler(MpiLibrary.CommWorld, MpiLibrary.ErrorsReturn);
        int rank = 0, size = 1;
        try
        {
            Check(mpi, mpi.CommRank(MpiLibrary.CommWorld, &rank), "MPI_Comm_rank");
            Check(mpi, mpi.CommSize(MpiLibrary.CommWorld, &size), "MPI_Comm_size");
        }
        catch (InvalidOperationException)
        {
            _ = mpi.Abort(MpiLibrary.CommWorld, 1);
            throw;
        }

        if (size == 1)
        {
            // Launched as one of several processes, yet MPI sees only this one: the launcher and the MPI library do not
            // talk (e.g. srun without --mpi=pmi2 for an MPICH built for PMI2). Every process would fit alone.
            _ = mpi.Finalize();
            throw new InputException($"the launcher started {LaunchedSize()} processes but {mpi.Path} sees a world of 1: the MPI library does not understand this launcher (with srun, try --mpi=pmi2 or --mpi=pmix).");
        }

        return new MpiWorld(mpi, rank, size);
    }

    /// <summary>The contiguous block of <paramref name="count"/> items that this rank takes (the first count mod size ranks take one more).</summary>
    public (int Start, int Length) Block(int count) => BlockOf(count, Rank, Size);

    /// <summary>Block <paramref name="index"/> of <paramref name="parts"/> contiguous blocks of <paramref name="count"/> items.</summary>
    public static (int Start, int Length) BlockOf(int count, int index, int parts)
    {
        int size = count / parts, extra = count % parts;
        int start = (index * size) + Math.Min(index, extra);
        return (start, size + (index < extra ? 1 : 0));
    }

    /// <summary>
    /// On rank 0 once the ranks' shared work is summed: the other ranks of this node now only wait, so rank 0's OpenBLAS
    /// takes every core again for the serial rest (when <see cref="ShareCores"/> had divided them).
    /// </summary>
    public void TakeNodeCoresForSerialWork()
    {
        if (IsRoot && CoresShared && LinearAlgebraBackends.Current is LinearAlgebra.OpenBlas.OpenBlasBackend)
        {
            LinearAlgebra.OpenBlas.OpenBlasNative.SetNumThreads(Environment.ProcessorCount);
        }
    }

    /// <summary>
    /// Sums <paramref name="statistics"/> (each rank's own block of rows) over the ranks into rank 0's, which then hold the
    /// statistics of every block; the other ranks' are left as they were.
    /// </summary>
    public void SumToRoot(SufficientStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        statistics.SumAcross(SumToRoot, SumToRoot, IsRoot);
    }

    /// <summary>Sums <paramref name="values"/> over the ranks into rank 0's array (others' arrays are left as they were).</summary>
    public void SumToRoot(double[] values) => SumToRoot(values, MpiLibrary.Double);

    /// <summary>Sums <paramref name="values"/> over the ranks into rank 0's array.</summary>
    public void SumToRoot(long[] values) => SumToRoot(values, MpiLibrary.LongLong);

    /// <summary>
    /// Waits for every rank to get here, sleeping rather than spinning (MPICH polls in blocking calls, which would take a
    /// core from rank 0's serial work), then finalizes MPI.
    /// </summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        int request = 0, done = 0;
        Check(_mpi, _mpi.Ibarrier(MpiLibrary.CommWorld, &request), "MPI_Ibarrier");
        while (done == 0)
        {
            Check(_mpi, _mpi.Test(&request, &done, MpiLibrary.StatusIgnore), "MPI_Test");
            if (done == 0)
            {
                Thread.Sleep(5);
            }
        }

        _finished = true;
        _ = _mpi.Finalize();
    }

    /// <summary>Ends every rank of the job with <paramref name="code"/> (a rank failed; the others may be waiting in a collective).</summary>
    public void AbortAll(int code)
    {
        _finished = true;
        _ = _mpi.Abort(MpiLibrary.CommWorld, code);
    }

    /// <inheritdoc/>
    public void Dispose() => Finish();

    private void SumToRoot<T>(T[] values, int type)
        where T : unmanaged
    {
        fixed (T* data = values)
        {
            for (long offset = 0; offset < values.Length; offset += MaxCount)
            {
                int count = (int)Math.Min(MaxCount, values.Length - offset);
                void* send = IsRoot ? (void*)MpiLibrary.InPlace : data + offset;
                Check(_mpi, _mpi.Reduce(send, data + offset, count, type, MpiLibrary.OpSum, 0, MpiLibrary.CommWorld), "MPI_Reduce");
            }
        }
    }

    private static void Check(MpiLibrary mpi, int code, string call)
    {
        if (code != MpiLibrary.Success)
        {
            throw new InvalidOperationException($"{call} failed: {mpi.Describe(code)}");
        }
    }
}
