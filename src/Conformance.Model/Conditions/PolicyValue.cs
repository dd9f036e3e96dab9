namespace Conformance.Model.Conditions;

/// <summary>
/// A condition value from the policy after policy-variable substitution. <see cref="Resolved"/> is false
/// when a variable had no value and no default: positive operators then do not match and negated ones do
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html, "Policy variables with no value").
/// </summary>
/// <param name="LiteralMask">Marks characters that are never wildcards (escapes and substituted values).</param>
public readonly record struct PolicyValue(string Text, bool[]? LiteralMask, bool Resolved);
