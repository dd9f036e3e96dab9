using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Conformance.Model.Conditions;

/// <summary>
/// <c>IpAddress</c>/<c>NotIpAddress</c> (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress):
/// IPv4 or IPv6 CIDR; a bare address is a single host. Recorded: a request value that is not an address makes
/// both operators false (condition_values.json simulation[5]).
/// </summary>
public static class IpCondition
{
    public static bool Pair(BaseOperator op, in PolicyValue policy, string request)
    {
        if (!TryParseNetwork(policy.Text, out var network) || !IPAddress.TryParse(request, out var address) || request.Contains('/'))
        {
            return false;
        }
        var contains = network.Contains(Normalize(address));
        return op switch
        {
            BaseOperator.IpAddress => contains,
            BaseOperator.NotIpAddress => !contains,
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not an IP operator"),
        };
    }

    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        if (text.Contains('/'))
        {
            // IAM accepts host bits set (203.0.113.7/24); IPNetwork.TryParse does not, so the model masks them off
            // itself. The prefix is read as IPNetwork reads it (digits only: no sign, no spaces), and its range is
            // checked in the family the address is compared in: an IPv4-mapped IPv6 network (::ffff:1.2.3.4/120) is
            // the IPv4 network 1.2.3.0/24 (found by the robustness run: ::ffff:1.2.3.4/+100 threw
            // ArgumentOutOfRangeException out of the IPNetwork constructor).
            var slash = text.IndexOf('/');
            if (IPAddress.TryParse(text.AsSpan(0, slash), out var baseAddress) &&
                int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
            {
                if (baseAddress.IsIPv4MappedToIPv6 && prefix >= 96)
                {
                    baseAddress = baseAddress.MapToIPv4();
                    prefix -= 96;
                }
                if (prefix <= (baseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
                {
                    network = new IPNetwork(Mask(baseAddress, prefix), prefix);
                    return true;
                }
            }
            network = default;
            return false;
        }
        if (IPAddress.TryParse(text, out var single))
        {
            single = Normalize(single);
            network = new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        network = default;
        return false;
    }

    private static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

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
