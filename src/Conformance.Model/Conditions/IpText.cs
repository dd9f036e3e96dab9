using System.Net;
using System.Net.Sockets;

namespace Conformance.Model.Conditions;

/// <summary>
/// How IAM reads IP addresses and CIDR blocks, in policies and in request values. Not the platform's parser: that one
/// accepts <c>3221225985</c>, <c>192.0.513</c>, <c>fe80::1%eth0</c> and <c>[2001:db8::1]</c>, which IAM does not.
/// Every rule here is settled by simulate-custom-policy-2.jsonl (condition_ip.json:simulation[N], cited by N):
/// <list type="bullet">
/// <item>IPv4 is exactly four decimal parts of one to three digits, each 0–255; leading zeros are decimal
///   (<c>192.000.002.1</c> is 192.0.2.1: [22], [28]); <c>192.0.513</c> and <c>3221225985</c> are not addresses ([30], [32]).</item>
/// <item>IPv6 is read as the colon-separated parts that Java's <c>String.split(":")</c> yields (trailing empty parts
///   dropped): each part one to four hex digits; one run of one or two empty parts inside is the <c>::</c> gap
///   (<c>2001:db8:::1</c> is an address: [82], [83]; <c>2001:db8::::1</c> and <c>2001::db8::1</c> are not: [118], [123]);
///   a single leading empty part is a zero group (<c>:2001:db8::1</c> is <c>0:2001:db8::1</c>: [139]); a trailing
///   colon adds nothing (<c>2001:db8::1:</c> is <c>2001:db8::1</c>: [114]). Zone ids, brackets and an embedded
///   dotted IPv4 tail are not read ([128]–[133], [72], [74]).</item>
/// <item>Open questions (no recording has them; the model's reading is pinned in IpTextTests): an IPv4 part of four digits
///   under 256 (<c>0192.0.2.1</c>, not an address here); a leading gap beside eight groups (<c>::1:2:3:4:5:6:7:8</c>, read here
///   as <c>1:2:3:4:5:6:7:8</c>, which Java's own address parser refuses).</item>
/// <item>A request address in the IPv4-mapped range is its IPv4 address (<c>::ffff:c000:201</c> is not inside
///   <c>::ffff:c000:200/120</c>: [45]); a policy's network is taken as written.</item>
/// <item>A prefix is decimal with an optional <c>+</c> and leading zeros (<c>/+24</c> [27], <c>/064</c> [70]), at most
///   32 for IPv4 and 128 for IPv6 ([76], [78]). An IPv6 network with host bits set is not a network ([69], [88]);
///   an IPv4 one is masked (<c>192.0.2.0/0</c> holds 203.0.113.1: [17]).</item>
/// </list>
/// </summary>
public static class IpText
{
    /// <summary>A request value as an address: IPv4 or IPv6, IPv4-mapped addresses as IPv4.</summary>
    public static bool TryParseAddress(string text, out IPAddress address)
    {
        if (!TryParseLiteral(text, out address))
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return true;
    }

    /// <summary>A policy value as a network: a CIDR block, or a bare address as a single host.</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/');
        // Stryker disable once Equality : "slash <= 0" reads "/24" whole instead of an empty address: neither is an address.
        var addressText = slash < 0 ? text : text[..slash];
        if (!TryParseLiteral(addressText, out var address))
        {
            return false;
        }
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        // Stryker disable once Equality : "slash > 0" differs only at 0, which returned above (an empty address).
        if (slash >= 0 && !TryParsePrefix(text.AsSpan(slash + 1), bits, out prefix))
        {
            return false;
        }
        var masked = Mask(address, prefix);
        if (bits == 128 && !masked.Equals(address))
        {
            return false;
        }
        network = new IPNetwork(masked, prefix);
        return true;
    }

    /// <summary>
    /// What <c>SimulateCustomPolicy</c> accepts as a context value of type <c>ip</c>: an address (never a CIDR block:
    /// [35]), not a zone id or brackets ([129], [131], [133]), and also an IPv6 address with a dotted IPv4 tail
    /// ([43] accepts <c>::ffff:192.0.2.1</c>, which conditions then cannot read).
    /// </summary>
    public static bool IsContextAddress(string text)
    {
        if (TryParseLiteral(text, out _))
        {
            return true;
        }
        // Accepted when the text reads as an address with the dotted tail in the place of two groups; what the tail's
        // value is does not matter, so two zero groups stand in for it.
        var lastColon = text.LastIndexOf(':');
        // Stryker disable once Equality : "lastColon >= 0" also tries a text whose only colon comes first, which reads as ":0:0", never an address.
        return lastColon > 0 && TryParseIpv4(text.AsSpan(lastColon + 1), out _) &&
               TryParseLiteral($"{text[..lastColon]}:0:0", out _);
    }

    private static bool TryParseLiteral(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':'))
        {
            if (!TryParseIpv6(text, out var groups))
            {
                return false;
            }
            var bytes = new byte[16];
            for (var i = 0; i < 8; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2 * i), groups[i]);
            }
            address = new IPAddress(bytes);
            return true;
        }
        if (!TryParseIpv4(text, out var octets))
        {
            return false;
        }
        address = new IPAddress(octets);
        return true;
    }

    private static bool TryParseIpv4(ReadOnlySpan<char> text, out byte[] octets)
    {
        octets = new byte[4];
        var part = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != '.')
            {
                if (!char.IsAsciiDigit(text[i]) || i - start >= 3)
                {
                    return false;
                }
                continue;
            }
            if (i == start || part == 4)
            {
                return false;
            }
            var value = int.Parse(text[start..i], System.Globalization.CultureInfo.InvariantCulture);
            if (value > 255)
            {
                return false;
            }
            octets[part++] = (byte)value;
            start = i + 1;
        }
        return part == 4;
    }

    private static bool TryParseIpv6(string text, out ushort[] groups)
    {
        groups = new ushort[8];
        if (text == "::")
        {
            return true;
        }
        var parts = text.Split(':');
        var count = parts.Length;
        while (count > 0 && parts[count - 1].Length == 0)
        {
            count--;
        }
        if (count == 0 || count > 10)
        {
            return false;
        }
        var endsWithGap = text.EndsWith("::", StringComparison.Ordinal);
        var leading = 0;
        // Stryker disable once Equality : parts[count - 1] is not empty (trailing empty parts were dropped), so "leading <= count" stops at the same place.
        while (leading < count && parts[leading].Length == 0)
        {
            leading++;
        }
        // Where the gap stands and how many empty parts it takes; the other empty part (a single leading one, or the
        // second of an inner pair) is a zero group.
        var gapAt = -1;
        var gapParts = 0;
        if (leading == 2)
        {
            (gapAt, gapParts) = (0, 2);
        }
        // Stryker disable once Equality : "leading >= 2" differs only at 2, which the branch above takes.
        else if (leading > 2)
        {
            return false;
        }
        for (var i = leading; i < count; i++)
        {
            if (parts[i].Length != 0)
            {
                continue;
            }
            var run = 1;
            // Stryker disable once Equality,Arithmetic : as above, parts[count - 1] is not empty, so a run stops before count whatever the bound says.
            while (i + run < count && parts[i + run].Length == 0)
            {
                run++;
            }
            if (gapAt >= 0 || run > 2)
            {
                return false;
            }
            (gapAt, gapParts) = (i, 1);
            i += run - 1;
        }
        var explicitGroups = new List<ushort>(8);
        for (var i = 0; i < count; i++)
        {
            if (i == gapAt)
            {
                i += gapParts - 1;
                continue;
            }
            if (parts[i].Length == 0)
            {
                explicitGroups.Add(0);
                continue;
            }
            if (parts[i].Length > 4 || !ushort.TryParse(parts[i], System.Globalization.NumberStyles.AllowHexSpecifier, null, out var group))
            {
                return false;
            }
            explicitGroups.Add(group);
        }
        if (gapAt < 0 && endsWithGap)
        {
            gapAt = count;
        }
        if (explicitGroups.Count > 8 || (gapAt < 0 && explicitGroups.Count != 8))
        {
            return false;
        }
        var before = gapAt < 0 ? explicitGroups.Count : explicitGroups.Count - GroupsAfter(parts, count, gapAt, gapParts);
        for (var i = 0; i < before; i++)
        {
            groups[i] = explicitGroups[i];
        }
        var after = explicitGroups.Count - before;
        for (var i = 0; i < after; i++)
        {
            groups[8 - after + i] = explicitGroups[before + i];
        }
        return true;
    }

    /// <summary>How many groups stand after the gap.</summary>
    private static int GroupsAfter(string[] parts, int count, int gapAt, int gapParts) =>
        Math.Max(0, count - (gapAt + gapParts));

    private static bool TryParsePrefix(ReadOnlySpan<char> text, int bits, out int prefix)
    {
        prefix = 0;
        if (text.StartsWith("+"))
        {
            text = text[1..];
        }
        if (text.IsEmpty)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            prefix = prefix * 10 + (c - '0');
            if (prefix > bits)
            {
                return false;
            }
        }
        return true;
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefix - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }
        return new IPAddress(bytes);
    }
}
