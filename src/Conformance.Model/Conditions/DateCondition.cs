using System.Globalization;

namespace Conformance.Model.Conditions;

/// <summary>
/// Date operators (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date):
/// W3C ISO 8601 dates or epoch seconds. Recorded: <c>2030-01-01T00:00:00Z</c> equals <c>1893456000</c> and
/// <c>2030-01-01</c>; an unparsable request value makes <c>DateNotEquals</c> true (condition_values.json simulation[3]).
/// </summary>
public static class DateCondition
{
    // No year-only form ("yyyy"): four digits are read first as epoch seconds (TryParse), so such a format could never
    // apply. Open question: whether IAM reads "2030" as the year or as 2030 seconds after 1970; no recording says.
    private static readonly string[] Formats =
    [
        // K also reads an absent zone, and .FFFFFFF an absent fraction (its dot included), so these five forms are all.
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd", "yyyy-MM",
    ];

    public static bool Pair(BaseOperator op, in PolicyValue policy, string request)
    {
        var bothParse = TryParse(policy.Text, out var p) & TryParse(request, out var r);
        if (!bothParse)
        {
            return op == BaseOperator.DateNotEquals;
        }
        return op switch
        {
            BaseOperator.DateEquals => r == p,
            BaseOperator.DateNotEquals => r != p,
            BaseOperator.DateLessThan => r < p,
            BaseOperator.DateLessThanEquals => r <= p,
            BaseOperator.DateGreaterThan => r > p,
            BaseOperator.DateGreaterThanEquals => r >= p,
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a Date operator"),
        };
    }

    /// <summary>
    /// Reads a date; also what a context value of type <c>date</c> must be (recorded: simulate-custom-policy-2.jsonl
    /// simulation_inputs.json:input_context_date_*). Open question: IAM documents epoch seconds but not their range; the
    /// model reads those strictly between 0001-01-01 and 10000-01-01 and takes any other number as unreadable text.
    /// </summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var epoch) &&
            epoch is > -62135596800 and < 253402300800)
        {
            value = DateTimeOffset.FromUnixTimeSeconds(epoch);
            return true;
        }
        // A value without a zone is UTC. Its offset is not brought to zero: the operators compare instants, and
        // ContextValueFormats prints UtcDateTime.
        return DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }
}
