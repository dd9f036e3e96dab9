using System.Net;

namespace Conformance.Model.Conditions;

/// <summary>
/// <c>IpAddress</c>/<c>NotIpAddress</c> (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress):
/// IPv4 or IPv6 CIDR; a bare address is a single host; addresses and blocks are read as <see cref="IpText"/> says.
/// Recorded: a request value that is not an address makes both operators false (condition_values.json simulation[5]);
/// an address of the other family is outside the block (simulate-custom-policy-2.jsonl condition_ip.json:simulation[18], [54]).
/// </summary>
public static class IpCondition
{
    public static bool Pair(BaseOperator op, in PolicyValue policy, string request)
    {
        if (!IpText.TryParseNetwork(policy.Text, out var network) || !IpText.TryParseAddress(request, out var address))
        {
            return false;
        }
        var contains = network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address);
        return op switch
        {
            BaseOperator.IpAddress => contains,
            BaseOperator.NotIpAddress => !contains,
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not an IP operator"),
        };
    }
}
