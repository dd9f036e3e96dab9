using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Conditions;

public sealed class ArnConditionTests
{
    private const string SourceArn = "aws:SourceArn";

    [Theory]
    [InlineData("arn:aws:ec2:*:123456789012:instance/*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1", true)]
    [InlineData("arn:aws:ec2:us-*:123456789012:instance/i-?", "arn:aws:ec2:us-west-2:123456789012:instance/i-1", true)]
    [InlineData("arn:aws:ec2:*:123456789012:instance/*", "arn:aws:ec2:us-east-1:210987654321:instance/i-1", false)]
    [InlineData("arn:aws:ec2:*:123456789012:instance/*", "arn:aws:ec2:us-east-1:999:123456789012:instance/i-1", false)]
    [InlineData("arn:aws:ec2:*:123456789012:instance/*", "arn:aws:EC2:us-east-1:123456789012:instance/i-1", false)]
    public void ArnLike_MatchesEachOfTheSixFieldsSeparately(string pattern, string arn, bool expected)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN (each of the six colon-delimited components is checked separately, case-sensitive, wildcards allowed)
        Assert.Equal(expected, ConditionHolds($$$"""{"ArnLike": {"aws:SourceArn": "{{{pattern}}}"}}""", Key(SourceArn, arn)));
    }

    [Fact]
    public void ArnEquals_WithWildcards_BehavesLikeArnLike()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN (ArnEquals, ArnLike: case-sensitive matching of the ARN, wildcards in each component)
        const string block = """{"ArnEquals": {"aws:SourceArn": "arn:aws:ssm:*:*:document/AWS-*"}}""";
        Assert.True(ConditionHolds(block, Key(SourceArn, AwsOwnedDocumentArn)));
        Assert.False(ConditionHolds(block, Key(SourceArn, DocumentArn)));
    }

    [Fact]
    public void ArnNotLike_ArnOutsideThePattern_Holds()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN (ArnNotEquals, ArnNotLike: negated matching)
        const string block = """{"ArnNotLike": {"aws:SourceArn": "arn:aws:ssm:*:*:document/AWS-*"}}""";
        Assert.True(ConditionHolds(block, Key(SourceArn, DocumentArn)));
        Assert.False(ConditionHolds(block, Key(SourceArn, AwsOwnedDocumentArn)));
    }

    [Theory]
    [InlineData("not-an-arn")] // recorded as it stands: tests/Recorded/simulate-custom-policy.jsonl lines 53 and 54
    [InlineData("arn:aws")]
    [InlineData("arn:aws:iam")]
    [InlineData("arn:aws:iam:")]
    [InlineData("arn:aws:iam::123456789012")]
    public void ArnLikeAndArnNotLike_ValueWithFewerThanSixFields_NeitherHolds(string value)
    {
        // tests/Recorded/simulate-custom-policy.jsonl lines 53 and 54 (condition_values.json:simulation[0], [1]: a request value that is
        // not an ARN makes ArnLike and ArnNotLike both false); one to four colons make two to five of the six colon-delimited
        // components an ARN has (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html, ARN format), so not an ARN either
        Assert.False(ConditionHolds("""{"ArnLike": {"aws:SourceArn": "arn:aws:iam::*:user/*"}}""", Key(SourceArn, value)));
        Assert.False(ConditionHolds("""{"ArnNotLike": {"aws:SourceArn": "arn:aws:iam::*:user/*"}}""", Key(SourceArn, value)));
        Assert.False(ConditionHolds("""{"ArnNotEquals": {"aws:SourceArn": "arn:aws:iam::*:user/*"}}""", Key(SourceArn, value)));
    }

    [Fact]
    public void ArnNotLike_ValueWithExactlySixFieldsOutsideThePattern_Holds()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html (arn:partition:service:region:account-id:resource, six fields and five colons) and the operators page, ArnNotLike (negated matching)
        Assert.True(ConditionHolds("""{"ArnNotLike": {"aws:SourceArn": "arn:aws:iam::*:user/*"}}""", Key(SourceArn, "arn:aws:s3:::bucket")));
        Assert.False(ConditionHolds("""{"ArnNotLike": {"aws:SourceArn": "arn:aws:iam::*:user/*"}}""", Key(SourceArn, "arn:aws:iam::123456789012:user/alice")));
    }
}
