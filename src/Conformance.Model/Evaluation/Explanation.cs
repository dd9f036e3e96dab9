using System.Collections.Immutable;
using Conformance.Model.Conditions;
using Conformance.Model.Json;
using Conformance.Model.Policies;

namespace Conformance.Model.Evaluation;

/// <summary>How far a statement got towards applying to a request, in the order the evaluator checks.</summary>
public enum StatementOutcome
{
    /// <summary><c>Action</c>/<c>NotAction</c> does not cover the action.</summary>
    ActionNotMatched,
    /// <summary><c>Resource</c>/<c>NotResource</c> does not cover the resource.</summary>
    ResourceNotMatched,
    /// <summary>A resource policy's <c>Principal</c>/<c>NotPrincipal</c> does not cover <c>CallerArn</c>.</summary>
    PrincipalNotMatched,
    /// <summary>Action, resource and principal matched, but at least one condition is false.</summary>
    ConditionsFailed,
    /// <summary>Everything matched: the statement's effect takes part in the decision.</summary>
    Applied,
}

/// <summary>
/// Why the model decided one action on one resource: the decision itself (from <see cref="PolicyEvaluator.Evaluate"/>,
/// so an explanation never disagrees with the model) and what every statement of every policy did.
/// <see cref="RuleIds"/> names the steps taken, from the closed list of <see cref="Evaluation.RuleIds"/>: the deciding
/// rule first, then the condition rules of the statements that applied.
/// </summary>
public sealed record Explanation(
    AuthorizationRequest Request,
    ResourceDecision Decision,
    ImmutableArray<StatementExplanation> Statements,
    string Summary,
    ImmutableArray<string> RuleIds)
{
    /// <summary>The rule of <see cref="RuleIds.Decisions"/> that decided: always the first of <see cref="RuleIds"/>.</summary>
    public string DecidingRule => RuleIds[0];

    /// <summary>The statements IAM would list in <c>MatchedStatements</c>.</summary>
    public IEnumerable<StatementExplanation> DecidingStatements => Statements.Where(s => s.Decided);

    /// <summary>Statements whose action, resource and principal matched but whose conditions did not all hold.</summary>
    public IEnumerable<StatementExplanation> ConditionFailures => Statements.Where(s => s.Outcome == StatementOutcome.ConditionsFailed);

    /// <summary>Statements that applied but did not decide (an Allow overridden by a Deny, or not confirmed by the boundary).</summary>
    public IEnumerable<StatementExplanation> AppliedButNotDeciding => Statements.Where(s => s.Outcome == StatementOutcome.Applied && !s.Decided);
}

/// <summary>One statement of one policy, and how far it got.</summary>
/// <param name="StatementText">The statement's JSON exactly as submitted, from its opening to its closing brace.</param>
/// <param name="Decided">True when the statement is among the decision's <c>MatchedStatements</c>.</param>
/// <param name="Conditions">Every condition, evaluated, when action, resource and principal matched; otherwise empty.</param>
public sealed record StatementExplanation(
    PolicySource Source,
    int PolicyIndex,
    Statement Statement,
    string StatementText,
    StatementOutcome Outcome,
    bool Decided,
    ImmutableArray<ConditionExplanation> Conditions)
{
    public string SourcePolicyId => new MatchedStatement(Source, PolicyIndex, Statement).SourcePolicyId;
}

/// <summary>One condition (operator, key, values) against the request.</summary>
/// <param name="IsTrue">What <see cref="ConditionEvaluator.Evaluate"/> answered.</param>
/// <param name="RequestValue">The key's value in the request context; null when the key is absent.</param>
/// <param name="MissingContextValues">Keys this condition read that the caller did not supply.</param>
/// <param name="ValueResults">With <c>ForAllValues:</c>/<c>ForAnyValue:</c>, whether each request value satisfies the
/// operator on its own; otherwise empty.</param>
/// <param name="Reason">One sentence for people: why the condition is true or false.</param>
public sealed record ConditionExplanation(
    Condition Condition,
    bool IsTrue,
    ImmutableArray<PolicyValueExplanation> PolicyValues,
    ContextValue? RequestValue,
    ImmutableArray<string> MissingContextValues,
    ImmutableArray<RequestValueResult> ValueResults,
    string Reason);

/// <summary>A condition value as written and after policy-variable substitution.</summary>
/// <param name="Resolved">False when a policy variable had no value and no default: the value then matches nothing.</param>
public sealed record PolicyValueExplanation(string Written, string? Substituted, bool Resolved);

/// <summary>One request value of a multivalued key, and whether it satisfies the operator without its set qualifier.</summary>
public sealed record RequestValueResult(string Value, bool Satisfies);

/// <summary>
/// Explains a decision using only the public pieces of the evaluator (<see cref="PolicyEvaluator.ActionMatches"/>,
/// <see cref="PolicyEvaluator.ResourceMatches"/>, <see cref="PrincipalMatcher.Matches"/>,
/// <see cref="ConditionEvaluator.Evaluate"/>), and takes the decision itself from <see cref="PolicyEvaluator.Evaluate"/>.
/// </summary>
public static class Explainer
{
    public static Explanation Explain(PolicySet policies, AuthorizationRequest request) =>
        Explain(policies, request, PolicyEvaluator.Evaluate(policies, request));

    /// <summary>
    /// Explains a decision made before the policies were read: the simulator decides a resource that is not one of
    /// the action's resource types without matching any statement (ModelSimulator); the statements are still shown.
    /// </summary>
    public static Explanation ExplainNotOfActionResourceType(PolicySet policies, AuthorizationRequest request, ResourceDecision decision)
    {
        var explained = Explain(policies, request, decision);
        return explained with
        {
            Summary = $"{request.Action} on {request.Resource} is implicitly denied: the resource is not one of the action's " +
                      "resource types in the Service Authorization Reference, so no statement applies to it",
            RuleIds = [Evaluation.RuleIds.NotOfActionResourceType],
        };
    }

    private static Explanation Explain(PolicySet policies, AuthorizationRequest request, ResourceDecision decision)
    {
        var statements = ImmutableArray.CreateBuilder<StatementExplanation>();
        for (var p = 0; p < policies.IdentityPolicies.Length; p++)
        {
            AddPolicy(statements, PolicySource.Identity, p, policies.IdentityPolicies[p], request, decision);
        }
        if (policies.PermissionsBoundary is { } boundary)
        {
            AddPolicy(statements, PolicySource.PermissionsBoundary, 0, boundary, request, decision);
        }
        if (policies.ResourcePolicy is { } resource)
        {
            AddPolicy(statements, PolicySource.Resource, 0, resource, request, decision);
        }
        for (var level = 0; level < policies.OrganizationLevels.Length; level++)
        {
            foreach (var scp in policies.OrganizationLevels[level])
            {
                AddPolicy(statements, PolicySource.ServiceControl, level, scp, request, decision);
            }
        }
        var explained = statements.ToImmutable();
        return new Explanation(request, decision, explained, Summarize(request, decision, explained),
            Evaluation.RuleIds.Of(Evaluation.RuleIds.Deciding(request, decision, explained), explained));
    }

    private static void AddPolicy(ImmutableArray<StatementExplanation>.Builder into, PolicySource source, int index,
        PolicyDocument policy, AuthorizationRequest request, ResourceDecision decision)
    {
        var root = PositionedJsonReader.Read(policy.SourceText).Value;
        foreach (var statement in policy.Statements)
        {
            var (outcome, conditions) = Examine(statement, request);
            // Invariant: the explanation reaches the same verdict as the evaluator for every statement.
            if ((outcome == StatementOutcome.Applied) != PolicyEvaluator.StatementApplies(statement, request))
            {
                throw new InvalidOperationException(
                    $"explanation disagrees with PolicyEvaluator.StatementApplies on {statement.JsonPath} of {source} policy {index + 1}");
            }
            var decided = decision.MatchedStatements.Any(m =>
                m.Source == source && m.PolicyIndex == index && m.Statement.Index == statement.Index);
            into.Add(new StatementExplanation(source, index, statement, StatementText(policy.SourceText, root, statement),
                outcome, decided, conditions));
        }
    }

    private static (StatementOutcome, ImmutableArray<ConditionExplanation>) Examine(Statement statement, AuthorizationRequest request)
    {
        if (!PolicyEvaluator.ActionMatches(statement.Action, request.Action))
        {
            return (StatementOutcome.ActionNotMatched, []);
        }
        if (!PolicyEvaluator.ResourceMatches(statement.Resource, request.Resource, request.Context))
        {
            return (StatementOutcome.ResourceNotMatched, []);
        }
        if (statement.Principal is { } principal && !PrincipalMatcher.Matches(principal, request.CallerArn))
        {
            return (StatementOutcome.PrincipalNotMatched, []);
        }
        var conditions = statement.Conditions.Select(c => ExplainCondition(c, request.Context)).ToImmutableArray();
        return (conditions.All(c => c.IsTrue) ? StatementOutcome.Applied : StatementOutcome.ConditionsFailed, conditions);
    }

    /// <summary>Explains one condition against a context; the verdict is <see cref="ConditionEvaluator.Evaluate"/>'s.</summary>
    public static ConditionExplanation ExplainCondition(Condition condition, RequestContext context)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var isTrue = ConditionEvaluator.Evaluate(condition, context, missing);
        ContextValue? value = context.TryGet(condition.ContextKeyName, out var v) ? v : null;
        var policyValues = condition.Values.Select(t =>
        {
            var resolved = t.TryResolve(context.Lookup, out var text, out _);
            return new PolicyValueExplanation(t.Text, t.IsPlainText ? null : resolved ? text : null, resolved);
        }).ToImmutableArray();

        var op = condition.Operator;
        var valueResults = ImmutableArray<RequestValueResult>.Empty;
        if (op.Qualifier != SetQualifier.None && value is { Values.IsEmpty: false })
        {
            // Each request value on its own, under the same operator without its qualifier and IfExists.
            var single = condition with { Operator = op with { Qualifier = SetQualifier.None, IfExists = false } };
            valueResults = value.Values.Select(item => new RequestValueResult(item, ConditionEvaluator.Evaluate(single,
                context.With([new ContextValue(value.Key, ScalarOf(value.Type), [item], value.SuppliedByCaller)])))).ToImmutableArray();
        }
        var reason = Reason(condition, isTrue, value, valueResults, context);
        return new ConditionExplanation(condition, isTrue, policyValues, value, [.. missing], valueResults, reason);
    }

    private static string Reason(Condition condition, bool isTrue, ContextValue? value, ImmutableArray<RequestValueResult> valueResults, RequestContext context)
    {
        var op = condition.Operator;
        var verdict = isTrue ? "true" : "false";
        if (op.Base == BaseOperator.Null)
        {
            return $"Null tests presence only: the key is {(value is null ? "absent" : "present")}, so the condition is {verdict}";
        }
        if (value is null || value.Values.IsEmpty)
        {
            var state = value is null ? "the key is absent" : "the key is present with no values";
            if (op.IfExists)
            {
                return $"{state}, and IfExists accepts a missing key: {verdict}";
            }
            return op.Qualifier switch
            {
                SetQualifier.ForAllValues => $"{state}: ForAllValues holds for an empty set of values, so it is {verdict}",
                SetQualifier.ForAnyValue => $"{state}: ForAnyValue needs at least one value that matches, so it is {verdict}",
                _ when op.IsNegated => $"{state}: a negated operator such as {op.Base} is true when the key is absent",
                _ => $"{state}: {op.Base} is false when the key is absent (add IfExists to accept a missing key)",
            };
        }
        var ifExists = op.IfExists ? $" (the key is present, so {op.Name} compares like {op with { IfExists = false }})" : "";
        switch (op.Qualifier)
        {
            case SetQualifier.ForAllValues:
                var failing = valueResults.Where(r => !r.Satisfies).Select(r => Quote(r.Value)).ToList();
                return failing.Count == 0
                    ? $"ForAllValues: every request value satisfies {op.Base}{ifExists}: true"
                    : $"ForAllValues: every request value must satisfy {op.Base}, but {string.Join(", ", failing)} does not{ifExists}: false";
            case SetQualifier.ForAnyValue:
                var passing = valueResults.Where(r => r.Satisfies).Select(r => Quote(r.Value)).ToList();
                return passing.Count > 0
                    ? $"ForAnyValue: request value {string.Join(", ", passing)} satisfies {op.Base}{ifExists}: true"
                    : $"ForAnyValue: no request value satisfies {op.Base}{ifExists}: false";
        }
        if (value.IsMultivalued)
        {
            return $"the key is multivalued ({value.Type.WireName()}) but {op.Name} has no ForAllValues:/ForAnyValue: qualifier; " +
                   $"a list never matches a plain operator, so the condition is {verdict}";
        }
        // One request value against each policy value on its own: which of them match.
        var matching = new List<string>();
        foreach (var template in condition.Values)
        {
            var one = condition with { Operator = op with { IfExists = false }, Values = [template] };
            // A negated operator "matches" a policy value when the plain comparison holds, i.e. the negation is false.
            if (ConditionEvaluator.Evaluate(one, context) != op.IsNegated)
            {
                matching.Add(Quote(template.Text));
            }
        }
        var request = Quote(value.Values[0]);
        if (op.IsNegated)
        {
            return matching.Count == 0
                ? $"the request value {request} equals/matches none of the policy values, as {op.Base} requires{ifExists}: true"
                : $"the request value {request} matches the policy value {string.Join(", ", matching)}, which {op.Base} forbids{ifExists}: false";
        }
        return matching.Count > 0
            ? $"the request value {request} matches the policy value {string.Join(", ", matching)}{ifExists}: true"
            : $"the request value {request} matches none of the policy values under {op.Base}{ifExists}: false";
    }

    private static string Quote(string text) => $"\"{text}\"";

    private static ContextKeyType ScalarOf(ContextKeyType type) => type switch
    {
        ContextKeyType.StringList => ContextKeyType.String,
        ContextKeyType.NumericList => ContextKeyType.Numeric,
        ContextKeyType.BooleanList => ContextKeyType.Boolean,
        ContextKeyType.IpList => ContextKeyType.Ip,
        ContextKeyType.BinaryList => ContextKeyType.Binary,
        ContextKeyType.DateList => ContextKeyType.Date,
        _ => type,
    };

    private static string Summarize(AuthorizationRequest request, ResourceDecision decision,
        ImmutableArray<StatementExplanation> statements)
    {
        bool Allows(PolicySource source) =>
            statements.Any(s => s.Source == source && s.Outcome == StatementOutcome.Applied && s.Statement.Effect == Effect.Allow);

        var subject = $"{request.Action} on {request.Resource}";
        switch (decision.Decision)
        {
            case EvalDecision.ExplicitDeny:
                return $"{subject} is explicitly denied: a Deny statement applies, and an explicit deny overrides every Allow";
            case EvalDecision.ImplicitDeny when decision.AllowedByOrganizations == false:
                return $"{subject} is implicitly denied: a level of the organization's service control policies does not allow it";
            case EvalDecision.Allowed:
                var by = decision.MatchedStatements.Select(m => m.Source).Distinct().Select(Describe);
                var boundary = decision.AllowedByPermissionsBoundary == true ? ", and the permissions boundary allows it too" : "";
                return $"{subject} is allowed by {string.Join(" and ", by)}{boundary}";
        }
        if (decision.AllowedByPermissionsBoundary == false && (Allows(PolicySource.Identity) || Allows(PolicySource.Resource)))
        {
            return $"{subject} is implicitly denied: a policy allows it, but the permissions boundary does not";
        }
        return $"{subject} is implicitly denied: no Allow statement applies";
    }

    private static string Describe(PolicySource source) => source switch
    {
        PolicySource.Identity => "an identity-based policy",
        PolicySource.PermissionsBoundary => "the permissions boundary",
        PolicySource.Resource => "the resource policy",
        PolicySource.ServiceControl => "a service control policy",
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    /// <summary>The statement's JSON text between its own braces; positions come from re-reading the policy text.</summary>
    private static string StatementText(string source, JsonValueNode? root, Statement statement)
    {
        if (Find(root, statement.JsonPath) is not { } node)
        {
            return "";
        }
        var start = Offset(source, node.Start);
        var end = Offset(source, node.End);
        return start >= 0 && end >= start ? source[start..(end + 1)] : "";
    }

    private static JsonValueNode? Find(JsonValueNode? node, string path) => PositionedJsonReader.Find(node, path);

    /// <summary>The character offset of a 1-based line and column; lines end at '\n' as in the positioned reader.</summary>
    private static int Offset(string text, TextPosition position)
    {
        var index = 0;
        for (var line = 1; line < position.Line; line++)
        {
            index = text.IndexOf('\n', index);
            if (index < 0)
            {
                return -1;
            }
            index++;
        }
        var offset = index + position.Column - 1;
        return offset < text.Length ? offset : -1;
    }
}
