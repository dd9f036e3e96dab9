using Conformance.Campaign;
using Conformance.Campaign.Directed;
using Conformance.Iam.Loopback;
using Conformance.Model.Fixtures;
using Conformance.Model.SendCommand;
using Conformance.Offline.Tests.Iam;
using Xunit.Abstractions;

using Conformance.Offline.Tests.Support;

namespace Conformance.Offline.Tests.Campaign.Directed;

/// <summary>
/// A policy-directed campaign against the loopback IAM endpoint (over HTTP, SigV4): with the planted difference
/// <c>ignore-ssm-resource-tag</c> it finds the difference within 50 calls for each seed policy of "Setting up Run
/// Command" that reads <c>ssm:resourceTag</c> (docs/examples/run-command/1 to 3); against the endpoint as it is, it finds
/// nothing, for all four.
/// </summary>
public sealed class PolicyDirectedCampaignTests(ITestOutputHelper output) : IDisposable
{
    public const int CallBudgetToFind = 50;

    private static readonly string Examples = RunCommandExamples.Folder;

    private readonly string _fixtures = Directory.CreateTempSubdirectory("conformance-directed-").FullName;

    public void Dispose() => Directory.Delete(_fixtures, recursive: true);

    private static CampaignPolicies Seed(string file) =>
        CampaignPolicies.Read([Path.Combine(Examples, file)], null, [Path.Combine(Examples, "instances.json")]);

    private async Task<CampaignReport> Run(string file, bool plant, ulong seed, int maxCalls)
    {
        await using var loopback = await LoopbackIam.StartAsync();
        if (plant)
        {
            Assert.True(PlantedDifferences.TryPlant(loopback.Server.Faults, PlantedDifferences.IgnoreSsmResourceTag));
        }
        var policies = Seed(file);
        var options = new CampaignOptions(Seed: seed, MaxCalls: maxCalls, MaxWallTime: TimeSpan.FromMinutes(5), FixtureDirectory: _fixtures,
            OracleDescription: "loopback endpoint", OracleKind: FixtureOracleKind.Peer, Compare: CampaignOptions.LiveAspects, MaxShrunkDivergences: 1);
        var questions = PolicyDirectedCases.Generate(policies.Texts, policies.BoundaryTexts, DirectedVocabulary.From(policies.Questions, policies.Fleet), seed);
        return await new ConformanceCampaign(loopback.Oracle(), options).RunAsync(questions);
    }

    [Theory]
    [InlineData("1-finance-webservers.json", 1UL)]
    [InlineData("1-finance-webservers.json", 20261130UL)]
    [InlineData("2-two-tags.json", 1UL)]
    [InlineData("2-two-tags.json", 20261130UL)]
    [InlineData("3-either-tag.json", 1UL)]
    [InlineData("3-either-tag.json", 20261130UL)]
    public async Task Campaign_AboutAResourceTagPolicy_FindsThePlantedDifference_Within50Calls(string file, ulong seed)
    {
        var report = await Run(file, plant: true, seed, maxCalls: CallBudgetToFind);
        Assert.NotEmpty(report.Divergences);
        var first = report.Divergences[0];
        output.WriteLine($"{file}, seed {seed}: first divergence in call {first.CallsWhenFound} (question {first.Question}): {first.Differences[0]}");
        Assert.InRange(first.CallsWhenFound, 1, CallBudgetToFind);
        Assert.Contains(report.RootCauses, c => c.Signature.Text.Contains("on ResourceTag", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1-finance-webservers.json")]
    [InlineData("2-two-tags.json")]
    [InlineData("3-either-tag.json")]
    [InlineData("4-vpce-or-via-aws-service.json")]
    public async Task Campaign_AgainstTheEndpointAsItIs_FindsNoDivergence(string file)
    {
        var report = await Run(file, plant: false, 20261130UL, maxCalls: 40);
        output.WriteLine($"{file}: {report.Calls} calls, {report.Decisions} decisions ({report.DecisionsPerCall:F1} a call), {report.Rejections} rejected");
        Assert.Empty(report.Divergences);
        Assert.Equal(0, report.Rejections);
        Assert.Equal(40, report.Calls);
        Assert.True(report.DecisionsPerCall >= 20, $"{report.DecisionsPerCall} decisions per call");
    }

    [Fact]
    public void Questions_AreTheSame_ForTheSameSeed_AndAboutThePolicies()
    {
        var policies = Seed("1-finance-webservers.json");
        var vocabulary = DirectedVocabulary.From(policies.Questions, policies.Fleet);
        var first = PolicyDirectedCases.Generate(policies.Texts, [], vocabulary, 7).Take(60).Select(r => Model.Simulation.SimulationJson.WriteRequest(r)).ToList();
        var again = PolicyDirectedCases.Generate(policies.Texts, [], vocabulary, 7).Take(60).Select(r => Model.Simulation.SimulationJson.WriteRequest(r)).ToList();
        var other = PolicyDirectedCases.Generate(policies.Texts, [], vocabulary, 8).Take(60).Select(r => Model.Simulation.SimulationJson.WriteRequest(r)).ToList();
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        // The policy's action, its condition key at its constant and case-changed, and the fleet's nodes are asked about.
        Assert.Contains("ssm:SendCommand", vocabulary.KnownActions);
        var finance = Assert.Single(vocabulary.KeyValues, k => k.Key == "ssm:resourceTag/Finance").Values;
        Assert.Contains(finance, v => v is not null && v.ContextKeyValues.SequenceEqual(["WebServers"]));
        Assert.Contains(finance, v => v is not null && v.ContextKeyValues.SequenceEqual(["WEBSERVERS"]));
        Assert.Contains(finance, v => v is null);
        Assert.Contains(finance, v => v is not null && v.ContextKeyValues.Length > 1);
        Assert.Contains(policies.Fleet!.Nodes[0].Arn("aws"), vocabulary.Resources);
        Assert.Contains(vocabulary.Resources, r => r.StartsWith("arn:aws-cn:ec2:", StringComparison.Ordinal));
    }
}
