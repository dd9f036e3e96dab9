using Conformance.Model.Conditions;
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

    [Theory]
    [InlineData("::ffff:c000:200/120", "::ffff:c000:201", false)] // [45]: the request address is read as 192.0.2.1, the block as written
    [InlineData("192.0.2.0/0", "2001:db8::1", false)] // [18], [19]: an IPv6 address is outside an IPv4 block
    [InlineData("::/0", "192.0.2.1", false)] // [54], [55]: an IPv4 address is outside an IPv6 block
    [InlineData("::/0", "2001:db8::1", true)] // [56]
    [InlineData("2001:db8::4/127", "2001:db8::5", true)] // [94]
    [InlineData("2001:db8::4/127", "2001:db8::6", false)] // [96], [97]
    [InlineData("192.0.2.0/31", "192.0.2.1", true)] // [9]
    [InlineData("192.0.2.0/31", "192.0.2.2", false)] // [11]
    public void IpAddress_AddressAgainstABlockOfEitherFamily_HoldsAsRecorded(string block, string address, bool inside)
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl condition_ip.json:simulation[N] as noted on each case (IpAddress and NotIpAddress opposite)
        Assert.Equal(inside, ConditionHolds($$$"""{"IpAddress": {"aws:SourceIp": "{{{block}}}"}}""", Key(SourceIp, ContextKeyType.Ip, address)));
        Assert.Equal(!inside, ConditionHolds($$$"""{"NotIpAddress": {"aws:SourceIp": "{{{block}}}"}}""", Key(SourceIp, ContextKeyType.Ip, address)));
    }

    [Theory]
    [InlineData("2001:db8::5/64", "2001:db8::1")] // [69]: IPv6 host bits set
    [InlineData("2001:db8::5/64", "2001:db8::5")] // [85]: even for the address written in the block
    [InlineData("::ffff:192.0.2.0/120", "192.0.2.1")] // [41]: a dotted IPv4 tail
    [InlineData("192.0.2.0/33", "192.0.2.1")] // [76]: prefix above 32
    [InlineData("2001:db8::/129", "2001:db8::1")] // [79]: prefix above 128
    [InlineData("192.0.2.0/24", "192.0.513")] // [30]: a request value that is not an address
    [InlineData("2001:db8::/64", "2001:db8::192.0.2.1")] // [72]
    public void IpAddressAndNotIpAddress_BlockOrAddressIamCannotRead_NeitherHolds(string block, string address)
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl condition_ip.json:simulation[N] as noted on each case (both operators false)
        Assert.False(ConditionHolds($$$"""{"IpAddress": {"aws:SourceIp": "{{{block}}}"}}""", Key(SourceIp, address)));
        Assert.False(ConditionHolds($$$"""{"NotIpAddress": {"aws:SourceIp": "{{{block}}}"}}""", Key(SourceIp, address)));
    }

    [Theory]
    [InlineData("""["not-an-ip", "192.0.2.0/24"]""", "192.0.3.1", false, false)] // [102], [103]: an unreadable block first stops the reading
    [InlineData("""["192.0.2.0/24", "not-an-ip"]""", "192.0.2.1", true, false)] // [104]: a match before it counts
    [InlineData("""["192.0.2.0/24", "not-an-ip"]""", "192.0.3.1", false, false)] // [106]
    [InlineData("""["2001:db8::/64", "2001:db8::5/64"]""", "2001:db8::1", true, false)] // [111]
    [InlineData("""["2001:db8::5/64", "2001:db8::/64"]""", "2001:db8::1", false, false)] // [108], [109]
    public void IpAddress_ListWithAnUnreadableBlock_ReadsUpToIt(string blocks, string address, bool ipAddress, bool notIpAddress)
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl condition_ip.json:simulation[N] as noted on each case
        Assert.Equal(ipAddress, ConditionHolds($$$"""{"IpAddress": {"aws:SourceIp": {{{blocks}}}}}""", Key(SourceIp, ContextKeyType.Ip, address)));
        Assert.Equal(notIpAddress, ConditionHolds($$$"""{"NotIpAddress": {"aws:SourceIp": {{{blocks}}}}}""", Key(SourceIp, ContextKeyType.Ip, address)));
    }

    [Fact]
    public void Pair_OperatorOfAnotherFamily_Throws()
    {
        // IpCondition.cs: the operator families are a closed set; an operator that is not IpAddress or NotIpAddress is a caller's error, never a silent false
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            IpCondition.Pair(BaseOperator.StringEquals, new PolicyValue("192.0.2.0/24", null, Resolved: true), "192.0.2.1"));
    }

    [Fact]
    public void TryParseNetwork_Ipv4BlockWithHostBits_IsTheMaskedBlock()
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl condition_ip.json:simulation[17] (192.0.2.0/0 holds 203.0.113.1: IPv4 host bits are masked)
        Assert.True(IpText.TryParseNetwork("192.0.2.0/0", out var network));
        Assert.Equal(System.Net.IPNetwork.Parse("0.0.0.0/0"), network);
    }
}
