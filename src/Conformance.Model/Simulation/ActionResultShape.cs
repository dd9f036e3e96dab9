using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Conformance.Model.Evaluation;

namespace Conformance.Model.Simulation;

/// <summary>
/// Shapes the decisions of one action as IAM answers them: one <see cref="EvaluationResult"/>, with the per-resource
/// decisions in <c>ResourceSpecificResults</c> and, at the top level, their aggregate (iam-facts §f; recorded
/// conditions.json mixed_allow_explicit_and_implicit_deny). Loops over arrays rather than LINQ: the simulator shapes a
/// result for every request it answers.
/// </summary>
public static class ActionResultShape
{
    /// <summary>The result of a request without <c>ResourceArns</c>: IAM evaluates the resource "*" and reports keys at
    /// the top level, with no EvalDecisionDetails at all (recorded: simulation.json:custom_default_resource).</summary>
    public static EvaluationResult WithoutResources(string action, ResourceDecision decision) =>
        new(action, "*", decision.Decision, References(decision.MatchedStatements), decision.MissingContextValues,
            decision.AllowedByPermissionsBoundary, null, [], decision.AllowedByOrganizations);

    /// <summary>The result for <paramref name="resources"/> and their decisions, in the same order, under the top-level
    /// name <paramref name="evalResourceName"/> (the resource itself when there is one, else the aggregate name).</summary>
    public static EvaluationResult Of(string action, string evalResourceName, ImmutableArray<string> resources, ResourceDecision[] decisions)
    {
        var perResource = new ResourceSpecificResult[decisions.Length];
        for (var i = 0; i < decisions.Length; i++)
        {
            var decision = decisions[i];
            perResource[i] = new ResourceSpecificResult(resources[i], decision.Decision, References(decision.MatchedStatements),
                decision.MissingContextValues, decision.AllowedByPermissionsBoundary);
        }
        var aggregate = EvalDecision.Allowed;
        bool? byBoundary = null, byOrganizations = null;
        foreach (var decision in decisions)
        {
            aggregate = Stronger(aggregate, decision.Decision);
            byBoundary = And(byBoundary, decision.AllowedByPermissionsBoundary);
            byOrganizations = And(byOrganizations, decision.AllowedByOrganizations);
        }
        return new EvaluationResult(action, evalResourceName, aggregate,
            Union(perResource), MissingValues(perResource), byBoundary, Details(decisions),
            ImmutableCollectionsMarshal.AsImmutableArray(perResource), byOrganizations);
    }

    /// <summary>Explicit deny if any resource is explicitly denied, else implicit deny if any is not allowed.</summary>
    public static EvalDecision Aggregate(IEnumerable<EvalDecision> decisions)
    {
        var result = EvalDecision.Allowed;
        foreach (var decision in decisions)
        {
            result = Stronger(result, decision);
        }
        return result;
    }

    private static EvalDecision Stronger(EvalDecision a, EvalDecision b) =>
        a == EvalDecision.ExplicitDeny || b == EvalDecision.ExplicitDeny ? EvalDecision.ExplicitDeny
        : a == EvalDecision.ImplicitDeny || b == EvalDecision.ImplicitDeny ? EvalDecision.ImplicitDeny
        : EvalDecision.Allowed;

    /// <summary>True only if every resource that has a verdict says true; null when none has one.</summary>
    private static bool? And(bool? all, bool? verdict) => verdict is { } v ? (all ?? true) && v : all;

    /// <summary>The statements matched on any resource, each once, in the order they were first met.</summary>
    private static ImmutableArray<StatementReference> Union(ResourceSpecificResult[] results)
    {
        // Stryker disable once Block : a fast path (see below); "!= 1" is caught (a later resource's statements go missing).
        if (results.Length == 1)
        {
            var only = results[0].MatchedStatements;
            // Stryker disable once Block,Statement,Equality : a fast path; the union below gives one result's zero or one statement back the same ("< 1" sends a single statement there).
            if (only.Length <= 1)
            {
                return only;
            }
        }
        var matched = new List<StatementReference>();
        var seen = new HashSet<StatementReference>();
        foreach (var result in results)
        {
            foreach (var reference in result.MatchedStatements)
            {
                if (seen.Add(reference))
                {
                    matched.Add(reference);
                }
            }
        }
        return [.. matched];
    }

    /// <summary>The missing context keys of every resource, distinct, in ordinal order.</summary>
    private static ImmutableArray<string> MissingValues(ResourceSpecificResult[] results)
    {
        // Stryker disable once Block,Statement : a fast path; distinct keys in ordinal order come out of the sort below unchanged.
        if (results.Length == 1 && IsDistinctAndOrdered(results[0].MissingContextValues))
        {
            return results[0].MissingContextValues;
        }
        return results.SelectMany(r => r.MissingContextValues).Distinct().Order(StringComparer.Ordinal).ToImmutableArray();
    }

    private static bool IsDistinctAndOrdered(ImmutableArray<string> values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            // Stryker disable once Equality,Boolean : the fast path's test; answering false for an ordered list only sends it through the
            // sort, which gives it back the same (the surviving mutants; "> 0" lets a repeat through and is killed).
            if (string.CompareOrdinal(values[i - 1], values[i]) >= 0)
            {
                return false;
            }
        }
        // Stryker disable once Boolean : false only sends a distinct, ordered list through the sort, which gives it back the same.
        return true;
    }

    /// <summary>Each kind of policy's verdict over all resources (its strongest: deny over implicit deny over allow).</summary>
    private static EvalDecisionDetails Details(ResourceDecision[] decisions)
    {
        List<KeyValuePair<string, EvalDecision>>? merged = null;
        foreach (var decision in decisions)
        {
            foreach (var (policyType, verdict) in decision.PolicyTypeDecisions ?? [])
            {
                merged ??= [];
                var at = merged.FindIndex(e => e.Key == policyType);
                if (at < 0)
                {
                    merged.Add(KeyValuePair.Create(policyType, verdict));
                }
                else
                {
                    merged[at] = KeyValuePair.Create(policyType, Stronger(merged[at].Value, verdict));
                }
            }
        }
        return merged is null || merged.Count == 0 ? EvalDecisionDetails.Empty : new EvalDecisionDetails([.. merged]);
    }

    private static ImmutableArray<StatementReference> References(ImmutableArray<MatchedStatement> matched)
    {
        // Stryker disable once Block,Statement : a fast path; the loop below makes the same empty list.
        if (matched.IsEmpty)
        {
            return [];
        }
        var references = new StatementReference[matched.Length];
        for (var i = 0; i < references.Length; i++)
        {
            references[i] = StatementReference.From(matched[i]);
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(references);
    }
}
