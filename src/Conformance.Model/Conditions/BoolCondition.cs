namespace Conformance.Model.Conditions;

/// <summary>
/// <c>Bool</c> (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean).
/// Recorded: a request value that is not <c>true</c> counts as false, so <c>Bool false</c> matches <c>yes</c>
/// (condition_values.json simulation[4]) and any string (simulation_defaults.json controls_string_bool_false).
/// </summary>
public static class BoolCondition
{
    public static bool Pair(in PolicyValue policy, string request) => IsTrue(policy.Text) == IsTrue(request);

    private static bool IsTrue(string text) => string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
}
