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
    private Precompiled? _precompiled;

    /// <summary>
    /// Per entry of <see cref="Values"/>, the value resolved and compiled once when it has no policy variables,
    /// else null. Built on first use; rebuilt when a <c>with</c> expression gave this record other values.
    /// </summary>
    internal ImmutableArray<PrecompiledValue?> PrecompiledValues
    {
        get
        {
            if (_precompiled is not { } cached || cached.Source != Values)
            {
                // Stryker disable once Conditional : a cache; the surviving mutant, "true ?", compiles nothing and ConditionEvaluator resolves each value instead, to the same value.
                cached = new Precompiled(Values, [.. Values.Select(v => v.HasVariables ? null : new PrecompiledValue(v))]);
                _precompiled = cached;
            }
            return cached.Values;
        }
    }

    private sealed record Precompiled(ImmutableArray<PolicyTemplate> Source, ImmutableArray<PrecompiledValue?> Values);

    // Written out so that the cache takes no part in equality: the record's value is its four parameters.
    public bool Equals(Condition? other) =>
        other is not null && Operator == other.Operator && ContextKeyName == other.ContextKeyName &&
        Values == other.Values && JsonPath == other.JsonPath;

    public override int GetHashCode() => HashCode.Combine(Operator, ContextKeyName, Values, JsonPath);

    public override string ToString() =>
        $"{Operator.Name} {ContextKeyName} [{string.Join(", ", Values.Select(v => v.Text))}]";
}
