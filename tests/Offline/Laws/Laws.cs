using System.Collections.Immutable;
using Conformance.Generators;
using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using Conformance.Model.SendCommand;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Offline.Tests.Laws;

/// <summary>One metamorphic law: its name states it, and it can be checked against any evaluator.</summary>
public sealed record Law(string Name, Func<ILawEvaluator, Property> Check)
{
    public override string ToString() => Name;
}

/// <summary>
/// Metamorphic laws of IAM policy evaluation and of Run Command authorization: each changes a question in a way that
/// must not change (or may only narrow) the answer, and compares the evaluator with itself. Sources:
/// evaluation logic https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
/// conditions https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html,
/// operators https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
/// multivalued keys https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html,
/// Run Command https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html.
/// </summary>
public static class Laws
{
    public static readonly ImmutableArray<Law> All =
    [
        new(nameof(ExplicitDeny_Overrides_AnyAllow), ExplicitDeny_Overrides_AnyAllow),
        new(nameof(Decision_Is_ExplicitDeny_Exactly_When_A_Deny_Statement_Applies), Decision_Is_ExplicitDeny_Exactly_When_A_Deny_Statement_Applies),
        new(nameof(Decision_Is_Independent_Of_StatementAndPolicyOrder), Decision_Is_Independent_Of_StatementAndPolicyOrder),
        new(nameof(SplittingAMultiActionStatement_PerAction_ChangesNothing), SplittingAMultiActionStatement_PerAction_ChangesNothing),
        new(nameof(Decision_Is_Independent_Of_ActionNameCase), Decision_Is_Independent_Of_ActionNameCase),
        new(nameof(Decision_Is_Independent_Of_ConditionKeyNameCase), Decision_Is_Independent_Of_ConditionKeyNameCase),
        new(nameof(PrintThenParse_Preserves_Decision), PrintThenParse_Preserves_Decision),
        new(nameof(AddingAnAllow_Never_RemovesAccess), AddingAnAllow_Never_RemovesAccess),
        new(nameof(AddingAPermissionsBoundary_Only_Narrows), AddingAPermissionsBoundary_Only_Narrows),
        new(nameof(AddingAnOrganizationLevel_Only_Narrows_And_AllowAll_ChangesNothing), AddingAnOrganizationLevel_Only_Narrows_And_AllowAll_ChangesNothing),
        new(nameof(IfExists_With_KeyPresent_Equals_PlainOperator), IfExists_With_KeyPresent_Equals_PlainOperator),
        new(nameof(ForAnyValue_Over_OneRequestValue_Equals_PlainOperator), ForAnyValue_Over_OneRequestValue_Equals_PlainOperator),
        new(nameof(ForAllValues_On_AbsentKey_Is_VacuouslyTrue), ForAllValues_On_AbsentKey_Is_VacuouslyTrue),
        new(nameof(StringLike_Pattern_Matches_Its_Own_Instances), StringLike_Pattern_Matches_Its_Own_Instances),
        new(nameof(SendCommand_Is_Allowed_Exactly_When_EveryCheck_Is), SendCommand_Is_Allowed_Exactly_When_EveryCheck_Is),
        new(nameof(AddingATargetNode_Never_Allows_A_DeniedCall), AddingATargetNode_Never_Allows_A_DeniedCall),
    ];

    private static ResourceDecision Decide(ILawEvaluator e, PolicyCase c) => e.Evaluate(c.Policies, c.Request);

    /// <summary>Same decision and, unless allowed, the same missing context keys.</summary>
    private static Property Same(ResourceDecision before, ResourceDecision after, bool compareMissing = true) =>
        (before.Decision == after.Decision && (!compareMissing || before.MissingContextValues.SequenceEqual(after.MissingContextValues)))
        .Label($"before: {Describe(before)}; after: {Describe(after)}");

    private static string Describe(ResourceDecision d) =>
        d.Decision.WireName() + (d.MissingContextValues.IsEmpty ? "" : $" missing [{string.Join(", ", d.MissingContextValues)}]");

    private const string DenyEverything = """{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}""";

    public static Property ExplicitDeny_Overrides_AnyAllow(ILawEvaluator e) =>
        Prop.ForAll(LawInputs.Cases, c =>
        {
            var after = Decide(e, c with { IdentityPolicies = c.IdentityPolicies.Add(DenyEverything) });
            return (after.Decision == EvalDecision.ExplicitDeny).Label($"after adding a Deny of everything: {Describe(after)}");
        });

    /// <summary>Whether a Deny statement applies is asked of the evaluator too: that statement alone must deny.</summary>
    public static Property Decision_Is_ExplicitDeny_Exactly_When_A_Deny_Statement_Applies(ILawEvaluator e) =>
        Prop.ForAll(LawInputs.Cases, c =>
        {
            var parsed = c.Policies;
            var policies = parsed.PermissionsBoundary is { } b ? parsed.IdentityPolicies.Add(b) : parsed.IdentityPolicies;
            var applying = policies.SelectMany(p => p.Statements).Where(s => s.Effect == Effect.Deny)
                .Where(s => e.Evaluate(new PolicySet([p(s)]), c.Request).Decision == EvalDecision.ExplicitDeny)
                .Count();
            var decision = Decide(e, c);
            return ((decision.Decision == EvalDecision.ExplicitDeny) == (applying > 0))
                .Label($"{applying} Deny statement(s) deny on their own; together: {Describe(decision)}");

            static PolicyDocument p(Statement s) => PolicyParser.Parse(PolicyGenerators.Print([s])).GetValueOrThrow("one statement");
        });

    public static Property Decision_Is_Independent_Of_StatementAndPolicyOrder(ILawEvaluator e) =>
        Prop.ForAll(LawInputs.Cases, c =>
        {
            var parsed = c.Policies;
            var reversed = c with
            {
                IdentityPolicies = [.. parsed.IdentityPolicies.Reverse().Select(p => PolicyGenerators.Print(p.Statements.Reverse()))],
                PermissionsBoundary = parsed.PermissionsBoundary is { } b ? PolicyGenerators.Print(b.Statements.Reverse()) : null,
            };
            return Same(Decide(e, c), Decide(e, reversed));
        });

    /// <summary><c>"Action": [a, b]</c> is the same as one statement for <c>a</c> and one for <c>b</c> (not so for NotAction).</summary>
    public static Property SplittingAMultiActionStatement_PerAction_ChangesNothing(ILawEvaluator e) =>
        Prop.ForAll(LawInputs.Cases, c =>
        {
            PolicyCase Split(PolicyCase value)
            {
                static IEnumerable<Statement> PerAction(Statement s) => s.Action.IsNot || s.Action.Patterns.Length < 2
                    ? [s]
                    : s.Action.Patterns.Select(a => s with { Action = new ActionBlock(false, [a]) });
                var parsed = value.Policies;
                return value with
                {
                    IdentityPolicies = [.. parsed.IdentityPolicies.Select(p => PolicyGenerators.Print(p.Statements.SelectMany(PerAction)))],
                    PermissionsBoundary = parsed.PermissionsBoundary is { } b ? PolicyGenerators.Print(b.Statements.SelectMany(PerAction)) : null,
                };
            }
            return Same(Decide(e, c), Decide(e, Split(c)));
        });

    public static Property Decision_Is_Independent_Of_ActionNameCase(ILawEvaluator e) =>
        Prop.ForAll(LawInputs.Cases, c =>
        {
            var before = Decide(e, c);
            return Same(before, Decide(e, c with { Request = c.Request with { Action = c.Request.Action.ToUpperInvariant() } }))
                .And(Same(before, Decide(e, c with { Request = c.Request with { Action = c.Request.Action.ToLowerInvariant() } })));
        });

    /// <summary>
    /// Condition key names, the tag-key part of <c>ssm:resourceTag/&lt;key&gt;</c> included, are case-insensitive on both
    /// sides: respelling them in the policies or in the request changes no decision (missing keys are then reported in
    /// the policy's spelling, so only decisions are compared).
    /// </summary>
    public static Property Decision_Is_Independent_Of_ConditionKeyNameCase(ILawEvaluator e) =>
        Prop.ForAll(LawInputs.Cases, c =>
        {
            var before = Decide(e, c);
            var upper = LawTransforms.MapConditions(c, k => k with { ContextKeyName = LawTransforms.Recase(k.ContextKeyName, upper: true) });
            var lower = LawTransforms.MapConditions(c, k => k with { ContextKeyName = LawTransforms.Recase(k.ContextKeyName, upper: false) });
            var alternate = c with
            {
                Request = c.Request with
                {
                    Context = new RequestContext(c.Request.Context.Values.Select(v => v with { Key = LawTransforms.Alternate(v.Key) })),
                },
            };
            return Same(before, Decide(e, upper), compareMissing: false).Label("policy keys upper-cased")
                .And(Same(before, Decide(e, lower), compareMissing: false).Label("policy keys lower-cased"))
                .And(Same(before, Decide(e, alternate), compareMissing: false).Label("request keys in alternating case"));
        });

    /// <summary>Printing a parsed policy (compact this time) and parsing it again keeps every decision.</summary>
    public static Property PrintThenParse_Preserves_Decision(ILawEvaluator e) =>
        Prop.ForAll(LawInputs.Cases, c =>
        {
            static string RoundTrip(string text, PolicyKind kind) =>
                PolicyPrinter.Print(PolicyParser.Parse(text, kind).GetValueOrThrow("generated policy"), indented: false);
            var printed = c with
            {
                IdentityPolicies = [.. c.IdentityPolicies.Select(t => RoundTrip(t, PolicyKind.Identity))],
                PermissionsBoundary = c.PermissionsBoundary is { } b ? RoundTrip(b, PolicyKind.PermissionsBoundary) : null,
            };
            var before = Decide(e, c);
            var after = Decide(e, printed);
            return Same(before, after).And(before.MatchedStatements.Length == after.MatchedStatements.Length);
        });

    public static Property AddingAnAllow_Never_RemovesAccess(ILawEvaluator e) =>
        Prop.ForAll(LawInputs.CasesWithPolicy, input =>
        {
            var allows = PolicyParser.Parse(input.Policy).GetValueOrThrow("generated policy").Statements.Select(s => s with { Effect = Effect.Allow });
            var c = input.Case;
            var before = Decide(e, c);
            var after = Decide(e, c with { IdentityPolicies = c.IdentityPolicies.Add(PolicyGenerators.Print(allows)) });
            return (before.Decision switch
            {
                EvalDecision.Allowed => after.Decision == EvalDecision.Allowed,
                EvalDecision.ExplicitDeny => after.Decision == EvalDecision.ExplicitDeny,
                _ => true,
            }).Label($"before: {Describe(before)}; after adding the Allow statements: {Describe(after)}");
        });

    /// <summary>A boundary grants nothing: with one, a denied request stays denied and an explicit deny stays explicit.</summary>
    public static Property AddingAPermissionsBoundary_Only_Narrows(ILawEvaluator e) =>
        Prop.ForAll(LawInputs.CasesWithPolicy, input =>
        {
            var c = input.Case with { PermissionsBoundary = null };
            var before = Decide(e, c);
            var after = Decide(e, c with { PermissionsBoundary = input.Policy });
            return (before.Decision switch
            {
                EvalDecision.ImplicitDeny => after.Decision != EvalDecision.Allowed,
                EvalDecision.ExplicitDeny => after.Decision == EvalDecision.ExplicitDeny,
                _ => true,
            }).Label($"without boundary: {Describe(before)}; with it: {Describe(after)}");
        });

    /// <summary>
    /// A level of service control policies can only take access away, and a level that allows everything changes
    /// nothing (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html;
    /// recorded: simulate-custom-policy-2.jsonl simulation.json:organizations_allow, organizations_implicit).
    /// </summary>
    public static Property AddingAnOrganizationLevel_Only_Narrows_And_AllowAll_ChangesNothing(ILawEvaluator e) =>
        Prop.ForAll(LawInputs.CasesWithPolicy, input =>
        {
            var c = input.Case;
            var before = Decide(e, c);
            PolicyDocument Scp(string text) => PolicyParser.Parse(text, PolicyKind.Identity).Value!;
            var allowAll = e.Evaluate(c.Policies with { OrganizationLevels = [[Scp(AllowEverything)]] }, c.Request);
            var after = e.Evaluate(c.Policies with { OrganizationLevels = [[Scp(AllowEverything)], [Scp(input.Policy)]] }, c.Request);
            var narrows = before.Decision switch
            {
                EvalDecision.ImplicitDeny => after.Decision != EvalDecision.Allowed,
                EvalDecision.ExplicitDeny => after.Decision == EvalDecision.ExplicitDeny,
                _ => true,
            };
            return Same(before, allowAll).And(narrows.Label($"without levels: {Describe(before)}; with a level: {Describe(after)}"));
        });

    private const string AllowEverything = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""";

    /// <summary>Adding or removing <c>IfExists</c> on every condition whose key the request carries changes nothing.</summary>
    public static Property IfExists_With_KeyPresent_Equals_PlainOperator(ILawEvaluator e) =>
        Prop.ForAll(LawInputs.Cases, c =>
        {
            var toggled = LawTransforms.MapConditions(c, k =>
                k.Operator.Base != BaseOperator.Null && LawTransforms.KeyHasValues(c.Request.Context, k.ContextKeyName)
                    ? k with { Operator = k.Operator with { IfExists = !k.Operator.IfExists } }
                    : k);
            return Same(Decide(e, c), Decide(e, toggled));
        });

    /// <summary>On a key with exactly one (single-valued) request value, <c>ForAnyValue:op</c> and <c>op</c> agree.</summary>
    public static Property ForAnyValue_Over_OneRequestValue_Equals_PlainOperator(ILawEvaluator e) =>
        Prop.ForAll(LawInputs.Cases, c =>
        {
            bool OneValue(string key) => c.Request.Context.TryGet(key, out var v) && v.Values.Length == 1 && !v.IsMultivalued;
            var toggled = LawTransforms.MapConditions(c, k =>
                k.Operator.Base != BaseOperator.Null && k.Operator.Qualifier != SetQualifier.ForAllValues && OneValue(k.ContextKeyName)
                    ? k with
                    {
                        Operator = k.Operator with
                        {
                            Qualifier = k.Operator.Qualifier == SetQualifier.None ? SetQualifier.ForAnyValue : SetQualifier.None,
                        },
                    }
                    : k);
            return Same(Decide(e, c), Decide(e, toggled));
        });

    /// <summary>
    /// <c>ForAllValues:</c> on a key the request lacks is vacuously true, so removing such a condition changes no decision
    /// (missing keys may differ: the removed condition named one).
    /// </summary>
    public static Property ForAllValues_On_AbsentKey_Is_VacuouslyTrue(ILawEvaluator e) =>
        Prop.ForAll(LawInputs.CasesWithForAllValuesOnAbsentKey, c =>
        {
            var removed = LawTransforms.MapStatements(c, s => s with
            {
                Conditions = [.. s.Conditions.Where(k =>
                    k.Operator.Qualifier != SetQualifier.ForAllValues || LawTransforms.KeyHasValues(c.Request.Context, k.ContextKeyName))],
            });
            return Same(Decide(e, c), Decide(e, removed), compareMissing: false);
        });

    /// <summary>Replace each <c>*</c> by any text and each <c>?</c> by one character: <c>StringLike</c> matches the result.</summary>
    public static Property StringLike_Pattern_Matches_Its_Own_Instances(ILawEvaluator e) =>
        Prop.ForAll(LawInputs.LikeInstances, like =>
        {
            var decision = Decide(e, like.ToCase());
            return (decision.Decision == EvalDecision.Allowed).Label($"StringLike \"{like.Pattern}\" on \"{like.Instance}\": {Describe(decision)}");
        });

    public static Property SendCommand_Is_Allowed_Exactly_When_EveryCheck_Is(ILawEvaluator e) =>
        Prop.ForAll(LawInputs.SendCommandCases, c =>
        {
            var checks = SendCommandAuthorizer.Expand(c.Request);
            var policies = c.Policies;
            var each = checks.Select(k => e.Evaluate(policies, k.Request).Decision).ToList();
            var call = e.Authorize(policies, c.Request);
            return (call.Allowed == each.All(d => d == EvalDecision.Allowed) && call.Checks.Length == checks.Length)
                .Label($"call {(call.Allowed ? "allowed" : "denied")}; checks: {string.Join(", ", each.Select(d => d.WireName()))}");
        });

    public static Property AddingATargetNode_Never_Allows_A_DeniedCall(ILawEvaluator e) =>
        Prop.ForAll(LawInputs.SendCommandCases, c =>
        {
            var policies = c.Policies;
            var before = e.Authorize(policies, c.Request);
            var after = e.Authorize(policies, c.WithExtraNode());
            return (before.Allowed || !after.Allowed)
                .Label($"before: {(before.Allowed ? "allowed" : before.Explain())}; with {c.ExtraNode}: {(after.Allowed ? "allowed" : after.Explain())}");
        });
}
