using System.Collections.Immutable;
using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;
using Conformance.Model.Fixtures;
using Conformance.Model.Policies;
using Conformance.Model.Services;
using Conformance.Model.Simulation;

namespace Conformance.Campaign;

/// <summary>
/// What a divergence's minimal question still needs, and which rule of the model decided it: divergences with one
/// signature are taken to share one root cause. Computed from the shrunk question (its signature) or, cheaply, from
/// the question as generated (its pre-signature, which only decides whether a divergence is worth shrinking).
/// Two signatures are equal when their <see cref="Text"/> is.
/// </summary>
/// <param name="Difference">What differs on the first differing action and resource: <c>decision</c>,
/// <c>MissingContextValues</c>, <c>MatchedStatements</c> or <c>error</c> (one side rejected the question).</param>
/// <param name="ResourceType">The resource's type for the action in the Service Authorization Reference
/// (<see cref="ServiceReference.MatchResource"/>): <c>ssm:document</c>, <c>*</c> when the question names no resource,
/// <c>not-of-action</c>, <c>unknown-action</c>, <c>no-resource-types</c>.</param>
/// <param name="Conditions">Each condition the policies still hold, as set qualifier, operator family and IfExists on a
/// kind of condition key (<c>ForAnyValue:StringIfExists on ResourceTag</c>), sorted, once each.</param>
/// <param name="Features">Sorted: <c>policy-variables</c>, <c>NotAction</c>, <c>NotResource</c>,
/// <c>empty-account-arn</c>, <c>boundary</c>, <c>resource-policy</c>, <c>organizations</c>.</param>
/// <param name="Decided">The model's rule for that action and resource (from its explanation): the deciding statement's
/// effect and policy kind, the resource-type rule, a boundary or organization level that does not allow, or no statement
/// applying, with the operator family of each condition that was false.</param>
public sealed record RootCauseSignature(
    string Difference,
    string ResourceType,
    ImmutableArray<string> Conditions,
    ImmutableArray<string> Features,
    string Decided)
{
    /// <summary>The stable text form: five fields separated by <c> | </c>, lists by <c>, </c>, <c>-</c> for none.</summary>
    public string Text => string.Join(" | ", Difference, ResourceType, List(Conditions), List(Features), Decided);

    public override string ToString() => Text;

    public bool Equals(RootCauseSignature? other) => other is not null && Text == other.Text;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <summary>The signature in one sentence for people.</summary>
    public string InWords() =>
        $"the answers differ in {(Difference == "decision" ? "the decision" : Difference)} for a resource of type {ResourceType}; " +
        $"the minimal question needs {(Conditions.IsEmpty ? "no condition" : string.Join(" and ", Conditions))}" +
        $"{(Features.IsEmpty ? "" : $" and {string.Join(", ", Features)}")}; the model decided by: {Decided}";

    /// <summary>What any question showing this root cause must contain: the kinds of condition key its conditions
    /// read (operators are not compared: shrinking may have simplified them) and its features.</summary>
    public ImmutableHashSet<string> Needs =>
        [.. Conditions.Select(c => "key:" + c[(c.LastIndexOf(" on ", StringComparison.Ordinal) + 4)..]), .. Features];

    private static string List(ImmutableArray<string> items) => items.IsEmpty ? "-" : string.Join(", ", items);
}

/// <summary>Computes <see cref="RootCauseSignature"/>s from a question and both answers; no oracle is asked.</summary>
public static class RootCauses
{
    /// <summary>The first action and resource whose rows differ in a compared aspect, and which aspect; null when the
    /// answers differ only in an error (or not at all).</summary>
    public static (string Action, string Resource, string Difference)? Focus(SimulationOutcome oracleAnswer, SimulationOutcome modelAnswer,
        FixtureAspects compare)
    {
        if (oracleAnswer.Result is null || modelAnswer.Result is null)
        {
            return null;
        }
        var model = FixtureComparer.PerResource(modelAnswer.Result).ToDictionary(r => (r.Action, r.Resource));
        (string, string, string)? first = null;
        foreach (var row in FixtureComparer.PerResource(oracleAnswer.Result))
        {
            if (!model.TryGetValue((row.Action, row.Resource), out var other) || other.Decision != row.Decision)
            {
                return (row.Action, row.Resource, "decision");
            }
            first ??= compare.HasFlag(FixtureAspects.MissingContextValues) && !SameSet(row.Missing, other.Missing)
                ? (row.Action, row.Resource, "MissingContextValues")
                : compare.HasFlag(FixtureAspects.MatchedStatements) && !SameSet(row.Matched.Select(m => m.ToString()), other.Matched.Select(m => m.ToString()))
                    ? (row.Action, row.Resource, "MatchedStatements")
                    : null;
        }
        return first;
    }

    /// <summary>The signature of a (shrunk) divergence: every condition and feature of the question counts.</summary>
    public static RootCauseSignature Of(SimulationRequest request, SimulationOutcome oracleAnswer, SimulationOutcome modelAnswer, FixtureAspects compare) =>
        Compute(request, oracleAnswer, modelAnswer, compare, onlyDeciding: false);

    /// <summary>
    /// The cheap pre-signature of an unshrunk divergence: as <see cref="Of"/>, but only the conditions and features of
    /// the statements that matched the first differing action and resource, and of their conditions only those on a key
    /// without which the model would answer otherwise or that one side lists as missing and the other not, so that the noise of a generated question (statements for other
    /// actions, conditions that do not matter) does not hide a root cause already seen.
    /// </summary>
    public static RootCauseSignature PreSignature(SimulationRequest request, SimulationOutcome oracleAnswer, SimulationOutcome modelAnswer, FixtureAspects compare) =>
        Compute(request, oracleAnswer, modelAnswer, compare, onlyDeciding: true);

    private static RootCauseSignature Compute(SimulationRequest request, SimulationOutcome oracleAnswer, SimulationOutcome modelAnswer,
        FixtureAspects compare, bool onlyDeciding)
    {
        var focus = Focus(oracleAnswer, modelAnswer, compare);
        var compiled = ModelSimulator.Compile(request);
        if (focus is not { } f || compiled.Value is not { } value)
        {
            var errorSide = oracleAnswer.Error is not null ? "the oracle rejected the question" : modelAnswer.Error is not null
                ? $"the model rejected the question ({modelAnswer.Error.Code})" : "the answers differ in form";
            return new RootCauseSignature("error", "-", [], Features(request, compiled.Value?.Policies, resource: null), errorSide);
        }
        var explanation = SimulationExplainer.Explain(request).Explanations
            .FirstOrDefault(e => e.Request.Action == f.Action && e.Request.Resource == f.Resource);
        var statements = explanation is null ? [] : onlyDeciding
            ? explanation.Statements.Where(s => s.Outcome is StatementOutcome.Applied or StatementOutcome.ConditionsFailed).Select(s => s.Statement).ToList()
            : AllStatements(value.Policies).ToList();
        var decisive = onlyDeciding ? DecisiveKeys(request, f.Action, f.Resource) : null;
        var missing = onlyDeciding ? MissingDisagreement(oracleAnswer, modelAnswer, f.Action, f.Resource).ToList() : [];
        decisive?.UnionWith(missing);
        var shapes = statements.SelectMany(s => s.Conditions).Where(c => decisive is null || decisive.Contains(c.ContextKeyName)).Select(Shape).ToList();
        // A key the two sides disagree is missing, read where no matching statement shows it (a variable in a Resource).
        shapes.AddRange(missing.Select(k => Generators.CaseClassifier.KindOf(k)).Where(kind => !shapes.Any(s => s.EndsWith($" on {kind}", StringComparison.Ordinal)))
            .Select(kind => $"MissingContextValues on {kind}"));
        var conditions = shapes.Distinct().Order(StringComparer.Ordinal).ToImmutableArray();
        var features = Features(request, onlyDeciding ? null : value.Policies, f.Resource);
        if (onlyDeciding)
        {
            features = [.. features.Concat(StatementFeatures(statements)).Distinct().Order(StringComparer.Ordinal)];
        }
        return new RootCauseSignature(f.Difference, ResourceTypeOf(f.Action, f.Resource), conditions, features, Decided(explanation, request, f.Action, f.Resource));
    }

    /// <summary>The context keys without which the model would answer the action and resource otherwise (the model alone
    /// is asked, once per context entry).</summary>
    private static HashSet<string> DecisiveKeys(SimulationRequest request, string action, string resource)
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var focused = request with { ActionNames = [action], ResourceArns = resource == "*" ? [] : [resource] };
        var before = Row(ModelSimulator.Simulate(focused));
        for (var i = 0; i < request.ContextEntries.Length; i++)
        {
            if (Row(ModelSimulator.Simulate(focused with { ContextEntries = focused.ContextEntries.RemoveAt(i) })) != before)
            {
                keys.Add(request.ContextEntries[i].ContextKeyName);
            }
        }
        return keys;

        string Row(SimulationOutcome outcome) => outcome.Result is { } result
            ? string.Join(";", FixtureComparer.PerResource(result).Select(r => $"{r.Decision} {string.Join(",", r.Missing)} {string.Join(",", r.Matched)}"))
            : $"error {outcome.Error?.Code}";
    }

    /// <summary>The keys one side lists in MissingContextValues for the action and resource and the other does not.</summary>
    private static IEnumerable<string> MissingDisagreement(SimulationOutcome oracleAnswer, SimulationOutcome modelAnswer, string action, string resource)
    {
        ImmutableArray<string> Missing(SimulationOutcome outcome) => outcome.Result is { } result
            ? FixtureComparer.PerResource(result).FirstOrDefault(r => r.Action == action && r.Resource == resource)?.Missing ?? []
            : [];
        var oracle = Missing(oracleAnswer);
        var model = Missing(modelAnswer);
        return oracle.Except(model, StringComparer.OrdinalIgnoreCase).Concat(model.Except(oracle, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>"ForAnyValue:StringIfExists on ResourceTag": qualifier, family, IfExists, key kind.</summary>
    public static string Shape(Condition condition)
    {
        var op = condition.Operator;
        var qualifier = op.Qualifier == SetQualifier.None ? "" : op.Qualifier + ":";
        return $"{qualifier}{op.Family}{(op.IfExists ? "IfExists" : "")} on {Generators.CaseClassifier.KindOf(condition.ContextKeyName)}";
    }

    private static string ResourceTypeOf(string action, string resource) =>
        resource == "*" ? "*" : ServiceReference.Default.MatchResource(action, resource) switch
        {
            ResourceTypeMatch.Matches m => $"{m.ResourceType.Service}:{m.ResourceType.Name}",
            ResourceTypeMatch.NotAResourceType => "not-of-action",
            ResourceTypeMatch.NoResourceTypes => "no-resource-types",
            ResourceTypeMatch.UnknownAction => "unknown-action",
            _ => throw new InvalidOperationException("a fifth kind of resource-type match"),
        };

    private static IEnumerable<Statement> AllStatements(PolicySet policies) =>
        policies.IdentityPolicies
            .Concat(policies.PermissionsBoundary is { } b ? [b] : [])
            .Concat(policies.ResourcePolicy is { } r ? [r] : [])
            .Concat(policies.OrganizationLevels.SelectMany(l => l))
            .SelectMany(p => p.Statements);

    private static ImmutableArray<string> Features(SimulationRequest request, PolicySet? policies, string? resource)
    {
        var features = new SortedSet<string>(StringComparer.Ordinal);
        if (policies is not null)
        {
            features.UnionWith(StatementFeatures(AllStatements(policies)));
        }
        if (resource is not null && resource != "*" && resource.Split(':') is { Length: >= 6 } parts && parts[4].Length == 0)
        {
            features.Add("empty-account-arn");
        }
        if (!request.PermissionsBoundaryPolicyInputList.IsEmpty)
        {
            features.Add("boundary");
        }
        if (request.ResourcePolicy is not null)
        {
            features.Add("resource-policy");
        }
        if (!request.OrderedOrganizationPolicyInputList.IsDefaultOrEmpty)
        {
            features.Add("organizations");
        }
        return [.. features];
    }

    private static IEnumerable<string> StatementFeatures(IEnumerable<Statement> statements)
    {
        foreach (var statement in statements)
        {
            if (statement.Action.IsNot)
            {
                yield return "NotAction";
            }
            if (statement.Resource.IsNot)
            {
                yield return "NotResource";
            }
            if (statement.Resource.Patterns.Any(p => p.Template.HasVariables) || statement.Conditions.Any(c => c.Values.Any(v => v.HasVariables)))
            {
                yield return "policy-variables";
            }
        }
    }

    private static string Decided(Explanation? explanation, SimulationRequest request, string action, string resource)
    {
        if (explanation is null)
        {
            return "no explanation";
        }
        if (!ModelSimulator.OfActionResourceType(action, resource, ServiceReference.Default))
        {
            return "resource-type rule (not a resource type of the action)";
        }
        var decision = explanation.Decision;
        var failed = explanation.ConditionFailures.SelectMany(s => s.Conditions).Where(c => !c.IsTrue)
            .Select(c => c.Condition.Operator.Family.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();
        var because = failed.Count == 0 ? "" : $"; false: {string.Join(", ", failed)}";
        return decision.Decision switch
        {
            EvalDecision.ExplicitDeny => $"Deny applied ({Sources(decision)}){because}",
            EvalDecision.Allowed => $"Allow applied ({Sources(decision)}){because}",
            _ when decision.AllowedByOrganizations == false => $"organizations do not allow{because}",
            _ when decision.AllowedByPermissionsBoundary == false && explanation.AppliedButNotDeciding.Any() => $"boundary does not allow{because}",
            _ => $"no statement applied{because}",
        };
    }

    private static string Sources(ResourceDecision decision) =>
        string.Join("+", decision.MatchedStatements.Select(m => m.Source.ToString()).Distinct().Order(StringComparer.Ordinal));

    private static bool SameSet(IEnumerable<string> a, IEnumerable<string> b) =>
        a.Order(StringComparer.Ordinal).SequenceEqual(b.Order(StringComparer.Ordinal), StringComparer.Ordinal);
}
