using Conformance.Model.Conditions;
using Conformance.Model.Matching;

namespace Conformance.Offline.Tests.Conditions;

/// <summary>
/// The operator families are a closed set (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
/// a family's comparison given another family's operator is a programming error, refused with a message that says which
/// family it expected (STYLE: an operator the model does not understand is never a silent false).
/// </summary>
public sealed class OperatorFamilyGuardTests
{
    private static readonly PolicyValue Value = new("x", null, Resolved: true);

    public static TheoryData<string, string> Guards => new()
    {
        { "String", "not a String operator" },
        { "Numeric", "not a Numeric operator" },
        { "Date", "not a Date operator" },
        { "Ip", "not an IP operator" },
        { "Arn", "not an ARN operator" },
    };

    [Theory]
    [MemberData(nameof(Guards))]
    public void Pair_OperatorOfAnotherFamily_IsRefusedNamingTheFamily(string family, string message)
    {
        Action pair = family switch
        {
            "String" => () => StringCondition.Pair(BaseOperator.Bool, Value, "x"),
            "Numeric" => () => NumericCondition.Pair(BaseOperator.StringEquals, new PolicyValue("1", null, Resolved: true), "1"),
            "Date" => () => DateCondition.Pair(BaseOperator.StringEquals, new PolicyValue("2035-01-01", null, Resolved: true), "2035-01-01"),
            "Ip" => () => IpCondition.Pair(BaseOperator.StringEquals, new PolicyValue("192.0.2.0/24", null, Resolved: true), "192.0.2.1"),
            _ => () => ArnCondition.Pair(BaseOperator.StringEquals, new PolicyValue("arn:aws:s3:::bucket", null, Resolved: true), "arn:aws:s3:::bucket"),
        };
        var error = Assert.Throws<ArgumentOutOfRangeException>(pair);
        Assert.Equal("op", error.ParamName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FamilyOf_OperatorOutsideTheEnum_IsRefused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ConditionOperator.FamilyOf((BaseOperator)999));
        Assert.Contains("unknown operator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WildcardPattern_LiteralMaskOfAnotherLength_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new WildcardPattern("a*b", [false, true]));
        Assert.Equal("literalMask", error.ParamName);
        Assert.Contains("as long as the pattern", error.Message, StringComparison.Ordinal);
    }
}
