using System.Diagnostics;
using System.Text.Json;
using KrrDistill.Data;
using KrrDistill.Output;
using KrrDistill.Tests.Data;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// The tool as a process, stopped at random moments around the writing of its artefacts (npz, PNG, metrics) over an
/// older set in the same place. After SIGTERM the directory holds one whole set (old or new) and nothing else. After
/// SIGKILL it holds one whole set, or a commit journal that the next run completes into the new set; either way the
/// stale temporaries go with the next run, and a set never mixes runs.
/// </summary>
public sealed class InterruptedRunTests(ITestOutputHelper output)
{
    private const int KilledRuns = 42;
    private const int TerminatedRuns = 10;
    private static readonly string[] SetFiles = ["d.npz", "d.png", "d.metrics.json"];

    [Fact]
    public void SigkillAtRandomMoments_NeverLeavesAMixedSet_AndTheNextRunCleansUp()
    {
        using var dir = new TempDirectory();
        (Snapshot old, Snapshot fresh, TimeSpan runTime) = References(dir);
        var random = new Random(11);
        int oldSets = 0, newSets = 0, completedFromJournal = 0, withTemporaries = 0;
        for (int i = 0; i < KilledRuns; i++)
        {
            old.Restore(dir);
            StopAfter(dir, random, runTime, p => p.Kill());
            string[] hidden = Hidden(dir);
            bool journal = hidden.Any(h => h.EndsWith(".journal", StringComparison.Ordinal));
            withTemporaries += hidden.Any(h => h.EndsWith(".tmp", StringComparison.Ordinal)) ? 1 : 0;
            if (!journal)
            {
                AssertOneWholeSet(dir, old, fresh); // what a user sees right after the kill
            }

            InterruptedWrites.Complete([dir.Path]); // what the next run that writes here does first
            Assert.Empty(Hidden(dir));
            bool isNew = AssertOneWholeSet(dir, old, fresh);
            completedFromJournal += journal ? 1 : 0;
            Assert.True(!journal || isNew, "a journal is only left once every file of the new set is complete");
            (isNew ? ref newSets : ref oldSets)++;
        }

        output.WriteLine($"{KilledRuns} runs killed (SIGKILL) in [0.4, 1.1]× a {runTime.TotalSeconds:F2} s run: {oldSets} left the old set, {newSets} the new one ({completedFromJournal} completed from a journal); {withTemporaries} left temporaries, all removed by the next run's clean-up.");
    }

    [Fact]
    public void SigtermAtRandomMoments_LeavesOneWholeSetAndNothingElse()
    {
        using var dir = new TempDirectory();
        (Snapshot old, Snapshot fresh, TimeSpan runTime) = References(dir);
        var random = new Random(12);
        int newSets = 0;
        for (int i = 0; i < TerminatedRuns; i++)
        {
            old.Restore(dir);
            StopAfter(dir, random, runTime, Terminate);
            Assert.Empty(Hidden(dir));
            newSets += AssertOneWholeSet(dir, old, fresh) ? 1 : 0;
        }

        output.WriteLine($"{TerminatedRuns} runs stopped with SIGTERM: {TerminatedRuns - newSets} left the old set, {newSets} the new one, none left a temporary.");
    }

    /// <summary>The old set (seed 1) and the new one (seed 2), each from a complete run into <paramref name="dir"/>, and the new run's time.</summary>
    private static (Snapshot Old, Snapshot Fresh, TimeSpan RunTime) References(TempDirectory dir)
    {
        using (Process first = Run(dir, Arguments(dir, seed: 1)))
        {
            Assert.Equal(0, first.WaitForExitAndCode());
        }

        var old = Snapshot.Of(dir);
        var clock = Stopwatch.StartNew();
        using (Process second = Run(dir, Arguments(dir, seed: 2)))
        {
            Assert.Equal(0, second.WaitForExitAndCode());
        }

        TimeSpan runTime = clock.Elapsed;
        return (old, Snapshot.Of(dir), runTime);
    }

    /// <summary>Starts the seed-2 run, stops it with <paramref name="stop"/> after 0.4–1.1 of a full run's time, and waits for it.</summary>
    private static void StopAfter(TempDirectory dir, Random random, TimeSpan runTime, Action<Process> stop)
    {
        using Process process = Run(dir, Arguments(dir, seed: 2));
        TimeSpan delay = runTime * (0.4 + (0.7 * random.NextDouble()));
        if (!process.WaitForExit(delay))
        {
            stop(process);
        }

        process.WaitForExit();
    }

    private static void Terminate(Process process)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    private static string[] Arguments(TempDirectory dir, int seed)
        => ["distill", "--dataset", "fashion-mnist-sample", "--ipc", "20", "--init", "real", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", dir.File("d.npz")];

    private static Process Run(TempDirectory dir, string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "krr-distill"), arguments)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dir.Path,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string[] Hidden(TempDirectory dir) => [.. dir.Entries().Where(e => e.StartsWith('.'))];

    /// <summary>Asserts that the three files are exactly one run's set and returns whether it is the new run's.</summary>
    private static bool AssertOneWholeSet(TempDirectory dir, Snapshot old, Snapshot fresh)
    {
        var now = Snapshot.Of(dir);
        bool isOld = now.SameRunAs(old), isNew = now.SameRunAs(fresh);
        Assert.True(isOld || isNew, $"the files mix runs: npz seed {now.NpzSeed}, metrics seed {now.MetricsSeed}, png of {(now.Png.AsSpan().SequenceEqual(old.Png) ? "old" : now.Png.AsSpan().SequenceEqual(fresh.Png) ? "new" : "neither")}");
        return isNew;
    }

    /// <summary>The bytes of the npz and PNG and the seed in the metrics JSON.</summary>
    private sealed record Snapshot(byte[] Npz, byte[] Png, byte[] Metrics)
    {
        public int NpzSeed => JsonDocument.Parse(NpzReader.Read(new MemoryStream(Npz), "d.npz")["meta_json"].AsString()).RootElement.GetProperty("seed").GetInt32();

        public int MetricsSeed => JsonDocument.Parse(Metrics).RootElement.GetProperty("seed").GetInt32();

        public static Snapshot Of(TempDirectory dir)
            => new(File.ReadAllBytes(dir.File(SetFiles[0])), File.ReadAllBytes(dir.File(SetFiles[1])), File.ReadAllBytes(dir.File(SetFiles[2])));

        public bool SameRunAs(Snapshot other)
            => Npz.AsSpan().SequenceEqual(other.Npz) && Png.AsSpan().SequenceEqual(other.Png) && MetricsSeed == other.MetricsSeed;

        public void Restore(TempDirectory dir)
        {
            File.WriteAllBytes(dir.File(SetFiles[0]), Npz);
            File.WriteAllBytes(dir.File(SetFiles[1]), Png);
            File.WriteAllBytes(dir.File(SetFiles[2]), Metrics);
        }
    }
}
