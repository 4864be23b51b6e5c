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
        (int code, string errors, _) = Run("mpiexec", "-n", "2", Tool, "fit", "--dataset", "fashion-mnist-sample", "--save-model", dir.File("m.npz"),
            ":", "-n", "1", Tool, "fit", "--dataset", dir.File("missing.npz"), "--save-model", dir.File("m.npz"));
        Assert.NotEqual(0, code);
        string[] ours = [.. errors.Split('\n').Where(l => l.StartsWith("krr-distill:", StringComparison.Ordinal))];
        Assert.Equal([$"krr-distill: rank 2: {dir.File("missing.npz")}: no such file."], ours);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void AKilledRank_EndsTheJobNonZero_WithNoArtefact()
    {
        RequireMpiexec();
        using var dir = new TempDirectory();
        var start = new ProcessStartInfo("mpiexec", ["-n", "3", Tool, "distill", "--dataset", "fashion-mnist-sample", "--ipc", "50", "--init", "real", "--out", dir.File("d.npz")])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var job = Process.Start(start)!;
        job.OutputDataReceived += (_, _) => { };
        job.ErrorDataReceived += (_, _) => { };
        job.BeginOutputReadLine();
        job.BeginErrorReadLine();
        int victim = 0;
        for (int i = 0; i < 200 && victim == 0; i++)
        {
            Thread.Sleep(20);
            victim = Ranks(job.Id).Skip(1).FirstOrDefault();
        }

        Assert.True(victim != 0, "rank 1 never started");
        using (var rank = Process.GetProcessById(victim))
        {
            rank.Kill();
        }

        Assert.True(job.WaitForExit(TimeSpan.FromSeconds(60)), "the job did not end after a rank was killed");
        Assert.NotEqual(0, job.ExitCode);
        Assert.DoesNotContain(dir.Entries(), e => !e.StartsWith('.'));
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

    private static (int Code, string Stderr, string Stdout) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stderr.Result, stdout);
    }
}
