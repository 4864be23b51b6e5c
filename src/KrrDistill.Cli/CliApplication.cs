using System.CommandLine;
using System.CommandLine.Parsing;

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
        var root = new RootCommand("krr-distill: distill a labelled data set into a few points that train the same kernel ridge regression model.");
        root.Subcommands.Add(DistillCommand.Create(stdout, stderr));
        root.Subcommands.Add(FitCommand.Create(stdout, stderr));
        root.Subcommands.Add(EvaluateCommand.Create(stdout, stderr));
        root.Subcommands.Add(KipCommand.Create(stdout, stderr));
        root.Subcommands.Add(StatsCommand.Create(stdout, stderr));
        root.Subcommands.Add(MergeCommand.Create(stdout, stderr));
        root.Subcommands.Add(ReproduceCommand.Create(stdout, stderr));
        root.Subcommands.Add(FetchCommand.Create(stdout, stderr));
        root.Subcommands.Add(InfoCommand.Create(stdout));
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            errors.WriteLine($"krr-distill: {OneLine(CommandError(root, args) ?? NamingTheOption(parse.Errors[0]))}");
            return BadInput;
        }

        try
        {
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

    /// <summary>A clearer line than the parser's when the command itself is missing or unknown; null otherwise.</summary>
    private static string? CommandError(RootCommand root, string[] args)
    {
        string commands = string.Join(", ", root.Subcommands.Select(c => c.Name));
        if (args.Length == 0)
        {
            return $"a command is needed: {commands} (krr-distill --help).";
        }

        string first = args[0];
        bool known = root.Subcommands.Any(c => c.Name == first) || first.StartsWith('-');
        return known ? null : $"unknown command '{first}': the commands are {commands} (krr-distill --help).";
    }

    /// <summary>The parser's message, led by the option it is about when the message does not name it ("Argument 'x' not recognized").</summary>
    private static string NamingTheOption(ParseError error)
    {
        Option? option = error.SymbolResult switch
        {
            OptionResult o => o.Option,
            ArgumentResult { Parent: OptionResult o } => o.Option,
            _ => null,
        };
        return option is null || error.Message.Contains(option.Name, StringComparison.Ordinal) ? error.Message : $"{option.Name}: {error.Message}";
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
