using System.Collections.Immutable;
using Conformance.Model.Conditions;
using Conformance.Model.Policies;

namespace Conformance.Model.Evaluation;

/// <summary>
/// The reference evaluator. It follows "Policy evaluation logic" for a request inside one account
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html), paragraph by paragraph:
/// <list type="number">
/// <item>Any applicable Deny in any policy (identity, boundary, resource) → explicit deny.</item>
/// <item>A resource-based policy that allows the caller → allowed (for an IAM user even when the boundary does not
///   allow; for a role only when the boundary allows as well).</item>
/// <item>Identity-based policies must allow, otherwise implicit deny.</item>
/// <item>A permissions boundary, when present, must also allow, otherwise implicit deny.</item>
/// </list>
/// Statement and policy order never matter: all statements are considered.
/// </summary>
public static class PolicyEvaluator
{
    public static ResourceDecision Evaluate(PolicySet policies, AuthorizationRequest request)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var identity = Applicable(policies.IdentityPolicies, PolicySource.Identity, request, missing);
        var boundary = policies.PermissionsBoundary is { } b
            ? Applicable([b], PolicySource.PermissionsBoundary, request, missing)
            : Applicability.None;
        var resource = policies.ResourcePolicy is { } r
            ? Applicable([r], PolicySource.Resource, request, missing)
            : Applicability.None;

        bool? allowedByBoundary = policies.PermissionsBoundary is null
            ? null
            : boundary.Allows.Length > 0 && boundary.Denies.Length == 0;

        // 1. An explicit deny in any policy overrides every allow. IAM lists only the deny statements.
        var denies = identity.Denies.AddRange(boundary.Denies).AddRange(resource.Denies);
        if (denies.Length > 0)
        {
            return Decided(EvalDecision.ExplicitDeny, denies, missing, allowedByBoundary);
        }

        // 2. A same-account resource policy that names the caller grants on its own; the boundary limits
        //    it for roles but not for IAM users (evaluation-logic page, resource-based policies bullets).
        var boundaryPermits = allowedByBoundary ?? true;
        var resourceGrants = resource.Allows.Length > 0 && (boundaryPermits || !IsRole(request.CallerArn));

        // 3 and 4. Identity-based policies must allow, and the boundary (if any) must allow too.
        var identityGrants = identity.Allows.Length > 0 && boundaryPermits;

        if (identityGrants || resourceGrants)
        {
            var matched = ImmutableArray<MatchedStatement>.Empty;
            if (identityGrants)
            {
                matched = matched.AddRange(identity.Allows);
            }
            if (resourceGrants)
            {
                matched = matched.AddRange(resource.Allows);
            }
            return Decided(EvalDecision.Allowed, matched, missing, allowedByBoundary);
        }
        return Decided(EvalDecision.ImplicitDeny, [], missing, allowedByBoundary);
    }

    /// <summary>
    /// Recorded (simulation_defaults.json): keys are listed in <c>MissingContextValues</c> only when the
    /// decision is not <c>allowed</c>. Open question: IAM's exact selection of keys in larger policies.
    /// </summary>
    private static ResourceDecision Decided(EvalDecision decision, ImmutableArray<MatchedStatement> matched, SortedSet<string> missing, bool? allowedByBoundary) =>
        new(decision, matched, decision == EvalDecision.Allowed ? [] : [.. missing], allowedByBoundary);

    private static bool IsRole(string? callerArn) =>
        callerArn is not null && callerArn.Contains(":role/", StringComparison.Ordinal);

    private sealed record Applicability(ImmutableArray<MatchedStatement> Allows, ImmutableArray<MatchedStatement> Denies)
    {
        public static readonly Applicability None = new([], []);
    }

    private static Applicability Applicable(ImmutableArray<PolicyDocument> policies, PolicySource source, AuthorizationRequest request, ISet<string> missing)
    {
        var allows = ImmutableArray.CreateBuilder<MatchedStatement>();
        var denies = ImmutableArray.CreateBuilder<MatchedStatement>();
        for (var p = 0; p < policies.Length; p++)
        {
            foreach (var statement in policies[p].Statements)
            {
                if (StatementApplies(statement, request, missing))
                {
                    (statement.Effect == Effect.Allow ? allows : denies).Add(new MatchedStatement(source, p, statement));
                }
            }
        }
        return new Applicability(allows.ToImmutable(), denies.ToImmutable());
    }

    /// <summary>
    /// A statement applies when its action, resource and principal match and every condition is true
    /// (conditions are ANDed across operators and keys).
    /// </summary>
    public static bool StatementApplies(Statement statement, AuthorizationRequest request, ISet<string>? missing = null)
    {
        if (!ActionMatches(statement.Action, request.Action) ||
            !ResourceMatches(statement.Resource, request.Resource, request.Context) ||
            (statement.Principal is { } principal && !PrincipalMatcher.Matches(principal, request.CallerArn)))
        {
            return false;
        }
        var allTrue = true;
        foreach (var condition in statement.Conditions)
        {
            // Every condition is read, so that every key the statement needs is known for MissingContextValues.
            allTrue &= ConditionEvaluator.Evaluate(condition, request.Context, missing);
        }
        return allTrue;
    }

    /// <summary><c>Action</c> matches when any entry matches; <c>NotAction</c> when none does.</summary>
    public static bool ActionMatches(ActionBlock block, string action)
    {
        var any = false;
        foreach (var pattern in block.Patterns)
        {
            if (pattern.Matches(action))
            {
                any = true;
                break;
            }
        }
        return any != block.IsNot;
    }

    /// <summary><c>Resource</c> matches when any entry matches; <c>NotResource</c> when none does.</summary>
    public static bool ResourceMatches(ResourceBlock block, string resource, RequestContext context)
    {
        var any = false;
        foreach (var pattern in block.Patterns)
        {
            if (pattern.Matches(resource, context.Lookup))
            {
                any = true;
                break;
            }
        }
        return any != block.IsNot;
    }
}
