using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Conditions;

public sealed class NumericConditionTests
{
    private const string MaxKeys = "s3:max-keys";

    [Theory]
    [InlineData("NumericEquals", "10", "10", true)]
    [InlineData("NumericEquals", "10", "11", false)]
    [InlineData("NumericNotEquals", "10", "11", true)]
    [InlineData("NumericNotEquals", "10", "10", false)]
    [InlineData("NumericLessThan", "10", "9", true)]
    [InlineData("NumericLessThan", "10", "10", false)]
    [InlineData("NumericLessThanEquals", "10", "10", true)]
    [InlineData("NumericLessThanEquals", "10", "11", false)]
    [InlineData("NumericGreaterThan", "10", "11", true)]
    [InlineData("NumericGreaterThan", "10", "10", false)]
    [InlineData("NumericGreaterThanEquals", "10", "10", true)]
    [InlineData("NumericGreaterThanEquals", "10", "9", false)]
    [InlineData("NumericLessThan", "2.5", "2.25", true)]
    [InlineData("NumericEquals", "-3", "-3", true)]
    public void NumericOperator_ComparesRequestValueWithPolicyValue(string op, string policyValue, string requestValue, bool expected)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric (numeric condition operators table)
        Assert.Equal(expected, ConditionHolds($$$"""{"{{{op}}}": {"s3:max-keys": "{{{policyValue}}}"}}""", Key(MaxKeys, Conformance.Model.Evaluation.ContextKeyType.Numeric, requestValue)));
    }

    [Fact]
    public void NumericLessThan_PolicyValueAsJsonNumber_ComparesNumerically()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (The policy language and JSON: quotation marks are optional for numeric values)
        Assert.True(ConditionHolds("""{"NumericLessThan": {"s3:max-keys": 10}}""", Key(MaxKeys, Conformance.Model.Evaluation.ContextKeyType.Numeric, "9")));
    }
}
