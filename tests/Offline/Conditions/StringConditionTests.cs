using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Conditions;

public sealed class StringConditionTests
{
    private const string Tag = "ssm:resourceTag/Finance";

    [Fact]
    public void StringEquals_SameValue_Holds()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String (StringEquals: exact matching, case sensitive)
        Assert.True(ConditionHolds("""{"StringEquals": {"ssm:resourceTag/Finance": "WebServers"}}""", Key(Tag, "WebServers")));
    }

    [Fact]
    public void StringEquals_DifferentCase_DoesNotHold()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String (StringEquals: exact matching, case sensitive)
        Assert.False(ConditionHolds("""{"StringEquals": {"ssm:resourceTag/Finance": "WebServers"}}""", Key(Tag, "webservers")));
    }

    [Fact]
    public void StringEquals_WildcardInPolicyValue_IsNotAWildcard()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String (only StringLike/StringNotLike take * and ? as wildcards)
        Assert.False(ConditionHolds("""{"StringEquals": {"ssm:resourceTag/Finance": "Web*"}}""", Key(Tag, "WebServers")));
    }

    [Fact]
    public void StringNotEquals_DifferentValue_Holds()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String (StringNotEquals: negated matching)
        Assert.True(ConditionHolds("""{"StringNotEquals": {"ssm:resourceTag/Finance": "WebServers"}}""", Key(Tag, "Database")));
        Assert.False(ConditionHolds("""{"StringNotEquals": {"ssm:resourceTag/Finance": "WebServers"}}""", Key(Tag, "WebServers")));
    }

    [Fact]
    public void StringEqualsIgnoreCase_DifferentCase_Holds()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String (StringEqualsIgnoreCase: exact matching, ignoring case)
        Assert.True(ConditionHolds("""{"StringEqualsIgnoreCase": {"ssm:resourceTag/Finance": "WebServers"}}""", Key(Tag, "WEBSERVERS")));
        Assert.False(ConditionHolds("""{"StringEqualsIgnoreCase": {"ssm:resourceTag/Finance": "WebServers"}}""", Key(Tag, "WebServer")));
    }

    [Fact]
    public void StringNotEqualsIgnoreCase_DifferentCaseOnly_DoesNotHold()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String (StringNotEqualsIgnoreCase: negated matching, ignoring case)
        Assert.False(ConditionHolds("""{"StringNotEqualsIgnoreCase": {"ssm:resourceTag/Finance": "WebServers"}}""", Key(Tag, "webSERVERS")));
        Assert.True(ConditionHolds("""{"StringNotEqualsIgnoreCase": {"ssm:resourceTag/Finance": "WebServers"}}""", Key(Tag, "Database")));
    }

    [Theory]
    [InlineData("Web*", "WebServers", true)]
    [InlineData("Web*", "Web", true)]
    [InlineData("*Servers", "WebServers", true)]
    [InlineData("Web*", "webServers", false)]
    [InlineData("Web?ervers", "WebServers", true)]
    [InlineData("Web?ervers", "Webervers", false)]
    [InlineData("Web?", "Web", false)]
    [InlineData("WebServers", "WebServers2", false)]
    [InlineData("*:*", "a:b/c", true)]
    public void StringLike_WildcardsOverTheWholeValue_MatchAsDocumented(string pattern, string value, bool expected)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String (StringLike: case-sensitive, multi-character * and single-character ? anywhere in the string)
        Assert.Equal(expected, ConditionHolds($$$"""{"StringLike": {"ssm:resourceTag/Finance": "{{{pattern}}}"}}""", Key(Tag, value)));
    }

    [Fact]
    public void StringNotLike_ValueMatchingThePattern_DoesNotHold()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String (StringNotLike: negated case-sensitive matching with wildcards)
        Assert.False(ConditionHolds("""{"StringNotLike": {"ssm:resourceTag/Finance": "Web*"}}""", Key(Tag, "WebServers")));
        Assert.True(ConditionHolds("""{"StringNotLike": {"ssm:resourceTag/Finance": "Web*"}}""", Key(Tag, "Database")));
    }
}
