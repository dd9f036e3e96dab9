using System.Collections.Immutable;
using Conformance.Campaign;
using Conformance.Model.Evaluation;
using Conformance.Model.Fixtures;
using Conformance.Model.Simulation;
using Conformance.Offline.Tests.Iam;
using Conformance.Offline.Tests.Recorded;
using Xunit.Abstractions;

namespace Conformance.Offline.Tests.Campaign;

public sealed class RuleConfirmationTests(ITestOutputHelper output)
{
    private static string LiveCorpus => Path.Combine(RecordedAnswers.RepositoryRoot, "tests", "Recorded", "live");
    private static string AwsFixtures => Path.Combine(RecordedAnswers.RepositoryRoot, "tests", "Fixtures", "aws-recorded");

    [Fact]
    public void Count_AnAgreeingAnswer_ConfirmsExactlyTheRulesItsExplanationsUsed()
    {
        var request = CampaignCases.Generate(7).First();
        var answer = ModelSimulator.Simulate(request).Result!;
        var confirmations = RuleConfirmations.Count([(request, answer, "2026-11-30")]);

        Assert.Equal(RuleIds.All, confirmations.Select(c => c.RuleId));
        Assert.Equal(RuleConfirmations.RulesOf(request).Order(StringComparer.Ordinal),
            confirmations.Where(c => c.Confirmations > 0).Select(c => c.RuleId).Order(StringComparer.Ordinal));
        Assert.All(confirmations.Where(c => c.Confirmations > 0), c => Assert.Equal("2026-11-30", c.LastConfirmed));
    }

    [Fact]
    public void Count_ADisagreeingAnswer_ConfirmsNothing()
    {
        var request = CampaignCases.Generate(7).First();
        var answer = ModelSimulator.Simulate(request).Result!;
        var flipped = answer with
        {
            EvaluationResults = [.. answer.EvaluationResults.Select(r => r with
            {
                EvalDecision = EvalDecision.ExplicitDeny,
                ResourceSpecificResults = [.. r.ResourceSpecificResults.Select(s => s with
                {
                    EvalResourceDecision = s.EvalResourceDecision == EvalDecision.Allowed ? EvalDecision.ImplicitDeny : EvalDecision.Allowed,
                })],
            })],
        };
        Assert.All(RuleConfirmations.Count([(request, flipped, "2026-11-30")]), c => Assert.Equal(0, c.Confirmations));
    }

    [Fact]
    public void FromRecorded_TheAwsFixtures_ConfirmTheCommonRules()
    {
        var confirmations = RuleConfirmations.FromRecorded(LiveCorpus, AwsFixtures);
        foreach (var c in confirmations)
        {
            output.WriteLine($"{c.RuleId}: {c.Confirmations} (last {c.LastConfirmed ?? "never"})");
        }
        Assert.True(confirmations.Single(c => c.RuleId == RuleIds.ExplicitDeny).Confirmations > 0);
        Assert.True(confirmations.Single(c => c.RuleId == RuleIds.IdentityAllow).Confirmations > 0);
        Assert.NotEmpty(RuleConfirmations.LeastConfirmed(confirmations));
    }

    [Fact]
    public async Task Steered_ALoopbackCampaign_SpendsMoreQuestionsOnTheLeastConfirmedRules()
    {
        var confirmations = RuleConfirmations.FromRecorded(LiveCorpus, AwsFixtures);
        await using var iam = await LoopbackIam.StartAsync();
        var options = new CampaignOptions(Seed: 20261130, MaxCalls: 200, MaxWallTime: TimeSpan.FromMinutes(3),
            OracleDescription: "loopback", OracleKind: FixtureOracleKind.Peer, Confirmations: confirmations);
        var plain = await new ConformanceCampaign(iam.Oracle(), options).RunAsync(CampaignCases.Generate(20261130));
        var steered = await new ConformanceCampaign(iam.Oracle(), options)
            .RunAsync(CampaignCases.Steered(CampaignCases.Generate(20261130), confirmations));
        var markdown = CampaignMarkdown.Write(steered, "loopback", 20261130);
        output.WriteLine($"least-confirmed rules: {string.Join(", ", RuleConfirmations.LeastConfirmed(confirmations).Order(StringComparer.Ordinal))}");
        output.WriteLine($"unsteered: {plain.QuestionsOnLeastConfirmed} of {plain.Cases}; steered: {steered.QuestionsOnLeastConfirmed} of {steered.Cases}");
        output.WriteLine(markdown);

        Assert.Equal(200, steered.Calls);
        Assert.Empty(steered.Divergences);
        Assert.True(steered.QuestionsOnLeastConfirmed > plain.QuestionsOnLeastConfirmed,
            $"steered {steered.QuestionsOnLeastConfirmed}, unsteered {plain.QuestionsOnLeastConfirmed} of {steered.Cases}");
        Assert.Contains("| rule | confirmations | last confirmed |", markdown);
        Assert.Contains($"| `{RuleIds.ExplicitDeny}`", markdown);
        Assert.Contains("Questions on the least-confirmed rules", markdown);
    }
}
