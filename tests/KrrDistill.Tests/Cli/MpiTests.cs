using System.Diagnostics;
using System.Text.Json;
using KrrDistill.Data;
using KrrDistill.Tests.Data;

using KrrDistill.Tests.TestSupport;

namespace KrrDistill.Tests.Cli;

/// <summary>
/// The tool under <c>mpiexec</c> (MPICH's hydra, on this machine only: shared memory and loopback): three ranks give the
/// model and the distilled set of one process, a failing or killed rank ends the job non-zero with no artefact, and
/// commands that do not split refuse. Skipped where no <c>mpiexec</c> is installed (CI installs Debian's mpich).
/// </summary>
public sealed class MpiTests
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "krr-distill");

    [Fact]
    public void ThreeRanks_FitTheModelOfOneProcess()
    {
        RequireMpiexec();
        using var dir = new TempDirectory();
        (int one, _, string oneJson) = Run(Tool, "fit", "--dataset", "fashion-mnist-sample", "--save-model", dir.File("one.npz"), "--json");
        (int three, string errors, string threeJson) = Run("mpiexec", "-n", "3", Tool, "fit", "--dataset", "fashion-mnist-sample", "--save-model", dir.File("three.npz"), "--json");
        Assert.Equal(0, one);
        Assert.True(three == 0, errors);

        NpzArchive a = NpzReader.Read(dir.File("one.npz")), b = NpzReader.Read(dir.File("three.npz"));
        double[] wa = a["w"].ToDoubles(), wb = b["w"].ToDoubles();
        Assert.Equal(a["w"].Shape, b["w"].Shape);
        Assert.True(Norms.RelativeDifference(wa, wb) <= 1e-12, $"‖W₃ − W₁‖/‖W₁‖ = {Norms.RelativeDifference(wa, wb)}");
        Assert.Equal(a["lambda"].ToDoubles(), b["lambda"].ToDoubles());
        JsonElement j1 = JsonDocument.Parse(oneJson).RootElement, j3 = JsonDocument.Parse(threeJson).RootElement;
        Assert.Equal(j1.GetProperty("test_accuracy").GetDouble(), j3.GetProperty("test_accuracy").GetDouble());
        Assert.True(j3.GetProperty("timings_seconds").TryGetProperty("sum over 3 MPI ranks", out _), threeJson);
        Assert.Equal(["one.npz", "three.npz"], dir.Entries()); // rank 0 alone wrote
    }

    [Fact]
    public void ThreeRanks_InSinglePrecision_SumFloat32ChunksAsOneProcessDoes()
    {
        // Each rank's chunks start at its block, so the float32 chunk Grams round differently than one process's: the
        // models agree to float32 rounding, not bit for bit; λ, the accuracy and the recorded precision agree exactly.
        RequireMpiexec();
        using var dir = new TempDirectory();
        (int one, _, string oneJson) = Run(Tool, "fit", "--dataset", "fashion-mnist-sample", "--precision", "single", "--save-model", dir.File("one.npz"), "--json");
        (int three, string errors, string threeJson) = Run("mpiexec", "-n", "3", Tool, "fit", "--dataset", "fashion-mnist-sample", "--precision", "single", "--save-model", dir.File("three.npz"), "--json");
        Assert.Equal(0, one);
        Assert.True(three == 0, errors);
        NpzArchive a = NpzReader.Read(dir.File("one.npz")), b = NpzReader.Read(dir.File("three.npz"));
        double difference = Norms.RelativeDifference(a["w"].ToDoubles(), b["w"].ToDoubles());
        Assert.True(difference <= 1e-4, $"‖W₃ − W₁‖/‖W₁‖ = {difference}");
        Assert.Equal(a["lambda"].ToDoubles(), b["lambda"].ToDoubles());
        JsonElement j1 = JsonDocument.Parse(oneJson).RootElement, j3 = JsonDocument.Parse(threeJson).RootElement;
        Assert.Equal("single", j3.GetProperty("precision").GetString());
        Assert.Equal(j1.GetProperty("precision").GetString(), j3.GetProperty("precision").GetString());
        Assert.Equal(j1.GetProperty("test_accuracy").GetDouble(), j3.GetProperty("test_accuracy").GetDouble());
    }

    [Fact]
    public void ThreeRanks_WhitenAndFitTheModelOfOneProcess()
    {
        RequireMpiexec();
        using var dir = new TempDirectory();
        string[] fit = ["fit", "--dataset", "fashion-mnist-sample", "--zca", "--json"];
        (int one, _, string oneJson) = Run(Tool, [.. fit, "--save-model", dir.File("one.npz")]);
        (int three, string errors, string threeJson) = Run("mpiexec", ["-n", "3", Tool, .. fit, "--save-model", dir.File("three.npz")]);
        Assert.Equal(0, one);
        Assert.True(three == 0, errors);
        NpzArchive a = NpzReader.Read(dir.File("one.npz")), b = NpzReader.Read(dir.File("three.npz"));
        // The mean and covariance are summed in another order over the ranks: the same model to rounding.
        Assert.True(Norms.RelativeDifference(a["zca_transform"].ToDoubles(), b["zca_transform"].ToDoubles()) <= 1e-11);
        Assert.True(Norms.RelativeDifference(a["w"].ToDoubles(), b["w"].ToDoubles()) <= 1e-11, $"‖W₃ − W₁‖/‖W₁‖ = {Norms.RelativeDifference(a["w"].ToDoubles(), b["w"].ToDoubles())}");
        Assert.Equal(a["lambda"].ToDoubles(), b["lambda"].ToDoubles());
        Assert.Equal(JsonDocument.Parse(oneJson).RootElement.GetProperty("test_accuracy").GetDouble(), JsonDocument.Parse(threeJson).RootElement.GetProperty("test_accuracy").GetDouble());
    }

    [Fact]
    public void ThreeRanks_DistillTheSetOfOneProcess()
    {
        RequireMpiexec();
        using var dir = new TempDirectory();
        string[] args = ["distill", "--dataset", "fashion-mnist-sample", "--ipc", "2", "--json"];
        (int one, _, string oneJson) = Run(Tool, [.. args, "--out", dir.File("one.npz")]);
        (int three, string errors, string threeJson) = Run("mpiexec", ["-n", "3", Tool, .. args, "--out", dir.File("three.npz")]);
        Assert.Equal(0, one);
        Assert.True(three == 0, errors);
        NpzArchive a = NpzReader.Read(dir.File("one.npz")), b = NpzReader.Read(dir.File("three.npz"));
        Assert.True(Norms.RelativeDifference(a["x_s"].ToDoubles(), b["x_s"].ToDoubles()) <= 1e-9);
        Assert.Equal(a["y_s"].ToDoubles(), b["y_s"].ToDoubles());
        JsonElement j1 = JsonDocument.Parse(oneJson).RootElement, j3 = JsonDocument.Parse(threeJson).RootElement;
        Assert.Equal(j1.GetProperty("distilled_test_accuracy").GetDouble(), j3.GetProperty("distilled_test_accuracy").GetDouble());
        Assert.Equal(j1.GetProperty("original_test_accuracy").GetDouble(), j3.GetProperty("original_test_accuracy").GetDouble());
    }

    [Fact]
    public void AFailingRank_EndsTheJobNonZero_WithOneLine_AndNoArtefact()
    {
        RequireMpiexec();
        using var dir = new TempDirectory();
        using var temp = new TempDirectory();
        (int code, string errors, _) = RunIn(temp.Path, "mpiexec", "-n", "2", Tool, "fit", "--dataset", "fashion-mnist-sample", "--save-model", dir.File("m.npz"),
            ":", "-n", "1", Tool, "fit", "--dataset", dir.File("missing.npz"), "--save-model", dir.File("m.npz"));
        Assert.Equal(2, code);
        Assert.Equal([$"krr-distill: rank 2: {dir.File("missing.npz")}: no such file."], OurLines(errors));
        Assert.Empty(dir.Entries());
        Assert.Empty(temp.Entries()); // nothing of the runtime's (debugger pipes, diagnostic sockets) left in TMPDIR
    }

    [Fact]
    public void RootFailingAfterTheSum_PrintsItsLineOnce()
    {
        RequireMpiexec();
        using var dir = new TempDirectory();
        using var temp = new TempDirectory();
        string blocked = dir.File("blocked");
        Directory.CreateDirectory(blocked);
        File.WriteAllText(Path.Combine(blocked, "m.npz"), "a file where the model's directory would be");
        (int code, string errors, _) = RunIn(temp.Path, "mpiexec", "-n", "3", Tool, "fit", "--dataset", "fashion-mnist-sample",
            "--save-model", Path.Combine(blocked, "m.npz", "model.npz"));
        Assert.NotEqual(0, code);
        Assert.Single(OurLines(errors));
        Assert.DoesNotContain("rank", OurLines(errors)[0], StringComparison.Ordinal);
        Assert.Empty(temp.Entries());
    }

    [Theory]
    [InlineData("--seed 1", "ridge options")]
    [InlineData("--features rff --width 784", "feature map")]
    [InlineData("--width 512", "feature map")]
    [InlineData("--depth 2", "feature map")]
    [InlineData("--lambda 3", "ridge options")]
    [InlineData("--zca", "command")]
    public void RanksThatDisagree_AreRefusedByName_Once_BeforeAnythingIsSummed(string other, string what)
    {
        RequireMpiexec();
        using var dir = new TempDirectory();
        using var temp = new TempDirectory();
        string[] fit = ["fit", "--dataset", "fashion-mnist-sample", "--save-model", dir.File("m.npz")];
        (int code, string errors, _) = RunIn(temp.Path, "mpiexec", ["-n", "2", Tool, .. fit, ":", "-n", "1", Tool, .. fit, .. other.Split(' ')]);
        Assert.Equal(2, code);
        string line = Assert.Single(OurLines(errors));
        Assert.StartsWith("krr-distill: the 3 MPI ranks were not started with the same job, and nothing was summed: they differ in ", line, StringComparison.Ordinal);
        Assert.Contains(what + " (rank 0: ", line, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
        Assert.Empty(temp.Entries());
    }

    /// <summary>Jobs of two kinds of ranks, the first two ranks given <c>first</c>, the third <c>second</c> ({d}: an empty directory).</summary>
    public static TheoryData<string, string, string, string> HostileJobs() => new()
    {
        { "a bad option on one rank", "distill --dataset fashion-mnist-sample --ipc 2 --out {d}/d.npz", "distill --dataset fashion-mnist-sample --ipc 0 --out {d}/d.npz", "krr-distill: rank 2: --ipc must be at least 1 (got 0)" },
        { "a bad option on every rank", "distill --dataset fashion-mnist-sample --ipc 0 --out {d}/d.npz", "distill --dataset fashion-mnist-sample --ipc 0 --out {d}/d.npz", "krr-distill: --ipc must be at least 1 (got 0)" },
        { "another command", "fit --dataset fashion-mnist-sample", "distill --dataset fashion-mnist-sample --out {d}/d.npz", "they differ in command (rank 0: fit)" },
        { "other distillation options", "distill --dataset fashion-mnist-sample --ipc 2 --out {d}/d.npz", "distill --dataset fashion-mnist-sample --ipc 3 --out {d}/d.npz", "they differ in command (rank 0: distill (ipc 2," },
        { "help on one rank", "fit --dataset fashion-mnist-sample", "fit --help", "they differ in command (rank 0: fit)" },
        { "an output only rank 0 cannot write", "fit --dataset fashion-mnist-sample --save-model {d}/no/m.npz", "fit --dataset fashion-mnist-sample --save-model {d}/no/m.npz", "krr-distill: --save-model" },
        { "a FIFO for data on one rank", "fit --dataset fashion-mnist-sample", "fit --dataset {d}/pipe.npz", "krr-distill: rank 2: " },
        { "a command that does not split", "stats --dataset fashion-mnist-sample --out {d}/s.npz", "stats --dataset fashion-mnist-sample --out {d}/s.npz", "'stats' runs in one process" },
    };

    [Theory]
    [MemberData(nameof(HostileJobs))]
    public void HostileJobs_EndWithOneLine_ExitTwo_AndLeaveNothing(string name, string first, string second, string line)
    {
        RequireMpiexec();
        using var dir = new TempDirectory();
        using var temp = new TempDirectory();
        OutputSafetyTests.MakeFifo(dir.File("pipe.npz"));
        string[] A(string args) => args.Replace("{d}", dir.Path, StringComparison.Ordinal).Split(' ');
        (int code, string errors, _) = RunIn(temp.Path, "mpiexec", ["-n", "2", Tool, .. A(first), ":", "-n", "1", Tool, .. A(second)]);
        Assert.True(code == 2, $"{name}: exit {code}: {errors}");
        string ours = Assert.Single(OurLines(errors));
        Assert.Contains(line, ours, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"System\.|\(\w+Exception\)|internal error", errors);
        Assert.Equal(["pipe.npz"], dir.Entries());
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void RanksGivenOtherData_AreRefused_ButTheSameSamplesNamedTwoWaysAgree()
    {
        RequireMpiexec();
        using var dir = new TempDirectory();
        string samples = Path.Combine(AppContext.BaseDirectory, "samples", "fashion-mnist");
        (int same, string sameErrors, _) = Run("mpiexec", "-n", "1", Tool, "fit", "--dataset", "fashion-mnist-sample", "--save-model", dir.File("a.npz"),
            ":", "-n", "1", Tool, "fit", "--dataset", "fashion-mnist", "--data-dir", samples, "--save-model", dir.File("a.npz"));
        Assert.True(same == 0, sameErrors);

        var random = new Random(3);
        byte[] pixels = new byte[3000 * 784];
        random.NextBytes(pixels);
        NpzWriter.Write(dir.File("other.npz"), new OrderedDictionary<string, NpyArray>
        {
            ["x_train"] = NpyArray.FromBytes(pixels, 3000, 28, 28),
            ["y_train"] = NpyArray.FromInt64([.. Enumerable.Range(0, 3000).Select(i => (long)(i % 10))], 3000),
            ["x_test"] = NpyArray.FromBytes(new byte[10 * 784], 10, 28, 28),
            ["y_test"] = NpyArray.FromInt64([.. Enumerable.Range(0, 10).Select(i => (long)i)], 10),
        });
        (int code, string errors, _) = Run("mpiexec", "-n", "1", Tool, "fit", "--dataset", "fashion-mnist-sample", ":", "-n", "1", Tool, "fit", "--dataset", dir.File("other.npz"));
        Assert.Equal(2, code);
        Assert.Contains("they differ in training data (rank 0: fashion-mnist-sample: 2850 training and 150 validation rows, fingerprint ", Assert.Single(OurLines(errors)), StringComparison.Ordinal);
    }

    [Fact]
    public void AnMpiLibraryThatCannotBeLoaded_IsOneLineForTheJob()
    {
        RequireMpiexec();
        using var temp = new TempDirectory();
        var start = new ProcessStartInfo("mpiexec", ["-n", "3", Tool, "fit", "--dataset", "fashion-mnist-sample"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["KRRDISTILL_MPI_LIBRARY"] = "/nonexistent/libmpi.so.12";
        start.Environment["TMPDIR"] = temp.Path;
        (int code, string errors, _) = Run(start);
        Assert.Equal(2, code);
        Assert.Equal(["krr-distill: launched by an MPI launcher, but no MPI library of the MPICH ABI could be loaded (tried /nonexistent/libmpi.so.12); install MPICH (Debian: apt-get install mpich) or set KRRDISTILL_MPI_LIBRARY."], OurLines(errors));
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void AKilledRank_EndsTheJobNonZero_WithNoArtefact()
    {
        RequireMpiexec();
        using var dir = new TempDirectory();
        using var temp = new TempDirectory();
        var start = new ProcessStartInfo("mpiexec", ["-n", "3", Tool, "distill", "--dataset", "fashion-mnist-sample", "--ipc", "50", "--init", "real", "--out", dir.File("d.npz")])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TMPDIR"] = temp.Path;
        using var job = Process.Start(start)!;
        job.OutputDataReceived += (_, _) => { };
        job.ErrorDataReceived += (_, _) => { };
        job.BeginOutputReadLine();
        job.BeginErrorReadLine();
        // Rank 1 is killed once every rank's own code runs, as a user's kill would find them: MPI loaded, the runtime's
        // endpoints removed (a rank killed in the first moments of its start, before its own code runs, cannot have
        // removed them).
        bool Started(int pid) => File.Exists($"/proc/{pid}/maps") && File.ReadAllText($"/proc/{pid}/maps").Contains("libmpi", StringComparison.Ordinal)
            && !Directory.EnumerateFiles(temp.Path, $"*-{pid}-*").Any();
        int[] ranks = [];
        for (int i = 0; i < 1000 && !(ranks.Length == 3 && ranks.All(Started)); i++)
        {
            Thread.Sleep(10);
            ranks = Ranks(job.Id);
        }

        Assert.True(ranks.Length == 3 && ranks.All(Started), "the ranks never started");
        int victim = ranks[1];
        using (var rank = Process.GetProcessById(victim))
        {
            rank.Kill();
        }

        Assert.True(job.WaitForExit(TimeSpan.FromSeconds(60)), "the job did not end after a rank was killed");
        Assert.NotEqual(0, job.ExitCode);
        Assert.DoesNotContain(dir.Entries(), e => !e.StartsWith('.'));
        Assert.Empty(temp.Entries()); // the killed ranks removed their runtime endpoints when they started
    }

    [Fact]
    public void FitFromStatistics_IsRefusedUnderMpiexec()
    {
        RequireMpiexec();
        using var dir = new TempDirectory();
        Assert.Equal(0, Run(Tool, "stats", "--dataset", "fashion-mnist-sample", "--out", dir.File("s.npz")).Code);
        (int code, string errors, _) = Run("mpiexec", "-n", "2", Tool, "fit", "--stats", dir.File("s.npz"), "--save-model", dir.File("m.npz"));
        Assert.Equal(2, code);
        Assert.Contains("krr-distill: --stats replaces the pass over the data that MPI ranks would share", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("m.npz")));
    }

    [Fact]
    public void ACommandThatDoesNotSplit_IsRefusedUnderMpiexec()
    {
        RequireMpiexec();
        (int code, string errors, _) = Run("mpiexec", "-n", "2", Tool, "evaluate", "--distilled", "x.npz", "--dataset", "fashion-mnist-sample");
        Assert.Equal(2, code);
        Assert.Contains("krr-distill: 'evaluate' runs in one process: under mpiexec or srun only fit and distill split their work", errors, StringComparison.Ordinal);
    }

    /// <summary>The krr-distill processes the hydra job <paramref name="mpiexec"/> started (through its proxy), by rank order of start.</summary>
    private static int[] Ranks(int mpiexec)
    {
        static IEnumerable<int> Children(int pid)
        {
            string path = $"/proc/{pid}/task/{pid}/children";
            return File.Exists(path) ? File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse) : [];
        }

        return [.. Children(mpiexec).SelectMany(Children).Concat(Children(mpiexec))
            .Where(p => File.Exists($"/proc/{p}/comm") && File.ReadAllText($"/proc/{p}/comm").Trim() == "krr-distill").Order()];
    }

    private static void RequireMpiexec()
    {
        bool present = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "mpiexec")));
        Assert.SkipUnless(present, "mpiexec is not installed (apt-get install mpich); .ci/run installs it");
    }

    /// <summary>The lines of <paramref name="errors"/> that the tool wrote (not the launcher's or the progress lines).</summary>
    private static string[] OurLines(string errors) => [.. errors.Split('\n').Where(l => l.StartsWith("krr-distill:", StringComparison.Ordinal))];

    private static (int Code, string Stderr, string Stdout) Run(string file, params string[] arguments)
        => Run(new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true });

    /// <summary>Runs with TMPDIR = <paramref name="temp"/>, where the ranks' runtimes put their endpoints.</summary>
    private static (int Code, string Stderr, string Stdout) RunIn(string temp, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["TMPDIR"] = temp;
        return Run(start);
    }

    private static (int Code, string Stderr, string Stdout) Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stderr.Result, stdout);
    }
}
