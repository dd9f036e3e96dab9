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
        using var workspace = DecisionWorkspace.Start();
        var identity = Applicable(policies.IdentityPolicies, PolicySource.Identity, request, workspace);
        var boundary = Applicable(policies.PermissionsBoundary, 0, PolicySource.PermissionsBoundary, request, workspace);
        var resource = Applicable(policies.ResourcePolicy, 0, PolicySource.Resource, request, workspace);

        bool? allowedByBoundary = policies.PermissionsBoundary is null
            ? null
            : boundary.HasAllow && !boundary.HasDeny;

        // 1. An explicit deny in any policy overrides every allow. IAM lists only the deny statements.
        if (identity.HasDeny || boundary.HasDeny || resource.HasDeny)
        {
            var denies = workspace.Matched(Effect.Deny, identity: true, boundary: true, resource: true);
            return Decided(EvalDecision.ExplicitDeny, denies, workspace, allowedByBoundary);
        }

        // 2. A same-account resource policy that names the caller grants on its own; the boundary limits
        //    it for roles but not for IAM users (evaluation-logic page, resource-based policies bullets).
        var boundaryPermits = allowedByBoundary ?? true;
        var resourceGrants = resource.HasAllow && (boundaryPermits || !IsRole(request.CallerArn));

        // 3 and 4. Identity-based policies must allow, and the boundary (if any) must allow too.
        var identityGrants = identity.HasAllow && boundaryPermits;

        if (identityGrants || resourceGrants)
        {
            var allows = workspace.Matched(Effect.Allow, identity: identityGrants, boundary: false, resource: resourceGrants);
            return Decided(EvalDecision.Allowed, allows, workspace, allowedByBoundary);
        }
        return Decided(EvalDecision.ImplicitDeny, [], workspace, allowedByBoundary);
    }

    /// <summary>
    /// Recorded (simulation_defaults.json): keys are listed in <c>MissingContextValues</c> only when the
    /// decision is not <c>allowed</c>. Open question: IAM's exact selection of keys in larger policies.
    /// </summary>
    private static ResourceDecision Decided(EvalDecision decision, ImmutableArray<MatchedStatement> matched, DecisionWorkspace workspace, bool? allowedByBoundary) =>
        new(decision, matched, decision == EvalDecision.Allowed ? [] : workspace.SortedMissingKeys(), allowedByBoundary);

    private static bool IsRole(string? callerArn) =>
        callerArn is not null && callerArn.Contains(":role/", StringComparison.Ordinal);

    /// <summary>Whether any statement of one kind of policy applies, per effect.</summary>
    private readonly record struct Applicability(bool HasAllow, bool HasDeny)
    {
        public static readonly Applicability None = new(false, false);

        public Applicability Or(Applicability other) => new(HasAllow || other.HasAllow, HasDeny || other.HasDeny);
    }

    private static Applicability Applicable(ImmutableArray<PolicyDocument> policies, PolicySource source, AuthorizationRequest request, DecisionWorkspace workspace)
    {
        var applicability = Applicability.None;
        for (var p = 0; p < policies.Length; p++)
        {
            applicability = applicability.Or(Applicable(policies[p], p, source, request, workspace));
        }
        return applicability;
    }

    /// <summary>Notes, in order, the statements of one policy that apply to the request.</summary>
    private static Applicability Applicable(PolicyDocument? policy, int policyIndex, PolicySource source, AuthorizationRequest request, DecisionWorkspace workspace)
    {
        if (policy is null)
        {
            return Applicability.None;
        }
        var applicability = Applicability.None;
        foreach (var statement in policy.Statements)
        {
            if (StatementApplies(statement, request, workspace.MissingKeys))
            {
                workspace.Applies(source, policyIndex, statement);
                applicability = applicability.Or(new Applicability(statement.Effect == Effect.Allow, statement.Effect == Effect.Deny));
            }
        }
        return applicability;
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
