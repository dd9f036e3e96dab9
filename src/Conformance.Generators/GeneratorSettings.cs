namespace Conformance.Generators;

/// <summary>Sizes, weights and switches of the generators. Defaults aim at cases near the allow/deny boundary.</summary>
/// <param name="MaxIdentityPolicies">1..N identity policies per case.</param>
/// <param name="MaxStatements">1..N statements per policy.</param>
/// <param name="MaxConditions">0..N conditions per statement.</param>
/// <param name="DenyWeight">Relative weight of Deny statements (Allow has weight 10).</param>
/// <param name="BoundaryWeight">Chance in percent that a case has a permissions boundary (with <see cref="Boundaries"/>).</param>
/// <param name="NotElementWeight">Chance in percent that a statement uses NotAction/NotResource.</param>
/// <param name="MaxConditionValues">1..N values per condition key.</param>
/// <param name="AbsentKeyWeight">Relative weight of conditions on keys the request does not carry (present keys: 6).</param>
/// <param name="MaxNodes">1..N managed nodes per fleet.</param>
/// <param name="MaxTagsPerNode">0..N tags per node and per principal (never more than AWS's 50).</param>
/// <param name="MaxInstanceIds">1..N InstanceIds per SendCommand call (never more than SSM's 50).</param>
/// <param name="MaxTargets">1..N Targets per SendCommand call (never more than SSM's 5).</param>
/// <param name="PolicyVariables">Policy variables (<c>${aws:PrincipalTag/Owner}</c>) in condition values and resources.</param>
/// <param name="IpConditions">IP operators and <c>aws:SourceIp</c> conditions.</param>
/// <param name="DateConditions">Date operators and <c>aws:CurrentTime</c> in the request.</param>
/// <param name="NumericConditions">Numeric operators and <c>aws:MultiFactorAuthAge</c> in the request.</param>
/// <param name="BinaryConditions">BinaryEquals and a binary key in the request.</param>
/// <param name="SetQualifiers"><c>ForAllValues:</c>/<c>ForAnyValue:</c> prefixes.</param>
/// <param name="IfExists">The <c>...IfExists</c> suffix.</param>
/// <param name="Boundaries">Permissions boundaries.</param>
/// <param name="ServiceReferenceWeight">Chance in percent that a policy case's action and resource are drawn from the
/// Service Authorization Reference (<see cref="ResourceTypeGenerators"/>: any service's action with an ARN of one of
/// its resource types, or a deliberately mismatched one) instead of the Run Command vocabulary.</param>
public sealed record GeneratorSettings(
    int MaxIdentityPolicies = 2,
    int MaxStatements = 3,
    int MaxConditions = 2,
    int DenyWeight = 4,
    int BoundaryWeight = 20,
    int NotElementWeight = 10,
    int MaxConditionValues = 2,
    int AbsentKeyWeight = 2,
    int MaxNodes = 6,
    int MaxTagsPerNode = 4,
    int MaxInstanceIds = 4,
    int MaxTargets = 2,
    bool PolicyVariables = true,
    bool IpConditions = true,
    bool DateConditions = true,
    bool NumericConditions = true,
    bool BinaryConditions = true,
    bool SetQualifiers = true,
    bool IfExists = true,
    bool Boundaries = true,
    int ServiceReferenceWeight = 10)
{
    public static readonly GeneratorSettings Default = new();

    /// <summary>Tags per resource as generated: the setting, within AWS's limit of 50.</summary>
    public int TagsPerResource => Math.Clamp(MaxTagsPerNode, 0, TagGenerators.MaxTagsPerResource);

    /// <summary>InstanceIds as generated: the setting, within SendCommand's limit of 50.</summary>
    public int InstanceIdsPerCall => Math.Clamp(MaxInstanceIds, 1, 50);

    /// <summary>Targets as generated: the setting, within SendCommand's limit of 5.</summary>
    public int TargetsPerCall => Math.Clamp(MaxTargets, 1, 5);
}
