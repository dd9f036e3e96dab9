using Conformance.Model.Evaluation;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Evaluation;

public sealed class RequestContextTests
{
    [Fact]
    public void ConditionKeyName_DifferentCase_IsTheSameKey()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html (condition key names are not case-sensitive: aws:SourceIP is the same as AWS:SourceIp)
        Assert.True(ConditionHolds("""{"IpAddress": {"AWS:SourceIp": "203.0.113.0/24"}}""", Key("aws:SourceIP", ContextKeyType.Ip, "203.0.113.7")));
    }

    [Theory]
    [InlineData("aws:ResourceTag/Finance", "aws:resourcetag/finance")]
    [InlineData("aws:ResourceTag/TagKey1", "AWS:RESOURCETAG/tagkey1")]
    [InlineData("ssm:resourceTag/Finance", "ssm:ResourceTag/FINANCE")]
    [InlineData("ssm:ResourceTag/Finance", "ssm:resourceTag/finance")]
    public void TagKeyPartOfConditionKey_DifferentCase_IsTheSameKey(string policyKey, string contextKey)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html (aws:ResourceTag/TagKey1 matches a resource tag named TagKey1 or tagkey1: the key part is case-insensitive)
        Assert.True(ConditionHolds($$$"""{"StringEquals": {"{{{policyKey}}}": "WebServers"}}""", Key(contextKey, "WebServers")));
    }

    [Fact]
    public void TagValue_DifferentCase_StillComparedByTheOperator()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html (key names are case-insensitive; value case-sensitivity depends on the operator)
        Assert.False(ConditionHolds("""{"StringEquals": {"aws:ResourceTag/Finance": "WebServers"}}""", Key("aws:resourcetag/finance", "webservers")));
    }
}
