using Conformance.Generators;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using FsCheck;
using FsCheck.Fluent;
using Conformance.Offline.Tests.Support;
using FsCheck.Xunit;

namespace Conformance.Offline.Tests.Evaluation;

/// <summary>Registers generators for domain types only (never for string or int).</summary>
public static class CaseArbitraries
{
    public static Arbitrary<PolicyCase> PolicyCase() => PolicyGenerators.Cases();
}

/// <summary>
/// First laws of policy evaluation, checked on generated cases near the allow/deny boundary
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
/// </summary>
[Properties(Arbitrary = [typeof(CaseArbitraries)])]
public sealed class EvaluationLawsTests
{
    private static EvalDecision Decide(PolicyCase c) => PolicyEvaluator.Evaluate(c.Policies, c.Request).Decision;

    private static string DenyEverythingFor(string action) =>
        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"" + action + "\",\"Resource\":\"*\"}}";

    [ConformanceProperty]
    public bool ExplicitDeny_Overrides_AnyAllow(PolicyCase c)
    {
        var withDeny = c with { IdentityPolicies = c.IdentityPolicies.Add(DenyEverythingFor(c.Request.Action)) };
        return Decide(withDeny) == EvalDecision.ExplicitDeny;
    }

    [ConformanceProperty]
    public bool Decision_Is_ExplicitDeny_Exactly_When_A_Deny_Statement_Applies(PolicyCase c)
    {
        var policies = c.Policies.PermissionsBoundary is { } b ? c.Policies.IdentityPolicies.Add(b) : c.Policies.IdentityPolicies;
        var anyDenyApplies = policies.SelectMany(p => p.Statements)
            .Any(s => s.Effect == Effect.Deny && PolicyEvaluator.StatementApplies(s, c.Request));
        return (Decide(c) == EvalDecision.ExplicitDeny) == anyDenyApplies;
    }

    [ConformanceProperty]
    public bool Decision_Is_Independent_Of_StatementAndPolicyOrder(PolicyCase c)
    {
        var reordered = c with
        {
            IdentityPolicies = [.. c.Policies.IdentityPolicies.Reverse().Select(p => PolicyGenerators.Print(p.Statements.Reverse()))],
        };
        var before = PolicyEvaluator.Evaluate(c.Policies, c.Request);
        var after = PolicyEvaluator.Evaluate(reordered.Policies, reordered.Request);
        return before.Decision == after.Decision && before.MissingContextValues.SequenceEqual(after.MissingContextValues);
    }

    [ConformanceProperty]
    public bool Decision_Is_Independent_Of_ActionNameCase(PolicyCase c, bool upper)
    {
        var action = upper ? c.Request.Action.ToUpperInvariant() : c.Request.Action.ToLowerInvariant();
        var recased = c with { Request = c.Request with { Action = action } };
        return Decide(recased) == Decide(c);
    }

    [ConformanceProperty]
    public bool AddingAnAllow_Never_RemovesAccess(PolicyCase c, PolicyCase donor)
    {
        // The added policy: the donor's statements, all turned into Allow.
        var allows = donor.Policies.IdentityPolicies[0].Statements.Select(s => s with { Effect = Effect.Allow });
        var before = Decide(c);
        var after = Decide(c with { IdentityPolicies = c.IdentityPolicies.Add(PolicyGenerators.Print(allows)) });
        return before switch
        {
            EvalDecision.Allowed => after == EvalDecision.Allowed,
            EvalDecision.ExplicitDeny => after == EvalDecision.ExplicitDeny,
            _ => true,
        };
    }
}
