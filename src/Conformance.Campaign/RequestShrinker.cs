using System.Collections.Immutable;
using Conformance.Model.Conditions;
using Conformance.Model.Policies;
using Conformance.Model.Simulation;

namespace Conformance.Campaign;

/// <summary>
/// Smaller versions of a SimulateCustomPolicy question, largest cut first: one action and one resource, then fewer
/// policies, no boundary, fewer statements, fewer conditions, fewer condition values, fewer context entries. Works on
/// the request itself, so it shrinks a case from any source (generated, recorded, found live).
/// </summary>
public static class RequestShrinker
{
    public static IEnumerable<SimulationRequest> Candidates(SimulationRequest request, (string Action, string Resource)? focus = null)
    {
        if (focus is { } f && (request.ActionNames.Length > 1 || request.ResourceArns.Length > 1))
        {
            yield return request with
            {
                ActionNames = [f.Action],
                ResourceArns = f.Resource == "*" || request.ResourceArns.IsEmpty ? request.ResourceArns : [f.Resource],
            };
        }
        foreach (var bulk in BulkCuts(request))
        {
            yield return bulk;
        }
        for (var i = 0; i < request.ActionNames.Length && request.ActionNames.Length > 1; i++)
        {
            yield return request with { ActionNames = request.ActionNames.RemoveAt(i) };
        }
        for (var i = 0; i < request.ResourceArns.Length && request.ResourceArns.Length > 1; i++)
        {
            yield return request with { ResourceArns = request.ResourceArns.RemoveAt(i) };
        }
        if (!request.PermissionsBoundaryPolicyInputList.IsEmpty)
        {
            yield return request with { PermissionsBoundaryPolicyInputList = [] };
        }
        for (var i = 0; i < request.PolicyInputList.Length && request.PolicyInputList.Length > 1; i++)
        {
            yield return request with { PolicyInputList = request.PolicyInputList.RemoveAt(i) };
        }
        for (var p = 0; p < request.PolicyInputList.Length; p++)
        {
            foreach (var smaller in SmallerPolicies(request.PolicyInputList[p], PolicyKind.Identity))
            {
                yield return request with { PolicyInputList = request.PolicyInputList.SetItem(p, smaller) };
            }
        }
        if (request.PermissionsBoundaryPolicyInputList.Length == 1)
        {
            foreach (var smaller in SmallerPolicies(request.PermissionsBoundaryPolicyInputList[0], PolicyKind.PermissionsBoundary))
            {
                yield return request with { PermissionsBoundaryPolicyInputList = [smaller] };
            }
        }
        for (var i = 0; i < request.ContextEntries.Length; i++)
        {
            yield return request with { ContextEntries = request.ContextEntries.RemoveAt(i) };
        }
        foreach (var canonical in CanonicalCuts(request))
        {
            yield return canonical;
        }
    }

    /// <summary>
    /// Simpler forms of the same size, tried after every cut, so that different questions showing one root cause shrink
    /// to one minimal form (and one <see cref="RootCauseSignature"/>): Deny becomes Allow; NotAction becomes the action
    /// asked about; Resource and NotResource become <c>"*"</c>, then the question names no resource; a boundary becomes the
/// only identity policy; a condition loses
    /// IfExists, its set qualifier, its negation, and finally becomes <c>Null: false</c> ("the key is present"). Each is
    /// kept only when the oracle still disagrees, so a root cause that needs a Deny, an ARN or an operator keeps it.
    /// </summary>
    private static IEnumerable<SimulationRequest> CanonicalCuts(SimulationRequest request)
    {
        var action = request.ActionNames.Length == 1 ? request.ActionNames[0] : null;
        for (var p = 0; p < request.PolicyInputList.Length; p++)
        {
            foreach (var simpler in SimplerPolicies(request.PolicyInputList[p], PolicyKind.Identity, action))
            {
                yield return request with { PolicyInputList = request.PolicyInputList.SetItem(p, simpler) };
            }
        }
        if (request.PermissionsBoundaryPolicyInputList.Length == 1)
        {
            foreach (var simpler in SimplerPolicies(request.PermissionsBoundaryPolicyInputList[0], PolicyKind.PermissionsBoundary, action))
            {
                yield return request with { PermissionsBoundaryPolicyInputList = [simpler] };
            }
        }
        if (request.ResourceArns.Length == 1)
        {
            yield return request with { ResourceArns = [] };
        }
        if (request.PermissionsBoundaryPolicyInputList.Length == 1)
        {
            // The boundary alone as the identity policy: a root cause seen through a boundary's condition needs no boundary.
            yield return request with { PolicyInputList = request.PermissionsBoundaryPolicyInputList, PermissionsBoundaryPolicyInputList = [] };
        }
    }

    private static IEnumerable<string> SimplerPolicies(string text, PolicyKind kind, string? action)
    {
        var parsed = PolicyParser.Parse(text, kind);
        if (!parsed.IsSuccess)
        {
            yield break;
        }
        var policy = parsed.Value!;
        var statements = policy.Statements;
        string Print(int s, Statement statement) => PolicyPrinter.Print(policy with { Statements = statements.SetItem(s, statement) }, indented: false);

        for (var s = 0; s < statements.Length; s++)
        {
            var statement = statements[s];
            if (statement.Effect == Effect.Deny)
            {
                yield return Print(s, statement with { Effect = Effect.Allow });
            }
            if (action is not null && (statement.Action.IsNot || statement.Action.Patterns.Length != 1 || statement.Action.Patterns[0].Text != action))
            {
                yield return Print(s, statement with { Action = new ActionBlock(false, [new Model.Matching.ActionPattern(action)]) });
            }
            if (statement.Principal is null && (statement.Resource.IsNot || statement.Resource.Patterns.Length != 1 || statement.Resource.Patterns[0].Template.Text != "*"))
            {
                yield return Print(s, statement with { Resource = new ResourceBlock(false, [new Model.Matching.ResourcePattern(PolicyTemplate.Literal("*"))]) });
            }
            for (var c = 0; c < statement.Conditions.Length; c++)
            {
                foreach (var simpler in SimplerConditions(statement.Conditions[c]))
                {
                    yield return Print(s, statement with { Conditions = statement.Conditions.SetItem(c, simpler) });
                }
            }
        }
    }

    private static IEnumerable<Condition> SimplerConditions(Condition condition)
    {
        var op = condition.Operator;
        if (op.IfExists)
        {
            yield return condition with { Operator = op with { IfExists = false } };
        }
        if (op.Qualifier != SetQualifier.None)
        {
            yield return condition with { Operator = op with { Qualifier = SetQualifier.None } };
        }
        if (Positive(op.Base) is { } positive)
        {
            yield return condition with { Operator = op with { Base = positive } };
        }
        if (op.Base != BaseOperator.Null || op.Qualifier != SetQualifier.None || op.IfExists ||
            condition.Values.Length != 1 || condition.Values[0].Text != "false")
        {
            yield return condition with
            {
                Operator = new ConditionOperator(SetQualifier.None, BaseOperator.Null, IfExists: false),
                Values = [PolicyTemplate.Literal("false")],
            };
        }
    }

    private static BaseOperator? Positive(BaseOperator op) => op switch
    {
        BaseOperator.StringNotEquals => BaseOperator.StringEquals,
        BaseOperator.StringNotEqualsIgnoreCase => BaseOperator.StringEqualsIgnoreCase,
        BaseOperator.StringNotLike => BaseOperator.StringLike,
        BaseOperator.NumericNotEquals => BaseOperator.NumericEquals,
        BaseOperator.DateNotEquals => BaseOperator.DateEquals,
        BaseOperator.NotIpAddress => BaseOperator.IpAddress,
        BaseOperator.ArnNotEquals => BaseOperator.ArnEquals,
        BaseOperator.ArnNotLike => BaseOperator.ArnLike,
        _ => null,
    };

    /// <summary>
    /// Large cuts that are very likely to keep a divergence, each one oracle call: statements whose Action or Resource
    /// cannot match the (single) action and resource asked about, and context entries no condition or variable reads.
    /// </summary>
    private static IEnumerable<SimulationRequest> BulkCuts(SimulationRequest request)
    {
        if (request.ActionNames.Length == 1 && request.ResourceArns.Length <= 1)
        {
            var action = request.ActionNames[0];
            var resource = request.ResourceArns.IsEmpty ? "*" : request.ResourceArns[0];
            var context = SimulatorContext.Build(request);
            var pruned = request.PolicyInputList.Select(text => KeepMatching(text, action, resource, context)).ToList();
            if (pruned.All(p => p is not null) && !pruned.SequenceEqual(request.PolicyInputList))
            {
                yield return request with { PolicyInputList = [.. pruned!] };
            }
        }
        var referenced = ReferencedKeys(request);
        var kept = request.ContextEntries.Where(e => referenced.Contains(e.ContextKeyName)).ToImmutableArray();
        if (kept.Length < request.ContextEntries.Length)
        {
            yield return request with { ContextEntries = kept };
        }
    }

    private static string? KeepMatching(string text, string action, string resource, Model.Evaluation.RequestContext context)
    {
        var parsed = PolicyParser.Parse(text);
        if (!parsed.IsSuccess)
        {
            return text;
        }
        var policy = parsed.Value!;
        var matching = policy.Statements.Where(s =>
            Model.Evaluation.PolicyEvaluator.ActionMatches(s.Action, action) &&
            Model.Evaluation.PolicyEvaluator.ResourceMatches(s.Resource, resource, context)).ToImmutableArray();
        if (matching.Length == policy.Statements.Length)
        {
            return text;
        }
        // A policy needs one statement; keep the first when none matches (a later cut may drop the whole policy).
        return PolicyPrinter.Print(policy with { Statements = matching.IsEmpty ? [policy.Statements[0]] : matching }, indented: false);
    }

    private static HashSet<string> ReferencedKeys(SimulationRequest request)
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var texts = request.PolicyInputList.Select(t => (t, PolicyKind.Identity))
            .Concat(request.PermissionsBoundaryPolicyInputList.Select(t => (t, PolicyKind.PermissionsBoundary)))
            .Concat(request.ResourcePolicy is { } r ? [(r, PolicyKind.Resource)] : []);
        foreach (var (text, kind) in texts)
        {
            var parsed = PolicyParser.Parse(text, kind);
            if (!parsed.IsSuccess)
            {
                return [.. request.ContextEntries.Select(e => e.ContextKeyName)];
            }
            foreach (var statement in parsed.Value!.Statements)
            {
                foreach (var condition in statement.Conditions)
                {
                    keys.Add(condition.ContextKeyName);
                    AddVariables(condition.Values, keys);
                }
                AddVariables(statement.Resource.Patterns.Select(p => p.Template), keys);
            }
        }
        return keys;
    }

    private static void AddVariables(IEnumerable<PolicyTemplate> templates, HashSet<string> keys)
    {
        foreach (var template in templates)
        {
            foreach (var segment in template.Segments)
            {
                if (segment is TemplateSegment.Variable v)
                {
                    keys.Add(v.Key);
                }
            }
        }
    }

    /// <summary>The policy with one statement, one condition or one extra condition value fewer, printed again.</summary>
    public static IEnumerable<string> SmallerPolicies(string text, PolicyKind kind)
    {
        var parsed = PolicyParser.Parse(text, kind);
        if (!parsed.IsSuccess)
        {
            yield break;
        }
        var policy = parsed.Value!;
        var statements = policy.Statements;
        string Print(ImmutableArray<Statement> s) => PolicyPrinter.Print(policy with { Statements = s }, indented: false);

        for (var s = 0; s < statements.Length && statements.Length > 1; s++)
        {
            yield return Print(statements.RemoveAt(s));
        }
        for (var s = 0; s < statements.Length; s++)
        {
            var statement = statements[s];
            for (var c = 0; c < statement.Conditions.Length; c++)
            {
                yield return Print(statements.SetItem(s, statement with { Conditions = statement.Conditions.RemoveAt(c) }));
            }
            for (var c = 0; c < statement.Conditions.Length; c++)
            {
                var condition = statement.Conditions[c];
                for (var v = 0; v < condition.Values.Length && condition.Values.Length > 1; v++)
                {
                    var fewer = condition with { Values = condition.Values.RemoveAt(v) };
                    yield return Print(statements.SetItem(s, statement with { Conditions = statement.Conditions.SetItem(c, fewer) }));
                }
            }
            if (statement.Action.Patterns.Length > 1)
            {
                for (var a = 0; a < statement.Action.Patterns.Length; a++)
                {
                    var fewer = statement.Action with { Patterns = statement.Action.Patterns.RemoveAt(a) };
                    yield return Print(statements.SetItem(s, statement with { Action = fewer }));
                }
            }
            if (statement.Resource.Patterns.Length > 1)
            {
                for (var r = 0; r < statement.Resource.Patterns.Length; r++)
                {
                    var fewer = statement.Resource with { Patterns = statement.Resource.Patterns.RemoveAt(r) };
                    yield return Print(statements.SetItem(s, statement with { Resource = fewer }));
                }
            }
        }
    }
}
