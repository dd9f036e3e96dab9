using System.Collections.Immutable;
using Conformance.Generators;
using Conformance.Model.Evaluation;
using Conformance.Model.Fixtures;
using Conformance.Model.Simulation;
using FsCheck.Fluent;

namespace Conformance.Campaign;

/// <summary>
/// Generated SimulateCustomPolicy questions for a campaign. One call asks about many actions × resources under one
/// policy set and one context, so each call to a rate-limited oracle buys many decisions.
/// </summary>
public static class CampaignCases
{
    /// <summary>The resources every campaign question names: the Run Command resources plus more nodes.</summary>
    public static readonly ImmutableArray<string> Resources =
    [
        .. Vocabulary.Resources,
        $"arn:aws:ec2:us-east-1:{Vocabulary.Account}:instance/i-0aaaaaaaaaaaaaaa1",
        $"arn:aws:ec2:eu-west-1:{Vocabulary.OtherAccount}:instance/i-0bbbbbbbbbbbbbbb2",
        "arn:aws:ssm:us-west-1::document/AWS-RunPowerShellScript",
    ];

    /// <summary>An endless, deterministic stream of questions for <paramref name="seed"/>.</summary>
    public static IEnumerable<SimulationRequest> Generate(ulong seed, GeneratorSettings? settings = null, int batch = 64)
    {
        var gen = PolicyGenerators.CaseGen(settings ?? GeneratorSettings.Default);
        for (ulong round = 0; ; round++)
        {
            foreach (var policyCase in gen.Sample(batch, new FsCheck.Rnd(seed, round * 2 + 1), 50))
            {
                yield return ToRequest(policyCase);
            }
        }
    }

    /// <summary>
    /// Questions steered toward the rules AWS has confirmed least: for each slot, <paramref name="candidates"/> questions
    /// are drawn in turn from <paramref name="questions"/> and the one kept is the one whose least-confirmed rule (by
    /// the model's explanations, <see cref="RuleConfirmations.RulesOf"/>) has the fewest confirmations; ties keep the
    /// earliest drawn, so a seed still gives one stream. With one candidate nothing is steered.
    /// </summary>
    public static IEnumerable<SimulationRequest> Steered(IEnumerable<SimulationRequest> questions,
        ImmutableArray<RuleConfirmation> confirmations, int candidates = 4)
    {
        var counts = confirmations.ToDictionary(c => c.RuleId, c => c.Confirmations, StringComparer.Ordinal);
        int Score(SimulationRequest question) =>
            RuleConfirmations.RulesOf(question).Select(id => counts.GetValueOrDefault(id)).DefaultIfEmpty(int.MaxValue).Min();
        return questions.Chunk(Math.Max(1, candidates)).Select(slot => slot.MinBy(Score)!);
    }

    public static SimulationRequest ToRequest(PolicyCase policyCase) => new(
        PolicyInputList: policyCase.IdentityPolicies,
        ActionNames: Vocabulary.Actions,
        PermissionsBoundaryPolicyInputList: policyCase.PermissionsBoundary is { } b ? [b] : [],
        ResourceArns: Resources,
        // Sorted by key: the context's own order depends on string hashing, which differs between processes, and
        // fixture names hash the request text.
        ContextEntries: [.. policyCase.Request.Context.Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => new ContextEntry(v.Key, v.Values, v.Type))]);

    /// <summary>
    /// The same questions composed with the policies <see cref="Generate"/> never writes, so that every deciding rule
    /// of <see cref="RuleIds.Decisions"/> is reached: in turn, a same-account resource policy granting an IAM user; the
    /// same with a boundary that allows nothing asked; a caller from another account (a resource policy, so the
    /// resources of <see cref="Vocabulary.Account"/> are cross-account); an organization level that allows only
    /// <c>s3:*</c>.
    /// </summary>
    public static IEnumerable<SimulationRequest> Compositions(IEnumerable<SimulationRequest> questions) =>
        questions.Select((question, i) => (i % 4) switch
        {
            0 => question with { CallerArn = Vocabulary.PrincipalArn("alice"), ResourcePolicy = GrantTo(Vocabulary.PrincipalArn("alice")) },
            1 => question with
            {
                CallerArn = Vocabulary.PrincipalArn("alice"),
                ResourcePolicy = GrantTo(Vocabulary.PrincipalArn("alice")),
                PermissionsBoundaryPolicyInputList = [AllowOnly("s3:GetObject")],
            },
            2 => question with
            {
                CallerArn = $"arn:aws:iam::{Vocabulary.OtherAccount}:user/bob",
                ResourcePolicy = GrantTo($"arn:aws:iam::{Vocabulary.OtherAccount}:user/bob"),
            },
            _ => question with { OrderedOrganizationPolicyInputList = [new OrganizationPolicyLevel([AllowOnly("s3:*")])] },
        });

    private static string GrantTo(string principal) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{principal}}"},"Action":"*","Resource":"*"}]}""";

    private static string AllowOnly(string action) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"{{action}}","Resource":"*"}]}""";
}
