using System.Text.RegularExpressions;
using Conformance.Campaign;
using Conformance.Model.Fixtures;
using Conformance.Model.Probes;
using Conformance.Model.Simulation;
using Conformance.Offline.Tests.Cli;
using Conformance.Offline.Tests.Iam;
using Conformance.Offline.Tests.Recorded;

namespace Conformance.Offline.Tests.Probes;

/// <summary>
/// The model's open questions as probes (tests/Probes): every assumption in the code carries a probe's marker and every
/// probe a marker in the code; the model's own answer is the hypothesis it claims to assume; `conformance probe`
/// puts them to an IAM endpoint in few calls.
/// </summary>
public sealed partial class ProbeTests
{
    public static string ProbesFolder { get; } = Path.Combine(RecordedAnswers.RepositoryRoot, "tests", "Probes");

    [GeneratedRegex(@"Open questions? \(probe ([a-z0-9-]+)")]
    private static partial Regex Marker();

    private static IReadOnlyList<Probe> Probes()
    {
        var (probes, errors) = ProbeJson.ReadFolder(ProbesFolder);
        Assert.True(errors.IsEmpty, string.Join("\n", errors));
        return probes.Select(p => p.Probe).ToList();
    }

    public static TheoryData<string> ProbeIds() => [.. Directory.EnumerateFiles(ProbesFolder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order()];

    [Fact]
    public void Markers_AndProbes_NameEachOther()
    {
        var markers = Directory.EnumerateFiles(Path.Combine(RecordedAnswers.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Marker().Matches(File.ReadAllText(f)).Select(m => (Id: m.Groups[1].Value, File: Path.GetFileName(f))))
            .ToList();
        var probes = Probes().Select(p => p.Id).ToHashSet();
        Assert.All(markers, m => Assert.True(probes.Contains(m.Id), $"{m.File} marks an assumption with probe '{m.Id}', which tests/Probes does not have"));
        Assert.All(probes, id => Assert.True(markers.Any(m => m.Id == id), $"probe '{id}' has no marker in src/: which assumption of the model does it settle?"));
    }

    [Theory]
    [MemberData(nameof(ProbeIds))]
    public void ModelAnswer_SatisfiesExactlyTheHypothesisItAssumes(string id)
    {
        var probe = Probes().Single(p => p.Id == id);
        var held = probe.Held(ModelSimulator.Simulate(probe.Request));
        Assert.Equal([probe.ModelAssumes], held.Select(h => h.Id));
    }

    [Fact]
    public void ReadFile_BadProbe_NamesTheFileAndTheJsonPath()
    {
        var folder = Directory.CreateTempSubdirectory("conformance-probes-").FullName;
        var file = Path.Combine(folder, "bad.json");
        File.WriteAllText(file, """
            {"probeVersion": 1, "id": "bad", "question": "?", "request": {"PolicyInputList": [], "ActionNames": ["s3:GetObject"]},
             "hypotheses": [{"id": "a", "meaning": "", "answer": {"error": "InvalidInput"}}, {"id": "b", "meaning": "", "answer": {}}],
             "modelAssumes": "a"}
            """);
        var (probe, error) = ProbeJson.ReadFile(file);
        Assert.Null(probe);
        Assert.Equal(file, error!.File);
        Assert.Equal("$.hypotheses[1].answer", error.JsonPath);
        Assert.NotNull(error.Position);
    }

    [Fact]
    public async Task Runner_AgainstTheLoopbackEndpoint_AnswersEveryProbeInFewerCallsAndKeepsEachAnswer()
    {
        var fixtures = Directory.CreateTempSubdirectory("conformance-probe-fixtures-").FullName;
        await using var iam = await LoopbackIam.StartAsync();
        using var oracle = iam.Oracle();
        var runner = new ProbeRunner(oracle, new ProbeRunOptions(fixtures, "loopback", FixtureOracleKind.Model));
        var probes = Probes();

        var outcomes = await runner.RunAsync(probes);

        // The endpoint answers from the model, so each probe gets the model's assumption and no divergence.
        Assert.Equal(probes.Count, outcomes.Length);
        Assert.All(outcomes, o => Assert.Equal(o.Probe.ModelAssumes, o.Held));
        Assert.All(outcomes, o => Assert.False(o.Diverges, o.Line));
        Assert.True(runner.Calls < probes.Count, $"{runner.Calls} calls for {probes.Count} probes: probes that share policies must share calls");
        Assert.Equal(runner.Calls, Directory.GetFiles(fixtures, "*.json").Length);
        Assert.All(Directory.GetFiles(fixtures, "*.json"), f => Assert.True(FixtureReplay.Replay(f, ModelSimulator.Simulate).Passed));
    }

    [Fact]
    public async Task Runner_AnAnswerAgainstTheAssumption_IsADivergenceNamingTheHypothesisThatHeld()
    {
        // An oracle that answers implicitDeny where the model allows: the probe's other hypothesis holds.
        var probe = Probes().Single(p => p.Id == "action-name-question-mark");
        var oracle = new FixedOracle(SimulationOutcome.Of(new SimulationResult(
            [new EvaluationResult("ssm:SendCommand", "*", Conformance.Model.Evaluation.EvalDecision.ImplicitDeny, [], [], null, null, [])])));
        var runner = new ProbeRunner(oracle, new ProbeRunOptions(Directory.CreateTempSubdirectory("conformance-probe-").FullName, "fixed", FixtureOracleKind.Aws));

        var outcome = (await runner.RunAsync([probe])).Single();

        Assert.Equal("literal", outcome.Held);
        Assert.True(outcome.Diverges);
        Assert.Contains("DIVERGES", outcome.Line);
        Assert.False(FixtureReplay.Replay(outcome.FixturePath!, ModelSimulator.Simulate).Passed);
    }

    [Fact]
    public async Task ProbeCommand_AgainstServe_PrintsOneLinePerProbeAndExitsZero()
    {
        var fixtures = Directory.CreateTempSubdirectory("conformance-probe-cli-").FullName;
        await using var iam = await LoopbackIam.StartAsync();
        var run = await CliRun.OfProcessWithLoopbackCredentialsAsync(
            ["probe", "--endpoint", iam.Server.Endpoint.ToString(), "--probes", ProbesFolder, "--fixtures", fixtures]);

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(Probes(), p => Assert.Contains(lines, l => l.StartsWith(p.Id + ": '" + p.ModelAssumes + "' held", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains(" 0 diverge", StringComparison.Ordinal));
        Assert.DoesNotContain(LoopbackIam.SecretAccessKey, run.Stdout + run.Stderr);
    }

    [Fact]
    public void WriteStatus_Settled_IsReadBackAndKeepsTheRestOfTheFile()
    {
        var folder = Directory.CreateTempSubdirectory("conformance-probe-status-").FullName;
        var file = Path.Combine(folder, "request-resource-star.json");
        File.Copy(Path.Combine(ProbesFolder, "request-resource-star.json"), file);
        var before = ProbeJson.ReadFile(file).Probe!;

        ProbeJson.WriteStatus(file, new ProbeStatus.Settled("literal", "2026-11-30", "../Fixtures/probes/probe-request-resource-star-0123456789ab.json"));

        var after = ProbeJson.ReadFile(file).Probe!;
        Assert.Equal(new ProbeStatus.Settled("literal", "2026-11-30", "../Fixtures/probes/probe-request-resource-star-0123456789ab.json"), after.Status);
        Assert.Equal(before.Question, after.Question);
        Assert.Equal(SimulationJson.WriteRequest(before.Request), SimulationJson.WriteRequest(after.Request));
        Assert.Equal(before.Hypotheses.Select(h => h.Id), after.Hypotheses.Select(h => h.Id));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Theory]
    [InlineData("""{"probeVersion": 2}""", "$.probeVersion")]
    [InlineData("""{"probeVersion": 1, "id": "x", "question": "?", "request": {"ActionNames": ["s3:GetObject"]}}""", "$.request")]
    [InlineData("""{"probeVersion": 1, "id": "x", "question": "?", "request": {"PolicyInputList": [], "ActionNames": ["s3:GetObject"]}, "hypotheses": []}""", "$.hypotheses")]
    [InlineData("""{"probeVersion": 1, "id": "x", "question": "?", "request": {"PolicyInputList": [], "ActionNames": ["s3:GetObject"]}, "hypotheses": [{"id": "a", "meaning": "", "answer": {"error": "InvalidInput"}}, {"id": "b", "meaning": "", "answer": {"decisions": [{"action": "s3:GetObject", "resource": "*", "decision": "maybe"}]}}], "modelAssumes": "a"}""", "$.hypotheses[1].answer.decisions[0].decision")]
    [InlineData("""{"probeVersion": 1, "id": "x", "question": "?", "request": {"PolicyInputList": [], "ActionNames": ["s3:GetObject"]}, "hypotheses": [{"id": "a", "meaning": "", "answer": {"error": "InvalidInput"}}, {"id": "b", "meaning": "", "answer": {"error": "ValidationError"}}], "modelAssumes": "c"}""", "$.modelAssumes")]
    [InlineData("""{"probeVersion": 1, "id": "y", "question": "?", "request": {"PolicyInputList": [], "ActionNames": ["s3:GetObject"]}, "hypotheses": [{"id": "a", "meaning": "", "answer": {"error": "InvalidInput"}}, {"id": "b", "meaning": "", "answer": {"error": "ValidationError"}}], "modelAssumes": "a"}""", "$.id")]
    [InlineData("""{"probeVersion": 1, "surprise": true}""", "$.surprise")]
    public void ReadFile_Malformed_NamesThePathOfTheProblem(string text, string path)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("conformance-probe-bad-").FullName, "x.json");
        File.WriteAllText(file, text);
        var (probe, error) = ProbeJson.ReadFile(file);
        Assert.Null(probe);
        Assert.Equal(path, error!.JsonPath);
    }

    private sealed class FixedOracle(SimulationOutcome outcome) : ISimulationOracle
    {
        public string Name => "fixed";

        public Task<SimulationOutcome> SimulateAsync(SimulationRequest request, CancellationToken cancellationToken = default) => Task.FromResult(outcome);
    }
}
