using System.Diagnostics;
using KrrDistill.Output;
using KrrDistill.Tests.Data;

namespace KrrDistill.Tests.Output;

/// <summary>The files of one run appear together or not at all, and what a killed run leaves is cleaned up by the next.</summary>
public sealed class AtomicFileSetTests
{
    [Fact]
    public void Commit_MovesEveryFileIntoPlace_NothingVisibleBefore()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("a.txt"), "old a");
        using (var files = AtomicFileSet.Begin())
        {
            AtomicFile.WriteAllText(dir.File("a.txt"), "new a");
            AtomicFile.WriteAllText(dir.File("b.txt"), "new b");
            Assert.Equal("old a", File.ReadAllText(dir.File("a.txt")));
            Assert.False(File.Exists(dir.File("b.txt")));
            Assert.Equal([dir.File("a.txt"), dir.File("b.txt")], files.Destinations);
            files.Commit();
        }

        Assert.Equal("new a", File.ReadAllText(dir.File("a.txt")));
        Assert.Equal("new b", File.ReadAllText(dir.File("b.txt")));
        Assert.Equal(["a.txt", "b.txt"], dir.Entries());
    }

    [Fact]
    public void FailureOfALaterFile_LeavesEveryEarlierDestinationAsItWas()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("set.npz"), "old npz");
        File.WriteAllText(dir.File("set.png"), "old png");

        Assert.Throws<InvalidOperationException>(() =>
        {
            using var files = AtomicFileSet.Begin();
            AtomicFile.WriteAllText(dir.File("set.npz"), "new npz");
            AtomicFile.Write(dir.File("set.png"), _ => throw new InvalidOperationException("renderer failed"));
            files.Commit();
        });

        Assert.Equal("old npz", File.ReadAllText(dir.File("set.npz")));
        Assert.Equal("old png", File.ReadAllText(dir.File("set.png")));
        Assert.Equal(["set.npz", "set.png"], dir.Entries());
        AtomicFile.WriteAllText(dir.File("after.txt"), "x"); // the set is closed: later writes are immediate again
        Assert.True(File.Exists(dir.File("after.txt")));
    }

    [Fact]
    public void NestedSet_HandsItsFilesToTheOuterSet()
    {
        using var dir = new TempDirectory();
        using var outer = AtomicFileSet.Begin();
        using (var inner = AtomicFileSet.Begin())
        {
            AtomicFile.WriteAllText(dir.File("report.md"), "r");
            inner.Commit();
        }

        Assert.False(File.Exists(dir.File("report.md")));
        AtomicFile.WriteAllText(dir.File("report.json"), "j");
        outer.Commit();
        Assert.Equal(["report.json", "report.md"], dir.Entries());
    }

    [Fact]
    public void SameDestinationTwice_IsRefused()
    {
        using var dir = new TempDirectory();
        using var files = AtomicFileSet.Begin();
        AtomicFile.WriteAllText(dir.File("x"), "1");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteAllText(dir.File("x"), "2"));
        files.Dispose();
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void WriteError_NamesTheDestinationNotTheTemporary()
    {
        using var dir = new TempDirectory();
        string path = dir.File("out.npz");
        var e = Assert.Throws<InputException>(() => AtomicFile.Write(path, _ => throw new IOException("No space left on device")));
        Assert.Equal($"{path}: cannot be written (No space left on device)", e.Message);
        Assert.DoesNotContain(".tmp", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InterruptedCommit_IsCompletedFromItsJournal_AndDeadProcessesTemporariesRemoved()
    {
        using var dir = new TempDirectory();
        int dead = DeadProcessId();
        File.WriteAllText(dir.File("d.npz"), "old npz");
        File.WriteAllText(dir.File("d.png"), "old png");
        File.WriteAllText(dir.File("d.metrics.json"), "old metrics");

        // A run killed after moving d.npz into place, with d.png and d.metrics.json still in their temporaries.
        string pngTemporary = dir.File($".d.png.krr-{TemporaryFiles.Host}-{dead}-0123456789ab.tmp");
        string metricsTemporary = dir.File($".d.metrics.json.krr-{TemporaryFiles.Host}-{dead}-0123456789ab.tmp");
        File.WriteAllText(dir.File("d.npz"), "new npz");
        File.WriteAllText(pngTemporary, "new png");
        File.WriteAllText(metricsTemporary, "new metrics");
        File.WriteAllText(
            dir.File($".krr-commit-{TemporaryFiles.Host}-{dead}-0123456789ab.journal"),
            $"{CommitJournal.Header}\n{dir.File($".d.npz.krr-{TemporaryFiles.Host}-{dead}-0123456789ab.tmp")}\t{dir.File("d.npz")}\n{pngTemporary}\t{dir.File("d.png")}\n{metricsTemporary}\t{dir.File("d.metrics.json")}\n");

        // A dead run's stray temporary, a live process's temporary, another machine's and another tool's file.
        string stray = dir.File($".d.npz.krr-{TemporaryFiles.Host}-{dead}-fedcba987654.tmp");
        string live = dir.File($".d.npz.krr-{TemporaryFiles.Host}-{Environment.ProcessId}-fedcba987654.tmp");
        string otherHost = dir.File($".d.npz.krr-{TemporaryFiles.Host}x-{dead}-fedcba987654.tmp");
        string foreign = dir.File(".d.npz.tmp");
        foreach (string f in new[] { stray, live, otherHost, foreign })
        {
            File.WriteAllText(f, "t");
        }

        InterruptedWrites.Outcome outcome = InterruptedWrites.Complete([dir.Path]);

        Assert.Equal([dir.File("d.png"), dir.File("d.metrics.json")], outcome.Completed);
        Assert.Equal(1, outcome.TemporariesRemoved);
        Assert.Equal("new npz", File.ReadAllText(dir.File("d.npz")));
        Assert.Equal("new png", File.ReadAllText(dir.File("d.png")));
        Assert.Equal("new metrics", File.ReadAllText(dir.File("d.metrics.json")));
        Assert.Equal(
            new[] { Path.GetFileName(foreign), Path.GetFileName(live), Path.GetFileName(otherHost), "d.metrics.json", "d.npz", "d.png" }.Order(StringComparer.Ordinal),
            dir.Entries());
    }

    [Fact]
    public void TornJournal_IsDiscarded_LeavingTheOldSet()
    {
        using var dir = new TempDirectory();
        int dead = DeadProcessId();
        File.WriteAllText(dir.File("d.npz"), "old");
        string temporary = dir.File($".d.npz.krr-{TemporaryFiles.Host}-{dead}-0123456789ab.tmp");
        File.WriteAllText(temporary, "new");
        File.WriteAllText(dir.File($".krr-commit-{TemporaryFiles.Host}-{dead}-0123456789ab.journal"), $"{CommitJournal.Header}\n{temporary}\t{dir.File("d.npz")}"[..^3]); // cut off mid-line

        InterruptedWrites.Complete([dir.Path]);

        Assert.Equal("old", File.ReadAllText(dir.File("d.npz")));
        Assert.Equal(["d.npz"], dir.Entries());
    }

    [Fact]
    public void AJournalIsObeyedOnlyForItsOwnTemporariesBesideTheirDestinations()
    {
        using var dir = new TempDirectory();
        int dead = DeadProcessId();
        string victim = dir.File("victim.txt");
        File.WriteAllText(victim, "keep me");
        string planted = dir.File($".d.npz.krr-{TemporaryFiles.Host}-{dead}-0123456789ab.tmp");
        string otherProcess = dir.File($".victim.txt.krr-{TemporaryFiles.Host}-{dead + 1}-0123456789ab.tmp");
        File.WriteAllText(planted, "planted");
        File.WriteAllText(otherProcess, "planted");
        string journal = dir.File($".krr-commit-{TemporaryFiles.Host}-{dead}-0123456789ab.journal");

        // A temporary named for d.npz whose line sends it elsewhere, and one of another process.
        foreach (string line in new[] { $"{planted}\t{victim}", $"{otherProcess}\t{victim}" })
        {
            File.WriteAllText(journal, $"{CommitJournal.Header}\n{line}\n");
            InterruptedWrites.Outcome outcome = InterruptedWrites.Complete([dir.Path]);
            Assert.Empty(outcome.Completed);
            Assert.Equal("keep me", File.ReadAllText(victim));
            Assert.False(File.Exists(journal));
        }
    }

    [Fact]
    public void ACommitAcrossDirectories_IsCompletedFromAnyOfThem()
    {
        using var dir = new TempDirectory();
        int dead = DeadProcessId();
        string a = dir.File("a"), b = dir.File("b");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        string npzTemporary = Path.Combine(a, $".d.npz.krr-{TemporaryFiles.Host}-{dead}-0123456789ab.tmp");
        string pngTemporary = Path.Combine(b, $".d.png.krr-{TemporaryFiles.Host}-{dead}-0123456789ab.tmp");
        File.WriteAllText(npzTemporary, "new npz");
        File.WriteAllText(pngTemporary, "new png");
        string text = $"{CommitJournal.Header}\n{npzTemporary}\t{Path.Combine(a, "d.npz")}\n{pngTemporary}\t{Path.Combine(b, "d.png")}\n";
        string name = $".krr-commit-{TemporaryFiles.Host}-{dead}-0123456789ab.journal";
        File.WriteAllText(Path.Combine(a, name), text);
        File.WriteAllText(Path.Combine(b, name), text);

        // A later run writes only into b: it completes the whole set, a's file included, instead of deleting b's temporary.
        InterruptedWrites.Outcome outcome = InterruptedWrites.Complete([b]);
        Assert.Equal([Path.Combine(a, "d.npz"), Path.Combine(b, "d.png")], outcome.Completed);
        Assert.Equal("new npz", File.ReadAllText(Path.Combine(a, "d.npz")));
        Assert.Equal("new png", File.ReadAllText(Path.Combine(b, "d.png")));

        // a's copy of the journal finds nothing left to do and goes.
        Assert.Empty(InterruptedWrites.Complete([a]).Completed);
        Assert.Equal(["d.npz"], Directory.GetFileSystemEntries(a).Select(Path.GetFileName));
        Assert.Equal(["d.png"], Directory.GetFileSystemEntries(b).Select(Path.GetFileName));
    }

    [Fact]
    public void ACommitWritesItsJournalIntoEveryDirectory_AndRemovesThemAll()
    {
        using var dir = new TempDirectory();
        string a = dir.File("a"), b = dir.File("b");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        IReadOnlyList<string> journals = CommitJournal.Write([(Path.Combine(a, ".x.tmp"), Path.Combine(a, "x")), (Path.Combine(b, ".y.tmp"), Path.Combine(b, "y"))]);
        Assert.Equal([a, b], journals.Select(Path.GetDirectoryName));
        Assert.All(journals, j => Assert.StartsWith(CommitJournal.Header + "\n", File.ReadAllText(j), StringComparison.Ordinal));
        journals.ToList().ForEach(File.Delete);

        using (var files = AtomicFileSet.Begin())
        {
            AtomicFile.WriteAllText(Path.Combine(a, "x"), "x");
            AtomicFile.WriteAllText(Path.Combine(b, "y"), "y");
            files.Commit();
        }

        Assert.Equal(["x"], Directory.GetFileSystemEntries(a).Select(Path.GetFileName));
        Assert.Equal(["y"], Directory.GetFileSystemEntries(b).Select(Path.GetFileName));
    }

    /// <summary>The id of a process that has exited (and been reaped), so that no process runs with it.</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
