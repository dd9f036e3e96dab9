using Conformance.Model.Evaluation;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Policies;

/// <summary>Policy variables, as they act in conditions and in Resource/NotResource.</summary>
public sealed class PolicyTemplateTests
{
    [Fact]
    public void UsernameVariableInCondition_SubstitutesTheCallerName()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (Using variables in policies: ${aws:username} is replaced by the value from the request)
        const string block = """{"StringEquals": {"ssm:resourceTag/Owner": "${aws:username}"}}""";
        Assert.True(ConditionHolds(block, Key("ssm:resourceTag/Owner", "alice"), Key("aws:username", "alice")));
        Assert.False(ConditionHolds(block, Key("ssm:resourceTag/Owner", "bob"), Key("aws:username", "alice")));
    }

    [Fact]
    public void VariableKeyName_DifferentCase_IsTheSameKey()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (Important: variable key names are case-insensitive, ${aws:CurrentTime} equals ${AWS:CURRENTTIME})
        Assert.True(ConditionHolds("""{"StringEquals": {"ssm:resourceTag/Owner": "${AWS:UserName}"}}""", Key("ssm:resourceTag/Owner", "alice"), Key("aws:username", "alice")));
    }

    [Fact]
    public void PrincipalTagVariable_SubstitutesTheTagValue()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (Tags as policy variables: ${aws:PrincipalTag/department})
        const string block = """{"StringEquals": {"ssm:resourceTag/Team": "${aws:PrincipalTag/team}"}}""";
        Assert.True(ConditionHolds(block, Key("ssm:resourceTag/Team", "blue"), Key("aws:PrincipalTag/team", "blue")));
        Assert.False(ConditionHolds(block, Key("ssm:resourceTag/Team", "red"), Key("aws:PrincipalTag/team", "blue")));
    }

    [Fact]
    public void VariableWithDefault_KeyAbsent_UsesTheDefault()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (Specifying default values: ${aws:PrincipalTag/team, 'company-wide'})
        const string block = """{"StringEquals": {"ssm:resourceTag/Team": "${aws:PrincipalTag/team, 'company-wide'}"}}""";
        Assert.True(ConditionHolds(block, Key("ssm:resourceTag/Team", "company-wide")));
        Assert.True(ConditionHolds(block, Key("ssm:resourceTag/Team", "blue"), Key("aws:PrincipalTag/team", "blue")));
        Assert.False(ConditionHolds(block, Key("ssm:resourceTag/Team", "company-wide"), Key("aws:PrincipalTag/team", "blue")));
    }

    [Theory]
    [InlineData("a${*}", "a*", true)]
    [InlineData("a${*}", "ab", false)]
    [InlineData("a${?}", "a?", true)]
    [InlineData("a${?}", "ab", false)]
    [InlineData("cost${$}", "cost$", true)]
    public void SpecialCharacterEscape_InStringLike_IsALiteralCharacter(string pattern, string value, bool expected)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (Special characters: ${*}, ${?} and ${$} stand for a literal *, ? and $)
        Assert.Equal(expected, ConditionHolds($$$"""{"StringLike": {"ssm:resourceTag/Name": "{{{pattern}}}"}}""", Key("ssm:resourceTag/Name", value)));
    }

    [Theory]
    [InlineData("2008-10-17")]
    [InlineData(null)]
    public void Variable_UnderOldOrNoVersion_IsLiteralText(string? version)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html (policy variables are not recognised under 2008-10-17 or without Version; ${aws:username} is literal text)
        const string block = """{"StringEquals": {"ssm:resourceTag/Owner": "${aws:username}"}}""";
        Assert.True(ConditionHolds(block, version, Key("ssm:resourceTag/Owner", "${aws:username}"), Key("aws:username", "alice")));
        Assert.False(ConditionHolds(block, version, Key("ssm:resourceTag/Owner", "alice"), Key("aws:username", "alice")));
    }

    [Fact]
    public void VariableWithoutValue_PositiveOperator_DoesNotMatch()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (Policy variables with no value: StringEquals, StringLike do not match)
        Assert.False(ConditionHolds("""{"StringEquals": {"ssm:resourceTag/Team": "${aws:PrincipalTag/team}"}}""", Key("ssm:resourceTag/Team", "")));
        Assert.False(ConditionHolds("""{"StringLike": {"ssm:resourceTag/Team": "${aws:PrincipalTag/team}*"}}""", Key("ssm:resourceTag/Team", "blue")));
    }

    [Fact]
    public void VariableWithoutValue_NegatedOperator_Matches()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (Policy variables with no value: StringNotEquals, StringNotLike match)
        Assert.True(ConditionHolds("""{"StringNotEquals": {"ssm:resourceTag/Team": "${aws:PrincipalTag/team}"}}""", Key("ssm:resourceTag/Team", "blue")));
        Assert.True(ConditionHolds("""{"StringNotLike": {"ssm:resourceTag/Team": "${aws:PrincipalTag/team}*"}}""", Key("ssm:resourceTag/Team", "blue")));
    }

    [Fact]
    public void VariableInResource_SubstitutesTheCallerName()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (Resource element: variables in the resource part of the ARN)
        var policy = Statement("Allow", "ssm:SendCommand", "arn:aws:ssm:*:*:document/${aws:username}-*");
        var context = new RequestContext([Key("aws:username", "alice")]);
        Assert.Equal(EvalDecision.Allowed, Decide([policy], SendCommandAction, "arn:aws:ssm:us-east-1:123456789012:document/alice-restart", context).Decision);
        Assert.Equal(EvalDecision.ImplicitDeny, Decide([policy], SendCommandAction, "arn:aws:ssm:us-east-1:123456789012:document/bob-restart", context).Decision);
    }

    [Fact]
    public void VariableWithoutValueInResource_MatchesNoResource()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (Policy variables with no value: in Resource the entry matches no resource)
        var policy = Statement("Allow", "ssm:SendCommand", "arn:aws:ssm:*:*:document/${aws:PrincipalTag/team}*");
        Assert.Equal(EvalDecision.ImplicitDeny, Decide([policy], SendCommandAction, "arn:aws:ssm:us-east-1:123456789012:document/restart").Decision);
    }

    [Fact]
    public void VariableWithoutValueInNotResource_ExcludesNothing()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (Policy variables with no value: in NotResource the entry matches no resource, so it excludes none)
        var policy = """{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ssm:SendCommand", "NotResource": "arn:aws:ssm:*:*:document/${aws:PrincipalTag/team}*"}}""";
        Assert.Equal(EvalDecision.Allowed, Decide([policy], SendCommandAction, "arn:aws:ssm:us-east-1:123456789012:document/restart").Decision);
    }

    [Fact]
    public void PrincipalTagVariable_KeyWithSpacesAndSymbols_IsResolved()
    {
        // Tag keys may contain spaces and + - = . _ : / @ (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html,
        // tag naming limits); the variables page names ${aws:PrincipalTag/tag-key} without restricting the key. Found by
        // the differential run against iam-simulate; no recorded AWS answer covers it.
        const string block = """{"StringEquals": {"ssm:resourceTag/Cost center": "${aws:PrincipalTag/Cost center}"}}""";
        Assert.True(ConditionHolds(block, Key("ssm:resourceTag/Cost center", "cc-1"), Key("aws:PrincipalTag/Cost center", "cc-1")));
        Assert.False(ConditionHolds(block, Key("ssm:resourceTag/Cost center", "cc-2"), Key("aws:PrincipalTag/Cost center", "cc-1")));
    }
}
