using System.Globalization;

namespace Conformance.Model.Conditions;

/// <summary>
/// Numeric operators (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric).
/// Recorded: <c>1</c> equals <c>01</c>, <c>+1</c>, <c>1.0</c>, <c>1e0</c>; a value that is not a number makes
/// every numeric comparison false, the negated one included (condition_values.json simulation[2]).
/// </summary>
public static class NumericCondition
{
    public static bool Pair(BaseOperator op, in PolicyValue policy, string request)
    {
        if (!TryParse(policy.Text, out var p) || !TryParse(request, out var r))
        {
            return false;
        }
        return op switch
        {
            BaseOperator.NumericEquals => r == p,
            BaseOperator.NumericNotEquals => r != p,
            BaseOperator.NumericLessThan => r < p,
            BaseOperator.NumericLessThanEquals => r <= p,
            BaseOperator.NumericGreaterThan => r > p,
            BaseOperator.NumericGreaterThanEquals => r >= p,
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a Numeric operator"),
        };
    }

    public static bool TryParse(string text, out double value)
    {
        if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out value) && double.IsFinite(value))
        {
            return true;
        }
        value = 0;
        return false;
    }
}
