using System.Collections.Immutable;
using Conformance.Model.Policies;

namespace Conformance.Model.Evaluation;

/// <summary>The policies that take part in one decision, as SimulateCustomPolicy receives them.</summary>
/// <param name="IdentityPolicies"><c>PolicyInputList</c>, in order; <c>SourcePolicyId</c> is <c>PolicyInputList.N</c>, 1-based.</param>
/// <param name="PermissionsBoundary"><c>PermissionsBoundaryPolicyInputList</c> (IAM takes one).</param>
/// <param name="ResourcePolicy"><c>ResourcePolicy</c>.</param>
/// <param name="OrganizationLevels"><c>OrderedOrganizationPolicyInputList</c>: the service control policies of each
/// level of the organization, root first. Empty when the request names none.</param>
public sealed record PolicySet(
    ImmutableArray<PolicyDocument> IdentityPolicies,
    PolicyDocument? PermissionsBoundary = null,
    PolicyDocument? ResourcePolicy = null,
    ImmutableArray<ImmutableArray<PolicyDocument>> OrganizationLevels = default)
{
    public ImmutableArray<ImmutableArray<PolicyDocument>> OrganizationLevels { get; init; } = OrganizationLevels.IsDefault ? [] : OrganizationLevels;

    public static PolicySet FromIdentityPolicies(params PolicyDocument[] policies) => new([.. policies]);
}

/// <summary>The decision vocabulary of SimulateCustomPolicy.</summary>
public enum EvalDecision { Allowed, ExplicitDeny, ImplicitDeny }

public static class EvalDecisions
{
    public static string WireName(this EvalDecision decision) => decision switch
    {
        EvalDecision.Allowed => "allowed",
        EvalDecision.ExplicitDeny => "explicitDeny",
        EvalDecision.ImplicitDeny => "implicitDeny",
        _ => throw new ArgumentOutOfRangeException(nameof(decision)),
    };

    public static bool TryParse(string wire, out EvalDecision decision)
    {
        switch (wire)
        {
            case "allowed": decision = EvalDecision.Allowed; return true;
            case "explicitDeny": decision = EvalDecision.ExplicitDeny; return true;
            case "implicitDeny": decision = EvalDecision.ImplicitDeny; return true;
            default: decision = default; return false;
        }
    }
}

/// <summary>Which policy a matched statement came from, in SimulateCustomPolicy's words.</summary>
public enum PolicySource { Identity, PermissionsBoundary, Resource, ServiceControl }

/// <summary>A statement that decided the outcome, as IAM lists it in <c>MatchedStatements</c>.</summary>
public sealed record MatchedStatement(
    PolicySource Source,
    int PolicyIndex,
    Statement Statement)
{
    /// <summary><c>PolicyInputList.1</c>, <c>PermissionsBoundaryPolicyInputList.1</c> or <c>ResourcePolicy</c>.</summary>
    public string SourcePolicyId => Source switch
    {
        PolicySource.Identity => $"PolicyInputList.{PolicyIndex + 1}",
        PolicySource.PermissionsBoundary => $"PermissionsBoundaryPolicyInputList.{PolicyIndex + 1}",
        PolicySource.Resource => "ResourcePolicy",
        PolicySource.ServiceControl => $"OrderedOrganizationPolicyInputList.{PolicyIndex + 1}",
        _ => throw new ArgumentOutOfRangeException(nameof(Source)),
    };

    /// <summary>
    /// <c>IAM Policy</c> or <c>Resource Policy</c>, the spellings AWS answered with (recorded; API samples).
    /// Open question (probe boundary-statement-source-type): the type IAM reports for a boundary statement; the model says <c>IAM Policy</c>.
    /// </summary>
    public string SourcePolicyType => Source == PolicySource.Resource ? "Resource Policy" : "IAM Policy";
}

/// <summary>The decision for one action on one resource, with IAM's detail.</summary>
/// <param name="AllowedByPermissionsBoundary">Null when no boundary was given.</param>
/// <param name="AllowedByOrganizations">Null when no organization levels were given.</param>
/// <param name="PolicyTypeDecisions">Each kind of policy's own decision (<c>EvalDecisionDetails</c>); IAM fills it
/// only for a cross-account request, and so does the model (null otherwise).</param>
public sealed record ResourceDecision(
    EvalDecision Decision,
    ImmutableArray<MatchedStatement> MatchedStatements,
    ImmutableArray<string> MissingContextValues,
    bool? AllowedByPermissionsBoundary,
    bool? AllowedByOrganizations = null,
    ImmutableArray<KeyValuePair<string, EvalDecision>>? PolicyTypeDecisions = null);
