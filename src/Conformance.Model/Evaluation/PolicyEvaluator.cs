using System.Collections.Immutable;
using System.Runtime.InteropServices;
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
        using var missing = MissingContextKeys.Start();
        var identity = Applicability.Of(policies.IdentityPolicies, PolicySource.Identity, request, missing.Keys);
        var boundary = Applicability.Of(policies.PermissionsBoundary, PolicySource.PermissionsBoundary, request, missing.Keys);
        var resource = Applicability.Of(policies.ResourcePolicy, PolicySource.Resource, request, missing.Keys);

        bool? allowedByBoundary = policies.PermissionsBoundary is null
            ? null
            : boundary.HasAllow && !boundary.HasDeny;

        // 1. An explicit deny in any policy overrides every allow. IAM lists only the deny statements.
        if (identity.HasDeny || boundary.HasDeny || resource.HasDeny)
        {
            return Decided(EvalDecision.ExplicitDeny, Concat(identity.Denies, boundary.Denies, resource.Denies), missing, allowedByBoundary);
        }

        // 2. A same-account resource policy that names the caller grants on its own; the boundary limits
        //    it for roles but not for IAM users (evaluation-logic page, resource-based policies bullets).
        var boundaryPermits = allowedByBoundary ?? true;
        var resourceGrants = resource.HasAllow && (boundaryPermits || !IsRole(request.CallerArn));

        // 3 and 4. Identity-based policies must allow, and the boundary (if any) must allow too.
        var identityGrants = identity.HasAllow && boundaryPermits;

        if (identityGrants || resourceGrants)
        {
            var matched = Concat(identityGrants ? identity.Allows : null, resourceGrants ? resource.Allows : null, null);
            return Decided(EvalDecision.Allowed, matched, missing, allowedByBoundary);
        }
        return Decided(EvalDecision.ImplicitDeny, [], missing, allowedByBoundary);
    }

    /// <summary>
    /// Recorded (simulation_defaults.json): keys are listed in <c>MissingContextValues</c> only when the
    /// decision is not <c>allowed</c>. Open question: IAM's exact selection of keys in larger policies.
    /// </summary>
    private static ResourceDecision Decided(EvalDecision decision, ImmutableArray<MatchedStatement> matched, in MissingContextKeys missing, bool? allowedByBoundary) =>
        new(decision, matched, decision == EvalDecision.Allowed ? [] : missing.ToSortedArray(), allowedByBoundary);

    private static bool IsRole(string? callerArn) =>
        callerArn is not null && callerArn.Contains(":role/", StringComparison.Ordinal);

    private static ImmutableArray<MatchedStatement> Concat(List<MatchedStatement>? first, List<MatchedStatement>? second, List<MatchedStatement>? third)
    {
        var count = (first?.Count ?? 0) + (second?.Count ?? 0) + (third?.Count ?? 0);
        if (count == 0)
        {
            return [];
        }
        var all = new MatchedStatement[count];
        var filled = 0;
        foreach (var part in (ReadOnlySpan<List<MatchedStatement>?>)[first, second, third])
        {
            if (part is not null)
            {
                part.CopyTo(all, filled);
                filled += part.Count;
            }
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(all);
    }

    /// <summary>
    /// The statements of one kind of policy that apply to the request, Allow and Deny apart, in policy and
    /// statement order. Lists are only made when a statement applies: most statements of a policy do not.
    /// </summary>
    private struct Applicability
    {
        public List<MatchedStatement>? Allows { get; private set; }

        public List<MatchedStatement>? Denies { get; private set; }

        public bool HasAllow => Allows is not null;

        public bool HasDeny => Denies is not null;

        public static Applicability Of(PolicyDocument? policy, PolicySource source, AuthorizationRequest request, ISet<string> missing)
        {
            var applicable = new Applicability();
            if (policy is not null)
            {
                applicable.Add(policy, 0, source, request, missing);
            }
            return applicable;
        }

        public static Applicability Of(ImmutableArray<PolicyDocument> policies, PolicySource source, AuthorizationRequest request, ISet<string> missing)
        {
            var applicable = new Applicability();
            for (var p = 0; p < policies.Length; p++)
            {
                applicable.Add(policies[p], p, source, request, missing);
            }
            return applicable;
        }

        private void Add(PolicyDocument policy, int policyIndex, PolicySource source, AuthorizationRequest request, ISet<string> missing)
        {
            foreach (var statement in policy.Statements)
            {
                if (StatementApplies(statement, request, missing))
                {
                    var matched = new MatchedStatement(source, policyIndex, statement);
                    if (statement.Effect == Effect.Allow)
                    {
                        (Allows ??= []).Add(matched);
                    }
                    else
                    {
                        (Denies ??= []).Add(matched);
                    }
                }
            }
        }
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
