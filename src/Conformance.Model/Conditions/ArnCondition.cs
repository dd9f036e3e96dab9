using Conformance.Model.Matching;

namespace Conformance.Model.Conditions;

/// <summary>
/// ARN operators (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN):
/// <c>ArnEquals</c> and <c>ArnLike</c> behave alike, matching each of the six colon-separated fields with
/// <c>*</c>/<c>?</c>, case-sensitively. Recorded: a request value that is not an ARN makes both <c>ArnLike</c>
/// and <c>ArnNotLike</c> false (condition_values.json simulation[0] and [1]).
/// </summary>
public static class ArnCondition
{
    public static bool Pair(BaseOperator op, in PolicyValue policy, string request)
    {
        if (!Arn.HasSixFields(request))
        {
            return false;
        }
        var matches = policy.AsArnPattern().Matches(request);
        return op switch
        {
            BaseOperator.ArnEquals or BaseOperator.ArnLike => matches,
            BaseOperator.ArnNotEquals or BaseOperator.ArnNotLike => !matches,
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not an ARN operator"),
        };
    }
}
