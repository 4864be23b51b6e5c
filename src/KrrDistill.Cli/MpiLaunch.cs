using KrrDistill.Distributed;

namespace KrrDistill.Cli;

/// <summary>
/// The tool's process entry: under <c>mpiexec</c>/<c>srun</c> with two or more ranks it starts MPI, lets <c>fit</c> and
/// <c>distill</c> split their statistics pass over the ranks, keeps every rank but 0 silent except for errors, and ends
/// the job: every rank waits for the others and finalizes, or a failing rank aborts them all with its exit code. Without
/// a launcher it is <see cref="CliApplication.Run(string[], TextWriter?, TextWriter?)"/>.
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
        MpiWorld? world;
        try
        {
            world = MpiWorld.Start();
        }
        catch (Exception e) when (e is InputException or InvalidOperationException)
        {
            Console.Error.WriteLine($"krr-distill: {e.Message}");
            return e is InputException ? CliApplication.BadInput : CliApplication.InternalError;
        }

        if (world is null)
        {
            return CliApplication.Run(args);
        }

        World = world;
        string label = world.IsRoot ? "" : $"rank {world.Rank}: ";
        var errors = new StringWriter();
        int code;
        bool help = args.Any(a => a is "--help" or "-h" or "-?" or "--version");
        if (!help && (args.Length == 0 || !SplitCommands.Contains(args[0])))
        {
            errors.WriteLine($"krr-distill: {(args.Length == 0 ? "a command is needed" : $"'{args[0]}' runs in one process")}: under mpiexec or srun only {string.Join(" and ", SplitCommands)} split their work over the ranks; run other commands without a launcher.");
            code = CliApplication.BadInput;
        }
        else
        {
            code = world.IsRoot
                ? CliApplication.Run(args, Console.Out, Console.Error, errors)
                : CliApplication.Run(args, TextWriter.Null, TextWriter.Null, errors);
        }

        if (code == 0)
        {
            try
            {
                world.Finish();
                return 0;
            }
            catch (InvalidOperationException e)
            {
                errors.WriteLine($"krr-distill: internal error: {e.Message}");
                code = CliApplication.InternalError;
            }
        }

        if (!world.IsRoot)
        {
            Thread.Sleep(500); // when rank 0 fails the same way, its abort ends this rank first: one line for the job
        }

        foreach (string line in errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Console.Error.WriteLine(label.Length == 0 ? line : line.Replace("krr-distill: ", $"krr-distill: {label}", StringComparison.Ordinal));
        }

        Console.Error.Flush();
        world.AbortAll(code);
        return code;
    }
}
