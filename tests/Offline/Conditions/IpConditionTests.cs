using Conformance.Model.Evaluation;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Conditions;

public sealed class IpConditionTests
{
    private const string SourceIp = "aws:SourceIp";

    [Theory]
    [InlineData("203.0.113.0/24", "203.0.113.7", true)]
    [InlineData("203.0.113.0/24", "203.0.114.7", false)]
    [InlineData("203.0.113.7", "203.0.113.7", true)]
    [InlineData("203.0.113.7", "203.0.113.8", false)]
    [InlineData("2001:DB8:1234:5678::/64", "2001:db8:1234:5678::1", true)]
    [InlineData("2001:DB8:1234:5678::/64", "2001:db8:1234:5679::1", false)]
    [InlineData("2001:DB8:1234:5678::1", "2001:db8:1234:5678::1", true)]
    public void IpAddress_RequestAddressInsideTheRange_Holds(string range, string address, bool expected)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress (IPv4 or IPv6 CIDR; a bare IPv4 address is /32)
        Assert.Equal(expected, ConditionHolds($$$"""{"IpAddress": {"aws:SourceIp": "{{{range}}}"}}""", Key(SourceIp, ContextKeyType.Ip, address)));
    }

    [Fact]
    public void NotIpAddress_AddressOutsideEveryRange_Holds()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress (NotIpAddress: all addresses except the specified range)
        const string block = """{"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}}""";
        Assert.True(ConditionHolds(block, Key(SourceIp, ContextKeyType.Ip, "198.51.100.1")));
        Assert.False(ConditionHolds(block, Key(SourceIp, ContextKeyType.Ip, "203.0.113.9")));
        Assert.False(ConditionHolds(block, Key(SourceIp, ContextKeyType.Ip, "2001:db8:1234:5678::abcd")));
    }
}
