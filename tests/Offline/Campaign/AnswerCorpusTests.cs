using System.Text;
using System.Text.Json;
using Conformance.Campaign;
using Conformance.Iam.Loopback;
using Conformance.Model.Fixtures;
using Conformance.Model.Simulation;
using Conformance.Offline.Tests.Iam;
using Xunit.Abstractions;

namespace Conformance.Offline.Tests.Campaign;

/// <summary>
/// Every answer a campaign gets is kept (issue 10, item 2): one JSON line per call in the corpus folder, deduplicated by
/// the content hash of question and answer, never a partial line after a kill, and replayed against the model.
/// </summary>
public sealed class AnswerCorpusTests(ITestOutputHelper output) : IDisposable
{
    private const ulong Seed = 20261130;

    private readonly string _root = Directory.CreateTempSubdirectory("conformance-answers-").FullName;

    private string Answers => Path.Combine(_root, "live");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<CampaignReport> RunAgainstLoopback(int maxCalls = 30, params string[] plants)
    {
        await using var loopback = await LoopbackIam.StartAsync();
        Assert.True(plants.Length == 0 || PlantedDifferences.TryPlant(loopback.Server.Faults, plants));
        using var oracle = loopback.Oracle();
        var options = new CampaignOptions(Seed, MaxCalls: maxCalls, MaxWallTime: TimeSpan.FromMinutes(2),
            FixtureDirectory: Path.Combine(_root, "fixtures"), OracleDescription: "loopback endpoint", OracleKind: FixtureOracleKind.Peer,
            Compare: CampaignOptions.LiveAspects, AnswerCorpusDirectory: Answers,
            OracleEndpoint: loopback.Server.Endpoint.GetLeftPart(UriPartial.Authority));
        return await new ConformanceCampaign(oracle, options).RunAsync(CampaignCases.Generate(Seed));
    }

    private List<string> Lines() => [.. AnswerCorpusFile.Files(Answers).SelectMany(f => AnswerCorpusFile.CompleteLines(f)).Select(l => l.Line)];

    [Fact]
    public async Task Campaign_AgainstLoopback_KeepsOneLinePerCallWithProvenance()
    {
        var report = await RunAgainstLoopback();
        var lines = Lines();
        output.WriteLine($"{report.Calls} calls, {lines.Count} lines in {string.Join(", ", AnswerCorpusFile.Files(Answers).Select(Path.GetFileName))}");
        Assert.Equal(report.Calls, lines.Count);
        Assert.Equal(report.Calls, report.AnswersKept);
        using var first = JsonDocument.Parse(lines[0]);
        var source = first.RootElement.GetProperty("source");
        foreach (var field in new[] { "endpoint", "region", "date", "seed", "tool", "hash" })
        {
            Assert.True(source.TryGetProperty(field, out _), $"source has no \"{field}\": {lines[0]}");
        }
        Assert.StartsWith("http://127.0.0.1:", source.GetProperty("endpoint").GetString());
        Assert.Equal(Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), source.GetProperty("seed").GetString());
        Assert.StartsWith("conformance ", source.GetProperty("tool").GetString());
        Assert.True(first.RootElement.TryGetProperty("output", out _) || first.RootElement.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Campaign_SameSeedTwice_AddsNoLine()
    {
        var first = await RunAgainstLoopback();
        var before = AnswerCorpusFile.Files(Answers).Select(File.ReadAllText).ToList();
        var second = await RunAgainstLoopback();
        output.WriteLine($"first run: {first.AnswersKept} kept; second run: {second.AnswersKept} kept, {second.AnswersAlreadyKept} already there");
        Assert.Equal(0, second.AnswersKept);
        Assert.Equal(second.Calls, second.AnswersAlreadyKept);
        Assert.Equal(before, AnswerCorpusFile.Files(Answers).Select(File.ReadAllText).ToList());
    }

    [Fact]
    public async Task Corpus_TruncatedLastLine_IsNeverReplayedAndIsCutOffByTheNextRun()
    {
        await RunAgainstLoopback(maxCalls: 10);
        var file = Assert.Single(AnswerCorpusFile.Files(Answers));
        var complete = File.ReadAllText(file);
        var last = Lines()[^1];
        // A run killed in the middle of a write: half a line, no newline.
        File.AppendAllText(file, last[..(last.Length / 2)], new UTF8Encoding(false));

        var replayed = FixtureReplay.ReplayAnswerCorpus(file, ModelSimulator.Simulate).ToList();
        Assert.Equal(10, replayed.Count);
        Assert.DoesNotContain(replayed, r => r.Verdict == ReplayVerdict.Unreadable);

        var rerun = await RunAgainstLoopback(maxCalls: 10);
        Assert.Equal(0, rerun.AnswersKept);
        Assert.Equal(complete, File.ReadAllText(file));
    }

    [Fact]
    public async Task Corpus_Lines_ReplayAgainstTheModelAndAgree()
    {
        await RunAgainstLoopback();
        var results = AnswerCorpusFile.Files(Answers).SelectMany(f => FixtureReplay.ReplayAnswerCorpus(f, ModelSimulator.Simulate)).ToList();
        Assert.Equal(30, results.Count);
        Assert.All(results, r => Assert.True(r.Verdict == ReplayVerdict.Agrees, r.ToString()));
        Assert.All(results, r => Assert.Equal(FixtureReplay.AnswerCorpusAspects, r.Fixture!.Compare));
    }

    [Fact]
    public async Task Corpus_PlantedDifference_KeepsDivergentAnswersTooAndReplayFindsThem()
    {
        var report = await RunAgainstLoopback(maxCalls: 80, PlantedDifferences.IgnoreSsmResourceTag);
        var results = AnswerCorpusFile.Files(Answers).SelectMany(f => FixtureReplay.ReplayAnswerCorpus(f, ModelSimulator.Simulate)).ToList();
        output.WriteLine($"{report.Calls} calls ({report.ShrinkCalls} shrinking), {results.Count} lines, " +
                         $"{results.Count(r => r.Verdict == ReplayVerdict.Mismatch)} of them divergent");
        Assert.NotEmpty(report.Divergences);
        Assert.Equal(report.Calls, results.Count);
        Assert.Contains(results, r => r.Verdict == ReplayVerdict.Agrees);
        Assert.Contains(results, r => r.Verdict == ReplayVerdict.Mismatch);
    }
}
