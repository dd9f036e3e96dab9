using Conformance.Model.Matching;

namespace Conformance.Model.Conditions;

/// <summary>
/// A condition value from the policy after policy-variable substitution. <see cref="Resolved"/> is false
/// when a variable had no value and no default: positive operators then do not match and negated ones do
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html, "Policy variables with no value").
/// </summary>
/// <param name="LiteralMask">Marks characters that are never wildcards (escapes and substituted values).</param>
public readonly record struct PolicyValue(string Text, bool[]? LiteralMask, bool Resolved)
{
    /// <summary>Patterns kept with the condition when the value has no policy variables; null for a substituted value.</summary>
    internal PrecompiledValue? Precompiled { get; init; }

    /// <summary>The value as a <c>*</c>/<c>?</c> glob (<c>StringLike</c>).</summary>
    // Stryker disable once Conditional : a cache; "false ?" builds the same pattern from the same text and mask.
    public WildcardPattern AsWildcardPattern() => Precompiled is { } compiled ? compiled.Wildcard : new WildcardPattern(Text, LiteralMask);

    /// <summary>The value as a field-wise ARN pattern (<c>ArnLike</c>, <c>ArnEquals</c>).</summary>
    // Stryker disable once Conditional : a cache; "false ?" builds the same pattern from the same text and mask.
    public ArnPattern AsArnPattern() => Precompiled is { } compiled ? compiled.Arn : ArnPattern.Create(Text, LiteralMask);

    // Written out so that the cache takes no part in equality.
    public bool Equals(PolicyValue other) =>
        Text == other.Text && LiteralMask == other.LiteralMask && Resolved == other.Resolved;

    public override int GetHashCode() => HashCode.Combine(Text, LiteralMask, Resolved);
}

/// <summary>
/// A condition value without policy variables, resolved once, with the patterns it is matched as built on first
/// use. Only a cache: it holds nothing that <see cref="Policies.PolicyTemplate.TryResolve"/> would not give.
/// </summary>
internal sealed class PrecompiledValue
{
    public PrecompiledValue(Policies.PolicyTemplate template)
    {
        // Invariant: the template has no variables, so resolving needs no context and always succeeds.
        template.TryResolve(static _ => null, out var text, out var mask);
        // Stryker disable once Initializer : without the link to this cache the value builds its patterns itself, the same patterns.
        Value = new PolicyValue(text, mask, Resolved: true) { Precompiled = this };
    }

    public PolicyValue Value { get; }

    // Stryker disable once Assignment : a cache; building the pattern again on every use gives the same pattern.
    public WildcardPattern Wildcard => field ??= new WildcardPattern(Value.Text, Value.LiteralMask);

    // Stryker disable once Assignment : a cache, as above.
    public ArnPattern Arn => field ??= ArnPattern.Create(Value.Text, Value.LiteralMask);
}
