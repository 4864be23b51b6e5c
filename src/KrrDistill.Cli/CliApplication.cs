using System.CommandLine;
using KrrDistill.Data;

namespace KrrDistill.Cli;

/// <summary>
/// Entry point of <c>krr-distill</c>: parses, dispatches, and maps failures to exit codes
/// (0 success, 2 bad usage or input with one line on stderr, 1 internal failure).
/// </summary>
public static class CliApplication
{
    /// <summary>Exit code for bad usage or bad input.</summary>
    public const int BadInput = 2;

    /// <summary>Exit code for an internal failure.</summary>
    public const int InternalError = 1;

    /// <summary>Runs the tool with <paramref name="args"/>, writing to the given streams (the console by default).</summary>
    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var root = new RootCommand("krr-distill: distill a labelled data set into a few points that train the same kernel ridge regression model.");
        root.Subcommands.Add(FitCommand.Create(stdout, stderr));
        root.Subcommands.Add(DistillCommand.Create(stdout, stderr));
        root.Subcommands.Add(ReproduceCommand.Create(stdout, stderr));
        root.Subcommands.Add(KipCommand.Create(stdout, stderr));
        root.Subcommands.Add(InfoCommand.Create(stdout));
        root.Subcommands.Add(EvaluateCommand.Create(stdout, stderr));
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine($"krr-distill: {OneLine(parse.Errors[0].Message)}");
            return BadInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = stdout, Error = stderr });
        }
        catch (Exception e) when (e is DataFormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"krr-distill: {OneLine(e.Message)}");
            return BadInput;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"krr-distill: internal error: {OneLine(e.Message)} ({e.GetType().Name})");
            return InternalError;
        }
    }

    private static string OneLine(string message)
        => string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
