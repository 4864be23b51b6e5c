using System.CommandLine;

namespace KrrDistill.Cli;

/// <summary>
/// Entry point of <c>krr-distill</c>: parses, dispatches, and maps failures to exit codes: 0 success; 2 bad usage or
/// input (an <see cref="InputException"/>, or a file that cannot be read or written), one line on stderr naming the
/// flag, file or key; 1 internal failure, one line. <c>KRRDISTILL_DEBUG=1</c> adds the stack trace.
/// </summary>
public static class CliApplication
{
    /// <summary>Exit code for bad usage or bad input.</summary>
    public const int BadInput = 2;

    /// <summary>Exit code for an internal failure.</summary>
    public const int InternalError = 1;

    /// <summary>Runs the tool with <paramref name="args"/>, writing to the given streams (the console by default).</summary>
    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
        => Run(args, stdout ?? Console.Out, stderr ?? Console.Error, stderr ?? Console.Error);

    /// <summary>As <see cref="Run(string[], TextWriter?, TextWriter?)"/>, with the one error line written to <paramref name="errors"/>.</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, TextWriter errors)
    {
        if (args.Length > 0 && args[0] == ShellCompletion.Request)
        {
            return ShellCompletion.Answer(Tree(), args[1..], stdout);
        }

        RootCommand root = Build(stdout, stderr, out Verbosity verbosity);
        ParseResult parse = root.Parse(args);
        if (ParseErrors.Line(root, parse, args) is { } refused && parse.Action is not HelpLayout)
        {
            errors.WriteLine($"krr-distill: {OneLine(refused)}");
            return BadInput;
        }

        bool quiet = parse.GetValue(verbosity.Quiet), verbose = parse.GetValue(verbosity.Verbose);
        if (quiet && verbose)
        {
            errors.WriteLine("krr-distill: give --quiet or --verbose, not both.");
            return BadInput;
        }

        if (quiet || verbose)
        {
            // The same command line again, on the streams the level asks for: --quiet keeps only errors (and the JSON
            // object --json asks for); --verbose logs each phase's time as plain lines.
            Command command = parse.CommandResult.Command;
            bool keepsStdout = parse.Action is HelpLayout || command.Name == "completion"
                || (command.Options.Any(o => o.Name == "--json") && parse.GetValue<bool>("--json"));
            root = Build(quiet && !keepsStdout ? TextWriter.Null : stdout, quiet ? TextWriter.Null : new VerboseLog(stderr), out _);
            parse = root.Parse(args);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        int code = Invoke(parse, stdout, stderr, errors, verbose ? () => stderr.WriteLine(VerboseLog.Header()) : null);
        if (verbose)
        {
            stderr.WriteLine(VerboseLog.Footer(clock.Elapsed.TotalSeconds, code));
        }

        return code;
    }

    /// <summary>The command tree as help and completion see it (its commands write nowhere).</summary>
    internal static RootCommand Tree() => Build(TextWriter.Null, TextWriter.Null, out _);

    /// <summary>The command tree, its commands writing to <paramref name="stdout"/> and <paramref name="stderr"/>.</summary>
    private static RootCommand Build(TextWriter stdout, TextWriter stderr, out Verbosity verbosity)
    {
        var root = new RootCommand("Distill a labelled data set into a few points that train the same kernel ridge regression model.");
        root.Subcommands.Add(DistillCommand.Create(stdout, stderr));
        root.Subcommands.Add(FitCommand.Create(stdout, stderr));
        root.Subcommands.Add(EvaluateCommand.Create(stdout, stderr));
        root.Subcommands.Add(KipCommand.Create(stdout, stderr));
        root.Subcommands.Add(StatsCommand.Create(stdout, stderr));
        root.Subcommands.Add(MergeCommand.Create(stdout, stderr));
        root.Subcommands.Add(ReproduceCommand.Create(stdout, stderr));
        root.Subcommands.Add(FetchCommand.Create(stdout, stderr));
        root.Subcommands.Add(InfoCommand.Create(stdout));
        root.Subcommands.Add(CompletionCommand.Create(stdout));
        verbosity = new Verbosity(
            new Option<bool>(QuietNames[0], QuietNames[1..]) { Description = "Print errors only (and the JSON object --json asks for)", Recursive = true },
            new Option<bool>(VerboseNames[0], VerboseNames[1..]) { Description = "Also log the backend, its threads and each phase's time on stderr", Recursive = true });
        root.Options.Add(verbosity.Quiet);
        root.Options.Add(verbosity.Verbose);
        HelpLayout.Install(root, stdout);
        return root;
    }

    /// <summary>The names of the option that keeps only errors (and --json's object).</summary>
    internal static readonly string[] QuietNames = ["--quiet", "-q"];

    /// <summary>The names of the option that logs backend, threads and phase times.</summary>
    internal static readonly string[] VerboseNames = ["--verbose", "-v"];

    /// <summary>The command word of <paramref name="args"/>: the first word after the output-level options, or null.</summary>
    internal static string? CommandWord(IEnumerable<string> args)
        => args.SkipWhile(a => QuietNames.Contains(a) || VerboseNames.Contains(a)).FirstOrDefault();

    /// <summary>The options that set how much the tool says, on every command.</summary>
    private sealed record Verbosity(Option<bool> Quiet, Option<bool> Verbose);

    /// <summary>Runs the parsed command (after <paramref name="first"/>, which may fail as the command may), mapping failures to exit codes.</summary>
    private static int Invoke(ParseResult parse, TextWriter stdout, TextWriter stderr, TextWriter errors, Action? first)
    {
        try
        {
            first?.Invoke(); // --verbose's header names the backend, whose choice can be refused (KRRDISTILL_BLAS)
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = stdout, Error = stderr });
        }
        catch (KrrDistill.Distributed.OtherRankFailedException e)
        {
            return e.ExitCode; // the failing rank's line is printed for the job by rank 0
        }
        catch (InputException e)
        {
            string message = OptionNames.Message(e, OptionNames.Flag);
            return Fail(errors, BadInput, OneLine(message), e);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or PathTooLongException)
        {
            return Fail(errors, BadInput, OneLine(e.Message), e);
        }
        catch (Exception e)
        {
            return Fail(errors, InternalError, $"internal error: {OneLine(e.Message)} ({e.GetType().Name})", e);
        }
    }

    private static int Fail(TextWriter stderr, int code, string line, Exception e)
    {
        stderr.WriteLine($"krr-distill: {line}");
        if (Environment.GetEnvironmentVariable("KRRDISTILL_DEBUG") is { Length: > 0 } debug && debug != "0")
        {
            stderr.WriteLine(e.ToString());
        }

        return code;
    }

    /// <summary>The message on one line, with anything quoted from a file or argument that a terminal must not receive raw escaped.</summary>
    private static string OneLine(string message)
        => Printable.Escape(string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
}
