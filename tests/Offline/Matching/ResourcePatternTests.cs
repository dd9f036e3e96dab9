using Conformance.Model.Evaluation;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Matching;

public sealed class ResourcePatternTests
{
    private static EvalDecision Allowing(string resourcePattern, string resource) =>
        Decide([Statement("Allow", "ssm:SendCommand", resourcePattern)], SendCommandAction, resource).Decision;

    [Theory]
    [InlineData("arn:aws:ec2:*:*:instance/*", InstanceArn, true)]
    [InlineData("arn:aws:ec2:us-east-?:123456789012:instance/i-*", InstanceArn, true)]
    [InlineData("arn:aws:ec2:us-west-2:*:instance/*", InstanceArn, false)]
    [InlineData("arn:aws:ec2:*:210987654321:instance/*", InstanceArn, false)]
    [InlineData("arn:aws:ec2:*:123456789012:instance/*", "arn:aws:ec2:us-east-1:999:123456789012:instance/i-1", false)]
    [InlineData("*", InstanceArn, true)]
    public void Resource_ArnPattern_MatchesFieldByField(string pattern, string resource, bool allowed)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html (wildcards * and ? in ARN segments, each colon-delimited segment matched separately)
        Assert.Equal(allowed ? EvalDecision.Allowed : EvalDecision.ImplicitDeny, Allowing(pattern, resource));
    }

    [Fact]
    public void Resource_WildcardInResourcePart_SpansColonsAndSlashes()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html (the resource part may itself contain colons; recorded: conditions.json resource_trailing_wildcard_colon)
        Assert.Equal(EvalDecision.Allowed, Allowing("arn:aws:s3:::bucket*", "arn:aws:s3:::bucket:suffix/object"));
        Assert.Equal(EvalDecision.Allowed, Allowing("arn:aws:ssm:*:*:document/*", "arn:aws:ssm:us-east-1:123456789012:document/a:b/c"));
    }

    [Fact]
    public void Resource_WildcardMatchesEmptyText()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html (DOC-EXAMPLE-BUCKET/*/test/* matches DOC-EXAMPLE-BUCKET//test/object.jpg)
        Assert.Equal(EvalDecision.Allowed, Allowing("arn:aws:s3:::DOC-EXAMPLE-BUCKET/*/test/*", "arn:aws:s3:::DOC-EXAMPLE-BUCKET//test/object.jpg"));
    }

    [Fact]
    public void Resource_AwsOwnedDocumentWithEmptyAccount_MatchedByWildcardAccount()
    {
        // https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html (AWS-owned documents have an empty account field; * matches the empty field)
        Assert.Equal(EvalDecision.Allowed, Allowing("arn:aws:ssm:*:*:document/*", AwsOwnedDocumentArn));
    }

    [Fact]
    public void Resource_LiteralEmptyAccountField_MatchesOnlyAwsOwnedDocuments()
    {
        // https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html (example statement arn:aws:ssm:us-east-2::document/AWS-* with an empty account field)
        Assert.Equal(EvalDecision.Allowed, Allowing("arn:aws:ssm:us-east-1::document/AWS-*", AwsOwnedDocumentArn));
        Assert.Equal(EvalDecision.ImplicitDeny, Allowing("arn:aws:ssm:us-east-1::document/AWS-*", "arn:aws:ssm:us-east-1:123456789012:document/AWS-RunShellScript"));
    }

    [Fact]
    public void NotResourceAllow_ListedResource_IsNotAllowed()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html (NotResource with Allow: every resource except the listed ones)
        var policy = """{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ssm:SendCommand", "NotResource": "arn:aws:ssm:*:*:document/AWS-*"}}""";
        Assert.Equal(EvalDecision.ImplicitDeny, Decide([policy], SendCommandAction, AwsOwnedDocumentArn).Decision);
        Assert.Equal(EvalDecision.Allowed, Decide([policy], SendCommandAction, DocumentArn).Decision);
    }

    [Fact]
    public void NotResourceDeny_DeniesEveryResourceNotListed()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html (NotResource with Deny denies every resource not listed)
        var allow = Statement("Allow", "ssm:SendCommand", "*");
        var deny = """{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "ssm:SendCommand", "NotResource": "arn:aws:ssm:*:*:document/AWS-*"}}""";
        Assert.Equal(EvalDecision.ExplicitDeny, Decide([allow, deny], SendCommandAction, DocumentArn).Decision);
        Assert.Equal(EvalDecision.Allowed, Decide([allow, deny], SendCommandAction, AwsOwnedDocumentArn).Decision);
    }
}
