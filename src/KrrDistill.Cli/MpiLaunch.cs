using System.Text;
using KrrDistill.Distributed;

namespace KrrDistill.Cli;

/// <summary>
/// The tool's process entry: under <c>mpiexec</c>/<c>srun</c> with two or more ranks it starts MPI, lets <c>fit</c> and
/// <c>distill</c> split their statistics pass over the ranks, keeps every rank but 0 silent, and ends the job: every rank
/// brings its exit code and error line to <see cref="MpiWorld.Conclude"/>, and rank 0 prints the line of the lowest
/// failing rank, once, and exits with the job's code (the other ranks exit 0, so that no launcher kills rank 0 before
/// it has printed). Only a failure of MPI itself aborts the job. Without a launcher it is
/// <see cref="CliApplication.Run(string[], TextWriter?, TextWriter?)"/>.
/// </summary>
internal static class MpiLaunch
{
    /// <summary>The commands whose work splits over MPI ranks.</summary>
    private static readonly string[] SplitCommands = ["fit", "distill"];

    /// <summary>The MPI world of this process, or null when it runs alone.</summary>
    public static MpiWorld? World { get; private set; }

    /// <summary>True unless this is an MPI rank other than 0 (which writes nothing and prints only errors).</summary>
    public static bool IsRoot => World is null || World.IsRoot;

    /// <summary>Runs the tool as this process of the job and returns its exit code.</summary>
    public static int Start(string[] args)
    {
        MpiWorld.ShareCores();
        if (MpiWorld.LaunchedSize() is not null)
        {
            RuntimeEndpoints.RemoveOwn();
        }

        MpiWorld? world;
        try
        {
            world = MpiWorld.Start();
        }
        catch (Exception e) when (e is InputException or InvalidOperationException)
        {
            // No MPI to tell the ranks apart: every rank fails alike (the launcher gave them the same environment), and the
            // rank the launcher numbered 0 alone says why, so that the job prints one line.
            if (MpiWorld.LaunchedRank() is null or 0)
            {
                Console.Error.WriteLine($"krr-distill: {Printable.Escape(e.Message)}");
                return e is InputException ? CliApplication.BadInput : CliApplication.InternalError;
            }

            return 0; // the job's exit code is rank 0's: a rank that exits non-zero first would have the launcher kill rank 0 mid-line
        }

        if (world is null)
        {
            return CliApplication.Run(args);
        }

        World = world;
        RuntimeEndpoints.RemoveOwn(); // again: the runtime may create its diagnostic socket after the process entry
        var errors = new StringWriter();
        int code;
        bool help = args.Any(a => a is "--help" or "-h" or "-?" or "--version");
        string? command = CliApplication.CommandWord(args); // after --verbose or --quiet, if given first
        if (!help && (command is null || !SplitCommands.Contains(command)))
        {
            errors.WriteLine($"krr-distill: {(command is null ? "a command is needed" : $"'{Printable.Escape(command)}' runs in one process")}: under mpiexec or srun only {string.Join(" and ", SplitCommands)} split their work over the ranks; run other commands without a launcher.");
            code = CliApplication.BadInput;
        }
        else
        {
            code = world.IsRoot
                ? CliApplication.Run(args, Console.Out, Console.Error, errors)
                : CliApplication.Run(args, TextWriter.Null, TextWriter.Null, errors);
        }

        MpiJobOutcome outcome;
        try
        {
            outcome = world.Conclude(code, errors.ToString());
        }
        catch (InvalidOperationException e)
        {
            // MPI itself failed: no exchange can be trusted, so this rank says what it knows and ends the job.
            Console.Error.Write(Labelled(errors.ToString(), world.Rank));
            Console.Error.WriteLine(Labelled($"krr-distill: internal error: {e.Message}", world.Rank));
            Console.Error.Flush();
            world.AbortAll(CliApplication.InternalError);
            return CliApplication.InternalError;
        }

        if (world.IsRoot && outcome.Error is { } error)
        {
            Console.Error.Write(Labelled(error, outcome.FailedRank ?? 0));
            Console.Error.Flush();
        }

        world.Dispose();
        return world.IsRoot ? outcome.ExitCode : 0; // the job's exit code is rank 0's (see above)
    }

    /// <summary><paramref name="text"/>'s lines, each "krr-distill: rank N: …" for a rank other than 0.</summary>
    private static string Labelled(string text, int rank)
    {
        var lines = new StringBuilder();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            lines.AppendLine(rank == 0 ? line : line.Replace("krr-distill: ", $"krr-distill: rank {rank}: ", StringComparison.Ordinal));
        }

        return lines.ToString();
    }
}
