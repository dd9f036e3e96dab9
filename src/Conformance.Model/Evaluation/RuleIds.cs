using System.Collections.Immutable;
using Conformance.Model.Conditions;
using Conformance.Model.Policies;

namespace Conformance.Model.Evaluation;

/// <summary>
/// The closed list of rule ids: stable, short names for the steps of the model's decision that an
/// <see cref="Explanation"/> shows. A decision has exactly one deciding rule (<c>decision.*</c>, in the order of
/// <see cref="PolicyEvaluator"/>'s paragraphs) and one condition rule (<c>condition.*</c>) per condition of each
/// statement that applied. Ids are part of the campaign's memory (confirmations per rule): never rename one.
/// </summary>
public static class RuleIds
{
    /// <summary>1. A Deny applies in some policy.</summary>
    public const string ExplicitDeny = "decision.explicit-deny";
    /// <summary>2. A level of the organization's service control policies does not allow.</summary>
    public const string OrganizationNotAllowing = "decision.organization-not-allowing";
    /// <summary>6. Across accounts, both the identity side and the resource policy decide (allowed or not).</summary>
    public const string CrossAccountBothSides = "decision.cross-account-both-sides";
    /// <summary>3. Same account: the resource policy grants an IAM user although the boundary does not allow.</summary>
    public const string ResourcePolicyGrantsUserDespiteBoundary = "decision.resource-policy-grants-user-despite-boundary";
    /// <summary>3. Same account: the resource policy grants, with the boundary allowing too (or no boundary).</summary>
    public const string ResourcePolicyAllow = "decision.resource-policy-allow";
    /// <summary>4. An identity-based policy allows (and the boundary, if any, too).</summary>
    public const string IdentityAllow = "decision.identity-allow";
    /// <summary>5. A policy allows, but the permissions boundary does not.</summary>
    public const string BoundaryNotAllowing = "decision.boundary-not-allowing";
    /// <summary>No Allow applies: implicit deny.</summary>
    public const string NoAllow = "decision.no-allow";
    /// <summary>The resource is not one of the action's resource types: decided without reading the policies.</summary>
    public const string NotOfActionResourceType = "decision.not-of-action-resource-type";

    public static readonly ImmutableArray<string> Decisions =
    [
        ExplicitDeny, OrganizationNotAllowing, CrossAccountBothSides, ResourcePolicyGrantsUserDespiteBoundary,
        ResourcePolicyAllow, IdentityAllow, BoundaryNotAllowing, NoAllow, NotOfActionResourceType,
    ];

    /// <summary>The key was present and the operator had IfExists: it compared like the operator without it.</summary>
    public const string IfExistsPresentKey = "condition.ifexists.present-key";
    /// <summary>The key was absent and the operator had IfExists: IfExists accepted the missing key.</summary>
    public const string IfExistsAbsentKey = "condition.ifexists.absent-key";
    /// <summary>The key was absent and the condition still held (a negated operator, ForAllValues, Null).</summary>
    public const string AbsentKey = "condition.absent-key";

    /// <summary>
    /// The rules one condition uses: <c>condition.&lt;family&gt;[.forallvalues|.foranyvalue]</c> (Null tests presence
    /// only and takes no qualifier here), and, when IfExists or an absent key played a part, one of
    /// <see cref="IfExistsPresentKey"/>, <see cref="IfExistsAbsentKey"/>, <see cref="AbsentKey"/>. The key state is its own
    /// rule rather than a suffix of every family's id: the product (family × qualifier × IfExists × key state) is so
    /// sparse among applied statements that most of its cells would never be confirmed, and some cannot occur at all (a
    /// plain ForAnyValue on an absent key is false, so its statement never applies).
    /// </summary>
    public static IEnumerable<string> Condition(ConditionOperator op, bool keyAbsent)
    {
        yield return Family(op.Family, op.Family == OperatorFamily.Null ? SetQualifier.None : op.Qualifier);
        if (op.IfExists && op.Family != OperatorFamily.Null)
        {
            yield return keyAbsent ? IfExistsAbsentKey : IfExistsPresentKey;
        }
        else if (keyAbsent)
        {
            yield return AbsentKey;
        }
    }

    private static string Family(OperatorFamily family, SetQualifier qualifier) =>
        $"condition.{family.ToString().ToLowerInvariant()}" + qualifier switch
        {
            SetQualifier.None => "",
            SetQualifier.ForAllValues => ".forallvalues",
            SetQualifier.ForAnyValue => ".foranyvalue",
            _ => throw new ArgumentOutOfRangeException(nameof(qualifier), qualifier, "unknown set qualifier"),
        };

    /// <summary>Every condition rule id <see cref="Condition"/> can return.</summary>
    public static readonly ImmutableArray<string> Conditions =
    [
        .. from family in Enum.GetValues<OperatorFamily>()
           from qualifier in family == OperatorFamily.Null ? [SetQualifier.None] : Enum.GetValues<SetQualifier>()
           select Family(family, qualifier),
        IfExistsPresentKey, IfExistsAbsentKey, AbsentKey,
    ];

    /// <summary>The closed list: every deciding rule, then every condition rule.</summary>
    public static readonly ImmutableArray<string> All = [.. Decisions, .. Conditions];

    /// <summary>The rules an explanation used: its deciding rule, then one per condition of each statement that applied,
    /// in statement order, each once. A resource outside the action's resource types read no statement.</summary>
    internal static ImmutableArray<string> Of(string decidingRule, ImmutableArray<StatementExplanation> statements)
    {
        var ids = new List<string> { decidingRule };
        if (decidingRule != NotOfActionResourceType)
        {
            foreach (var statement in statements.Where(s => s.Outcome == StatementOutcome.Applied))
            {
                foreach (var condition in statement.Conditions)
                {
                    foreach (var id in Condition(condition.Condition.Operator, condition.RequestValue is null))
                    {
                        if (!ids.Contains(id))
                        {
                            ids.Add(id);
                        }
                    }
                }
            }
        }
        return [.. ids];
    }

    /// <summary>The deciding rule of a decision, read from the decision and the statements that applied.</summary>
    internal static string Deciding(AuthorizationRequest request, ResourceDecision decision, ImmutableArray<StatementExplanation> statements)
    {
        bool Allows(PolicySource source) =>
            statements.Any(s => s.Source == source && s.Outcome == StatementOutcome.Applied && s.Statement.Effect == Effect.Allow);

        if (decision.Decision == EvalDecision.ExplicitDeny)
        {
            return ExplicitDeny;
        }
        if (decision.AllowedByOrganizations == false)
        {
            return OrganizationNotAllowing;
        }
        if (request.CrossAccount)
        {
            return CrossAccountBothSides;
        }
        if (decision.Decision == EvalDecision.Allowed)
        {
            return !Allows(PolicySource.Resource) ? IdentityAllow
                : decision.AllowedByPermissionsBoundary == false ? ResourcePolicyGrantsUserDespiteBoundary
                : ResourcePolicyAllow;
        }
        return decision.AllowedByPermissionsBoundary == false && (Allows(PolicySource.Identity) || Allows(PolicySource.Resource))
            ? BoundaryNotAllowing
            : NoAllow;
    }
}
