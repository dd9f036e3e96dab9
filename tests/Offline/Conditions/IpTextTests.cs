using System.Net;
using Conformance.Model.Conditions;

namespace Conformance.Offline.Tests.Conditions;

/// <summary>
/// How IAM reads addresses and blocks (<see cref="IpText"/>). Each case cites the recorded AWS answer that settles it:
/// tests/Recorded/simulate-custom-policy-2.jsonl, condition_ip.json:simulation[N], written [N]. A case marked
/// "same rule, not itself recorded" applies the rule that [N] settles to a text no recording holds; live IAM is the
/// probe for it.
/// </summary>
public sealed class IpTextTests
{
    [Theory]
    [InlineData("192.000.002.1", "192.0.2.1")] // [22], [28]: leading zeros are decimal, not octal
    [InlineData("192.0.2.255", "192.0.2.255")] // [2]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1")] // [70]
    [InlineData("2001:db8:0:0:ffff:ffff:ffff:ffff", "2001:db8::ffff:ffff:ffff:ffff")] // [64]
    [InlineData("2001:db8:0:1::", "2001:db8:0:1::")] // [66]: a trailing gap
    [InlineData("2001:db8:::1", "2001:db8::1")] // [82], [83], [112]: a run of two empty parts is the gap
    [InlineData(":2001:db8::1", "0:2001:db8::1")] // [139]: a single leading empty part is a zero group
    [InlineData("2001:db8::1:", "2001:db8::1")] // [114]: a trailing colon adds nothing
    public void TryParseAddress_TextIamReads_IsThatAddress(string text, string expected)
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl condition_ip.json:simulation[N] as noted on each case
        Assert.True(IpText.TryParseAddress(text, out var address));
        Assert.Equal(IPAddress.Parse(expected), address);
    }

    [Theory]
    [InlineData("::1::", "::1")] // the split drops the trailing empty parts, as in [114]: only the leading gap is left
    [InlineData("::1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8")] // a leading gap beside eight groups stands for none: Open question (IpText.cs)
    public void TryParseAddress_LeadingGapBesideWhatTheSplitDrops_IsThatAddress(string text, string expected)
    {
        // IpText.cs rule settled by condition_ip.json:simulation[114], [139] (Java split parts; a leading pair of empty parts is the gap);
        // same rule, not itself recorded
        Assert.True(IpText.TryParseAddress(text, out var address));
        Assert.Equal(IPAddress.Parse(expected), address);
    }

    [Fact]
    public void TryParseAddress_Ipv4Mapped_IsTheIpv4Address()
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl condition_ip.json:simulation[45] (::ffff:c000:201 is outside ::ffff:c000:200/120)
        Assert.True(IpText.TryParseAddress("::ffff:c000:201", out var address));
        Assert.Equal(IPAddress.Parse("192.0.2.1"), address);
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, address.AddressFamily);
    }

    [Theory]
    [InlineData("192.0.513")] // [30]: three parts
    [InlineData("3221225985")] // [32]: one integer
    [InlineData("not-an-ip")] // condition_values.json:simulation[5] in simulate-custom-policy.jsonl
    [InlineData("2001:db8::::1")] // [118]: a run of four empty parts
    [InlineData("2001::db8::1")] // [123]: two gaps
    [InlineData("2001::db8:::1")] // [124]: two gaps, one of them doubled
    [InlineData("fe80::1%eth0")] // [128]: zone id
    [InlineData("fe80::1%1")] // [130]: numeric zone id
    [InlineData("[2001:db8::1]")] // [132]: brackets
    [InlineData("2001:db8::192.0.2.1")] // [72]: dotted IPv4 tail
    public void TryParseAddress_TextIamDoesNotRead_IsNotAnAddress(string text)
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl condition_ip.json:simulation[N] as noted on each case (IpAddress and NotIpAddress both false)
        Assert.False(IpText.TryParseAddress(text, out _));
    }

    [Theory]
    [InlineData("192.0.2.1.5")] // five parts
    [InlineData("192..2.1")] // an empty part
    [InlineData("192.0.2.")] // a trailing dot
    [InlineData("1920.0.2.1")] // four digits
    [InlineData("0192.0.2.1")] // four digits under 256: Open question (IpText.cs)
    [InlineData("192.0.2.256")] // above 255
    [InlineData("192.0.2.-1")] // not a digit
    public void TryParseAddress_NotFourDecimalPartsUpTo255_IsNotAnAddress(string text)
    {
        // IpText.cs rule settled by condition_ip.json:simulation[30], [32] (exactly four decimal parts 0–255); same rule, not itself recorded
        Assert.False(IpText.TryParseAddress(text, out _));
    }

    [Theory]
    [InlineData(":::1")] // three leading empty parts
    [InlineData(":::")] // nothing but empty parts
    [InlineData("1:2:3:4:5:6:7")] // seven groups and no gap
    [InlineData("1:2:3:4:5:6:7:8:9")] // nine groups
    [InlineData("1:2:3:4:5:6:7:8:9:a:b")] // more than ten parts
    [InlineData("2001:db8::12345")] // a group of five hex digits
    [InlineData("2001:db8::g")] // not hex
    [InlineData("::db8::1")] // two gaps, the first one leading
    public void TryParseAddress_Ipv6OutsideTheSplitRule_IsNotAnAddress(string text)
    {
        // IpText.cs rule settled by condition_ip.json:simulation[82], [118], [123], [139] (Java split parts, one gap of one or two empty parts); same rule, not itself recorded
        Assert.False(IpText.TryParseAddress(text, out _));
    }

    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.0/24")] // [0]
    [InlineData("192.0.2.1", "192.0.2.1/32")] // [12]: a bare address is one host
    [InlineData("2001:db8::1", "2001:db8::1/128")] // [61]
    [InlineData("192.0.2.0/0", "0.0.0.0/0")] // [17]: IPv4 host bits are masked (203.0.113.1 is inside)
    [InlineData("192.0.2.0/+24", "192.0.2.0/24")] // [27]: a plus sign
    [InlineData("2001:DB8::/064", "2001:db8::/64")] // [70]: leading zeros
    [InlineData("2001:db8::4/127", "2001:db8::4/127")] // [93], [94]
    [InlineData("::/0", "::/0")] // [54]
    [InlineData("0:2001:db8::1/128", "0:2001:db8::1/128")] // [139]
    public void TryParseNetwork_BlockIamReads_IsThatNetwork(string text, string expected)
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl condition_ip.json:simulation[N] as noted on each case
        Assert.True(IpText.TryParseNetwork(text, out var network));
        Assert.Equal(IPNetwork.Parse(expected), network);
    }

    [Fact]
    public void TryParseNetwork_Ipv4HostBitsUnderAPrefix_AreMasked()
    {
        // IpText.cs rule settled by condition_ip.json:simulation[17] (192.0.2.0/0 holds 203.0.113.1); same rule, not itself recorded
        Assert.True(IpText.TryParseNetwork("203.0.113.7/24", out var network));
        Assert.Equal(IPNetwork.Parse("203.0.113.0/24"), network);
    }

    [Theory]
    [InlineData("2001:db8::5/64")] // [69], [85], [86]: IPv6 host bits set
    [InlineData("2001:db8::5/127")] // [88]
    [InlineData("192.0.2.0/33")] // [76]: prefix above 32
    [InlineData("2001:db8::/129")] // [78]: prefix above 128
    [InlineData("::ffff:192.0.2.0/120")] // [41]: dotted IPv4 tail
    [InlineData("2001:db8::192.0.2.0/120")] // [74]
    [InlineData("not-an-ip")] // [102]
    public void TryParseNetwork_BlockIamDoesNotRead_IsNotANetwork(string text)
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl condition_ip.json:simulation[N] as noted on each case (IpAddress and NotIpAddress both false)
        Assert.False(IpText.TryParseNetwork(text, out _));
    }

    [Theory]
    [InlineData("192.0.2.0/")]
    [InlineData("192.0.2.0/+")]
    [InlineData("192.0.2.0/-24")]
    [InlineData("192.0.2.0/2a")]
    [InlineData("192.0.2.0/ 24")]
    public void TryParseNetwork_PrefixNotDecimal_IsNotANetwork(string text)
    {
        // IpText.cs rule settled by condition_ip.json:simulation[27], [70] (decimal, optional plus, leading zeros); same rule, not itself recorded
        Assert.False(IpText.TryParseNetwork(text, out _));
    }

    [Theory]
    [InlineData("192.0.2.1", true)] // [13]
    [InlineData("::ffff:192.0.2.1", true)] // [43]: accepted as a context value, though conditions cannot read it
    [InlineData("2001:db8:::1", true)] // [83]
    [InlineData("192.0.2.1/32", false)] // [35]: never a block
    [InlineData("192.0.513", false)] // [31]
    [InlineData("not-an-ip", false)] // [81]
    [InlineData("2001::db8::1", false)] // [123]
    [InlineData("2001::db8:::1", false)] // [125]
    [InlineData("fe80::1%eth0", false)] // [129]
    [InlineData("fe80::1%1", false)] // [131]
    [InlineData("[2001:db8::1]", false)] // [133]
    public void IsContextAddress_ValueOfTypeIp_AcceptedAsIamDoes(string text, bool accepted)
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl condition_ip.json:simulation[N] as noted on each case (InvalidInput when not accepted)
        Assert.Equal(accepted, IpText.IsContextAddress(text));
    }
}
