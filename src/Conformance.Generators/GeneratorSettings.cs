namespace Conformance.Generators;

/// <summary>Sizes, weights and switches of the policy generators. Defaults aim at cases near the allow/deny boundary.</summary>
/// <param name="MaxIdentityPolicies">1..N identity policies per case.</param>
/// <param name="MaxStatements">1..N statements per policy.</param>
/// <param name="MaxConditions">0..N conditions per statement.</param>
/// <param name="DenyWeight">Relative weight of Deny statements (Allow has weight 10).</param>
/// <param name="BoundaryWeight">Chance in percent that a case has a permissions boundary.</param>
/// <param name="NotElementWeight">Chance in percent that a statement uses NotAction/NotResource.</param>
public sealed record GeneratorSettings(
    int MaxIdentityPolicies = 2,
    int MaxStatements = 3,
    int MaxConditions = 2,
    int DenyWeight = 4,
    int BoundaryWeight = 20,
    int NotElementWeight = 10)
{
    public static readonly GeneratorSettings Default = new();
}
