using KrrDistill.LinearAlgebra;
using KrrDistill.Ridge;

namespace KrrDistill.Distributed;

/// <summary>
/// The processes of a run launched by <c>mpiexec</c> or <c>srun</c> (MPI_COMM_WORLD): each accumulates the statistics of
/// its own contiguous block of training rows, the ranks prove they run the same job (<see cref="Agree"/>), the blocks are
/// summed on rank 0 (<see cref="SumToRoot(double[])"/>, chunked so no count exceeds 2³¹ − 1), rank 0 alone does the
/// serial rest, and every rank ends the job with <see cref="Conclude"/>, which brings the error of a failing rank to
/// rank 0. A rank's failure is exchanged, never aborted, so its line is printed once and whole. Outside a launcher there
/// is no world and the tool runs as one process.
/// </summary>
public sealed unsafe class MpiWorld : IDisposable
{
    /// <summary>Largest element count per MPI call (MPI counts are int).</summary>
    internal const int MaxCount = 1 << 28;

    /// <summary>The exit code of bad input (the command line's), for ranks that disagree.</summary>
    private const int BadInputExitCode = 2;

    private readonly MpiLibrary _mpi;
    private static bool CoresShared;
    private bool _agreed, _finalized;
    private MpiJobOutcome? _outcome;

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
    /// This process's rank as the launcher numbered it (PMI_RANK, PMIX_RANK, OMPI_COMM_WORLD_RANK, or SLURM_PROCID in a
    /// job step), known before MPI starts: for the one line a job prints when MPI itself cannot start. Null when there
    /// is no launcher.
    /// </summary>
    public static int? LaunchedRank()
    {
        if (LaunchedSize() is null)
        {
            return null;
        }

        foreach (string variable in new[] { "PMI_RANK", "PMIX_RANK", "OMPI_COMM_WORLD_RANK", "SLURM_PROCID" })
        {
            if (int.TryParse(Environment.GetEnvironmentVariable(variable), out int rank) && rank >= 0)
            {
                return rank;
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

    /// <summary>
    /// Sums the statistics of every rank's block into every rank's statistics (for what every rank needs before its next
    /// pass, such as the whitening's mean and covariance). Collective, after <see cref="Agree"/>.
    /// </summary>
    public void SumToAll(SufficientStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        statistics.SumAcross(values => SumToAll(values, MpiLibrary.Double), values => SumToAll(values, MpiLibrary.LongLong), receives: true);
    }

    /// <summary>
    /// Opens another point of agreement: after a sum that every rank needs for a further pass, the ranks agree again
    /// (<see cref="Agree"/>) before the next sum, so that a rank failing in that pass is met by the others' agreement
    /// exchange, not left alone while they wait in a sum.
    /// </summary>
    internal void AgreeAgainBeforeTheNextSum() => _agreed = false;

    /// <summary>Sums <paramref name="values"/> over the ranks into rank 0's array (others' arrays are left as they were).</summary>
    public void SumToRoot(double[] values) => SumToRoot(values, MpiLibrary.Double);

    /// <summary>Sums <paramref name="values"/> over the ranks into rank 0's array.</summary>
    public void SumToRoot(long[] values) => SumToRoot(values, MpiLibrary.LongLong);

    /// <summary>
    /// Before anything is summed, every rank proves it runs the same job: each brings <paramref name="identity"/> (or, in
    /// <see cref="Conclude"/>, the failure that kept it from getting here) and all learn whether every rank is ready with
    /// the same identity. Collective: every rank calls it once, at the same point of the job, before its first sum.
    /// </summary>
    /// <exception cref="InputException">The ranks' identities differ; the message names the part and rank 0's value (every rank throws; rank 0 reports it).</exception>
    /// <exception cref="OtherRankFailedException">Another rank failed before it got here.</exception>
    internal void Agree(JobIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (_agreed)
        {
            throw new InvalidOperationException("the ranks agree once before each sum.");
        }

        (int code, int? failed) = ExchangeReadiness(0, identity);
        if (code != 0)
        {
            throw new OtherRankFailedException(failed ?? 0, code);
        }
    }

    /// <summary>
    /// Ends this rank's part of the job and tells every rank how the job ended: each brings its exit code and its error
    /// text (null or empty when it has none to report), and rank 0 receives the text of the lowest rank that reported
    /// one, to print it once for the whole job. Collective: every rank calls it once, whatever happened; nothing is
    /// aborted, so no launcher cuts a line short. A rank that failed before <see cref="Agree"/> is accounted for there.
    /// </summary>
    public MpiJobOutcome Conclude(int exitCode, string? error)
    {
        if (_outcome is not null)
        {
            return _outcome;
        }

        bool reported = !string.IsNullOrEmpty(error);
        if (!_agreed)
        {
            // This rank never reached the point where the others wait to sum: account for it there first.
            try
            {
                _ = ExchangeReadiness(exitCode, exitCode == 0 ? JobIdentity.None : null);
            }
            catch (InputException e) when (exitCode == 0)
            {
                (exitCode, error, reported) = (BadInputExitCode, e.Message, true);
            }
        }

        // [largest code, (Size − rank) << 16 | code of this rank if it reports an error]: the lowest reporting rank wins.
        long[] mine = [exitCode, reported ? ((long)(Size - Rank) << 16) | (uint)exitCode : 0];
        long[] all = ExchangeMaximum(mine);
        int? failed = all[1] == 0 ? null : Size - (int)(all[1] >> 16);
        int jobCode = failed is null ? (int)all[0] : (int)(all[1] & 0xFFFF);
        // Rank 0 has its own text; another rank's is sent to every rank (a collective) and kept by rank 0 alone.
        string? text = failed switch
        {
            null => null,
            0 => IsRoot ? error : null,
            int f => ReceiveText(Rank == f ? error : null) is var received && IsRoot ? received : null,
        };

        _outcome = new MpiJobOutcome(jobCode, failed, text);
        return _outcome;
    }

    /// <summary>Ends the job if <see cref="Conclude"/> has not (as a success), then finalizes MPI.</summary>
    public void Dispose()
    {
        if (_finalized)
        {
            return;
        }

        _ = Conclude(0, null);
        _finalized = true;
        _ = _mpi.Finalize();
    }

    /// <summary>Ends every rank of the job with <paramref name="code"/> at once: for when MPI itself fails and no exchange can be trusted.</summary>
    public void AbortAll(int code)
    {
        _finalized = true;
        _ = _mpi.Abort(MpiLibrary.CommWorld, code);
    }

    /// <summary>
    /// The readiness exchange: [code, reporting rank key, identity hashes, −identity hashes] maximized over the ranks.
    /// Returns the largest code and the lowest failing rank; throws when every rank is ready but identities differ.
    /// </summary>
    private (int Code, int? Failed) ExchangeReadiness(int code, JobIdentity? identity)
    {
        _agreed = true;
        var mine = new long[2 + (2 * JobIdentity.Parts)];
        mine[0] = code;
        mine[1] = code != 0 ? Size - Rank : 0;
        for (int i = 0; identity is not null && i < JobIdentity.Parts; i++)
        {
            mine[2 + i] = identity.Hashes[i];
            mine[2 + JobIdentity.Parts + i] = -identity.Hashes[i];
        }

        long[] all = ExchangeMaximum(mine);
        if (all[0] != 0)
        {
            return ((int)all[0], all[1] == 0 ? null : Size - (int)all[1]);
        }

        int[] differing = [.. Enumerable.Range(0, JobIdentity.Parts).Where(i => all[2 + i] != -all[2 + JobIdentity.Parts + i])];
        if (differing.Length > 0)
        {
            string parts = string.Join(", ", differing.Select(i => $"{identity!.Names[i]} (rank {Rank}: {identity.Shown[i]})"));
            throw new InputException($"the {Size} MPI ranks were not started with the same job, and nothing was summed: they differ in {parts}; start every rank with the same command, options and data.");
        }

        return (0, null);
    }

    /// <summary>Every rank's <paramref name="values"/>, maximized element by element; waits sleeping, not spinning.</summary>
    private long[] ExchangeMaximum(long[] values)
    {
        var result = new long[values.Length];
        fixed (long* send = values, receive = result)
        {
            int request = 0;
            Check(_mpi, _mpi.Iallreduce(send, receive, values.Length, MpiLibrary.LongLong, MpiLibrary.OpMax, MpiLibrary.CommWorld, &request), "MPI_Iallreduce");
            Wait(request);
        }

        return result;
    }

    /// <summary>The text of the one rank that passes non-null <paramref name="text"/> (UTF-8, up to 16 KiB), on every rank.</summary>
    private string ReceiveText(string? text)
    {
        const int Capacity = 16 * 1024;
        var mine = new byte[Capacity];
        if (text is not null)
        {
            byte[] encoded = System.Text.Encoding.UTF8.GetBytes(text);
            encoded.AsSpan(0, Math.Min(encoded.Length, Capacity)).CopyTo(mine);
        }

        var all = new byte[Capacity];
        fixed (byte* send = mine, receive = all)
        {
            int request = 0;
            Check(_mpi, _mpi.Iallreduce(send, receive, Capacity, MpiLibrary.Byte, MpiLibrary.OpBitwiseOr, MpiLibrary.CommWorld, &request), "MPI_Iallreduce");
            Wait(request);
        }

        int length = Array.IndexOf(all, (byte)0);
        return System.Text.Encoding.UTF8.GetString(all, 0, length < 0 ? Capacity : length);
    }

    /// <summary>
    /// Completes the non-blocking call <paramref name="request"/>, sleeping between tests: MPICH polls in blocking calls,
    /// which would take a core from rank 0's serial work while the others wait.
    /// </summary>
    private void Wait(int request)
    {
        int done = 0;
        while (done == 0)
        {
            Check(_mpi, _mpi.Test(&request, &done, MpiLibrary.StatusIgnore), "MPI_Test");
            if (done == 0)
            {
                Thread.Sleep(2);
            }
        }
    }

    private void SumToAll<T>(T[] values, int type)
        where T : unmanaged
    {
        fixed (T* data = values)
        {
            for (long offset = 0; offset < values.Length; offset += MaxCount)
            {
                int count = (int)Math.Min(MaxCount, values.Length - offset);
                int request = 0;
                Check(_mpi, _mpi.Iallreduce((void*)MpiLibrary.InPlace, data + offset, count, type, MpiLibrary.OpSum, MpiLibrary.CommWorld, &request), "MPI_Iallreduce");
                Wait(request);
            }
        }
    }

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
