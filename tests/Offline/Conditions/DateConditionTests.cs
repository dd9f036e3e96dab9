using Conformance.Model.Evaluation;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Conditions;

public sealed class DateConditionTests
{
    private const string CurrentTime = "aws:CurrentTime";

    [Theory]
    [InlineData("DateGreaterThan", "2018-08-16T12:00:00Z", "2019-04-25T11:00:00Z", true)]
    [InlineData("DateGreaterThan", "2018-08-16T12:00:00Z", "2018-08-16T12:00:00Z", false)]
    [InlineData("DateGreaterThanEquals", "2018-08-16T12:00:00Z", "2018-08-16T12:00:00Z", true)]
    [InlineData("DateLessThan", "2018-08-16T12:00:00Z", "2018-08-16T11:59:59Z", true)]
    [InlineData("DateLessThan", "2018-08-16T12:00:00Z", "2018-08-16T12:00:00Z", false)]
    [InlineData("DateLessThanEquals", "2018-08-16T12:00:00Z", "2018-08-16T12:00:00Z", true)]
    [InlineData("DateGreaterThanEquals", "2018-08-16T12:00:00Z", "2018-08-16T11:59:59Z", false)]
    [InlineData("DateLessThanEquals", "2018-08-16T12:00:00Z", "2018-08-16T12:00:01Z", false)]
    [InlineData("DateEquals", "2018-08-16T12:00:00Z", "2018-08-16T12:00:00Z", true)]
    [InlineData("DateNotEquals", "2018-08-16T12:00:00Z", "2018-08-16T12:00:01Z", true)]
    public void DateOperator_ComparesIso8601Dates(string op, string policyValue, string requestValue, bool expected)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date (date condition operators table, W3C ISO 8601 formats)
        Assert.Equal(expected, ConditionHolds($$$"""{"{{{op}}}": {"aws:CurrentTime": "{{{policyValue}}}"}}""", Key(CurrentTime, ContextKeyType.Date, requestValue)));
    }

    [Fact]
    public void DateEquals_EpochSecondsInPolicy_EqualsTheSameInstantInIso8601()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date (values may be given in epoch (UNIX) time)
        Assert.True(ConditionHolds("""{"DateEquals": {"aws:CurrentTime": "1893456000"}}""", Key(CurrentTime, ContextKeyType.Date, "2030-01-01T00:00:00Z")));
    }

    [Fact]
    public void DateLessThan_EpochSecondsInRequest_ComparesAsAnInstant()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date (values may be given in epoch (UNIX) time)
        Assert.True(ConditionHolds("""{"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}""", Key(CurrentTime, ContextKeyType.Date, "1893455999")));
        Assert.False(ConditionHolds("""{"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}""", Key(CurrentTime, ContextKeyType.Date, "1893456000")));
    }
}
