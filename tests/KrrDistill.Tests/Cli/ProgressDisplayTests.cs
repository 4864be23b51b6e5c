using KrrDistill.Cli;

namespace KrrDistill.Tests.Cli;

public sealed class ProgressDisplayTests
{
    [Fact]
    public void RedirectedStderrGetsOneLinePerPhaseAndTheWorksResult()
    {
        using var stderr = new StringWriter();
        int result = ProgressDisplay.Run(stderr, progress =>
        {
            progress.Report(new ProgressReport("features + Gram", 0));
            progress.Report(new ProgressReport("features + Gram", 0.5));
            progress.Report(new ProgressReport("features + Gram", 1));
            progress.Report(new ProgressReport("λ path", 0));
            return 42;
        });
        Assert.Equal(42, result);
        Assert.Equal(["features + Gram…", "λ path…"], stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
