using Conformance.Campaign;
using Conformance.Iam.Loopback;
using Conformance.Model.Fixtures;
using Conformance.Offline.Tests.Iam;
using Xunit.Abstractions;

namespace Conformance.Offline.Tests.Campaign;

/// <summary>
/// A campaign against the loopback IAM endpoint (over HTTP, SigV4) with planted differences: each planted difference is
/// one root cause, however many questions show it, and the report leads with how many it found.
/// </summary>
public sealed class RootCauseTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _fixtures = Directory.CreateTempSubdirectory("conformance-rootcauses-").FullName;

    public void Dispose() => Directory.Delete(_fixtures, recursive: true);

    private async Task<(CampaignReport Report, string Markdown)> RunAgainstLoopback(params string[] plants)
    {
        await using var loopback = await LoopbackIam.StartAsync();
        Assert.True(PlantedDifferences.TryPlant(loopback.Server.Faults, plants));
        var options = new CampaignOptions(Seed: 20261129, MaxCalls: 200, MaxWallTime: TimeSpan.FromMinutes(3), FixtureDirectory: _fixtures,
            OracleDescription: "loopback endpoint", OracleKind: FixtureOracleKind.Peer, Compare: CampaignOptions.LiveAspects);
        var report = await new ConformanceCampaign(loopback.Oracle(), options).RunAsync(CampaignCases.Generate(20261129));
        var markdown = CampaignMarkdown.Write(report, "loopback", 20261129);
        output.WriteLine($"planted {string.Join(", ", plants)}: {report.RootCauses.Length} root cause(s), {report.Divergences.Length} divergences, " +
                         $"{report.Divergences.Count(d => d.Shrunk)} shrunk, {report.Unclassified.Length} unclassified, {report.Calls} calls " +
                         $"({report.ShrinkCalls} shrinking), {report.Cases} questions");
        foreach (var cause in report.RootCauses)
        {
            output.WriteLine($"  {cause.Count}× {cause.Signature}");
        }
        foreach (var d in report.Divergences)
        {
            output.WriteLine($"    question {d.Question} ({(d.Shrunk ? $"shrunk in {d.ShrinkCalls} calls" : "not shrunk")}), pre-signature {d.PreSignature}");
        }
        return (report, markdown);
    }

    [Fact]
    public async Task Campaign_OnePlantedDifference_ReportsExactlyOneRootCause()
    {
        var (report, markdown) = await RunAgainstLoopback(PlantedDifferences.IgnoreSsmResourceTag);
        var cause = Assert.Single(report.RootCauses);
        Assert.True(report.Divergences.Length > 1, "one root cause seen from several questions");
        Assert.Contains("on ResourceTag", cause.Signature.Text);
        Assert.StartsWith("# 1 root cause", markdown);
        Assert.NotNull(cause.Representative.FixturePath);
        Assert.Single(Directory.GetFiles(_fixtures));
    }

    [Fact]
    public async Task Campaign_TwoPlantedDifferences_ReportsExactlyTwoRootCauses()
    {
        var (report, markdown) = await RunAgainstLoopback(PlantedDifferences.IgnoreSsmResourceTag, PlantedDifferences.IgnoreIpContext);
        Assert.Equal(2, report.RootCauses.Length);
        Assert.Contains(report.RootCauses, c => c.Signature.Text.Contains("on ResourceTag", StringComparison.Ordinal));
        Assert.Contains(report.RootCauses, c => c.Signature.Text.Contains("on Network", StringComparison.Ordinal));
        Assert.StartsWith("# 2 root causes", markdown);
        Assert.Equal(2, Directory.GetFiles(_fixtures).Length);
    }

    [Fact]
    public async Task Campaign_IpPlantedAlone_ReportsOneRootCauseOnNetworkKeys()
    {
        var (report, _) = await RunAgainstLoopback(PlantedDifferences.IgnoreIpContext);
        var cause = Assert.Single(report.RootCauses);
        Assert.Contains("on Network", cause.Signature.Text);
    }
}
