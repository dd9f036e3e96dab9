using System.Collections.Immutable;
using Conformance.Model.Policies;

namespace Conformance.Model.Conditions;

/// <summary>
/// One operator applied to one condition key with its values, e.g.
/// <c>"StringLike": { "ssm:resourceTag/Finance": ["WebServers"] }</c>. A statement's conditions are ANDed;
/// the values of one condition are ORed (NOR under a negated operator).
/// </summary>
public sealed record Condition(
    ConditionOperator Operator,
    string ContextKeyName,
    ImmutableArray<PolicyTemplate> Values,
    string JsonPath)
{
    public override string ToString() =>
        $"{Operator.Name} {ContextKeyName} [{string.Join(", ", Values.Select(v => v.Text))}]";
}
