using Conformance.Campaign;
using Conformance.Model.Fixtures;
using Conformance.Model.Policies;
using Conformance.Model.Simulation;
using Xunit.Abstractions;

namespace Conformance.Offline.Tests.Campaign;

/// <summary>
/// An oracle that differs from the model in one planted way: it ignores <c>ssm:resourceTag/...</c> context keys, as a
/// 2026 report says the simulator may (iam-facts §g quirk 14). The campaign must find it, shrink it and keep it.
/// </summary>
public sealed class IgnoresSsmResourceTagOracle : ISimulationOracle
{
    public string Name => "planted: ignores ssm:resourceTag";

    public Task<SimulationOutcome> SimulateAsync(SimulationRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(ModelSimulator.Simulate(Conformance.Iam.Loopback.PlantedDifferences.WithoutSsmResourceTags(request)));
}

public sealed class CampaignTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _fixtures = Directory.CreateTempSubdirectory("conformance-campaign-").FullName;

    public void Dispose() => Directory.Delete(_fixtures, recursive: true);

    private CampaignOptions Options(int maxCalls = 120) => new(Seed: 20261129, MaxCalls: maxCalls, MaxWallTime: TimeSpan.FromMinutes(2),
        FixtureDirectory: _fixtures, OracleDescription: "test oracle", OracleKind: FixtureOracleKind.Peer);

    [Fact]
    public async Task Run_OracleEqualToTheModel_FindsNoDivergenceAndAsksManyDecisionsPerCall()
    {
        var report = await new ConformanceCampaign(new ModelOracle(), Options(maxCalls: 100)).RunAsync(CampaignCases.Generate(20261129));
        output.WriteLine($"{report.Cases} cases, {report.Calls} calls, {report.Decisions} decisions, {report.DecisionsPerCall:F1} decisions per call; stop: {report.StopReason}");
        Assert.Empty(report.Divergences);
        Assert.Equal(100, report.Calls);
        Assert.True(report.DecisionsPerCall >= 20, $"{report.DecisionsPerCall} decisions per call");
        Assert.Empty(Directory.GetFiles(_fixtures));
    }

    [Fact]
    public async Task Run_PlantedDifference_IsFoundShrunkAndKeptAsAFixture()
    {
        var report = await new ConformanceCampaign(new IgnoresSsmResourceTagOracle(), Options() with { MaxCases = 200 })
            .RunAsync(CampaignCases.Generate(20261129));
        Assert.NotEmpty(report.Divergences);
        var first = report.Divergences[0];
        output.WriteLine($"shrink calls: {first.ShrinkCalls}; minimal question:\n{SimulationJson.WriteRequest(first.Minimal)}\ndifferences: {string.Join("; ", first.Differences)}");
        Assert.True(first.ShrinkCalls <= 30, $"{first.ShrinkCalls} calls spent shrinking");
        Assert.Single(first.Minimal.ActionNames);
        Assert.Single(first.Minimal.PolicyInputList);
        var policy = PolicyParser.Parse(first.Minimal.PolicyInputList[0]).Value!;
        Assert.Single(policy.Statements);
        Assert.Contains(policy.Statements[0].Conditions, c => c.ContextKeyName.StartsWith("ssm:resourceTag/", StringComparison.OrdinalIgnoreCase));

        var fixture = FixtureJson.ReadFile(first.FixturePath!).Fixture!;
        Assert.Equal(SimulationJson.WriteRequest(first.Minimal), SimulationJson.WriteRequest(fixture.Request));
        Assert.Equal(ReplayVerdict.Mismatch, FixtureReplay.Replay(first.FixturePath!, ModelSimulator.Simulate).Verdict);
        Assert.True(report.Calls <= 120);
    }

    [Fact]
    public async Task Run_SameSeedTwice_AddsNoDuplicateFixture()
    {
        var options = Options() with { MaxCases = 40 };
        await new ConformanceCampaign(new IgnoresSsmResourceTagOracle(), options).RunAsync(CampaignCases.Generate(20261129));
        var first = Directory.GetFiles(_fixtures).Order().ToList();
        await new ConformanceCampaign(new IgnoresSsmResourceTagOracle(), options).RunAsync(CampaignCases.Generate(20261129));
        Assert.NotEmpty(first);
        Assert.Equal(first, Directory.GetFiles(_fixtures).Order().ToList());
    }

    [Fact]
    public async Task Run_CallBudget_IsHonouredAndReported()
    {
        var report = await new ConformanceCampaign(new IgnoresSsmResourceTagOracle(), Options(maxCalls: 7)).RunAsync(CampaignCases.Generate(1));
        Assert.True(report.Calls <= 7, $"{report.Calls} calls");
        Assert.Contains("call budget (7) spent", report.StopReason);
    }

    [Fact]
    public async Task Markdown_AfterARunWithADivergence_HasTheSummaryCoverageAndTheMinimalCase()
    {
        var report = await new ConformanceCampaign(new IgnoresSsmResourceTagOracle(), Options() with { MaxCases = 60 })
            .RunAsync(CampaignCases.Generate(20261129));
        var markdown = CampaignMarkdown.Write(report, "planted", 20261129);
        output.WriteLine(markdown);
        Assert.Contains("| questions asked | 60 |", markdown);
        Assert.Contains($"| calls spent shrinking | {report.ShrinkCalls} |", markdown);
        Assert.Contains("| operator family | ResourceTag | Network | ViaAwsService | PrincipalTag | Other |", markdown);
        Assert.Contains("| String | ", markdown);
        Assert.Contains("## Root cause 1: ", markdown);
        Assert.StartsWith($"# {report.RootCauses.Length} root cause", markdown);
        Assert.Contains("ssm:resourceTag/", markdown);
        Assert.Contains("\"ActionNames\"", markdown);
        Assert.True(report.Coverage!.Values.Sum() > 0);
    }
}
