using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Model.SendCommand;

/// <summary>
/// Who calls and from where, from <c>--context key=value[:type]</c> arguments:
/// <list type="bullet">
/// <item><c>aws:SourceVpce=vpce-…</c> (with <c>aws:SourceVpc=vpc-…</c>): the call comes through an interface VPC endpoint
///   (<see cref="CallerNetwork.VpcEndpoint"/>; <c>aws:SourceIp</c> is then absent);</item>
/// <item><c>aws:SourceIp=203.0.113.10:ip</c>: the call comes over the public endpoint from that address
///   (<see cref="CallerNetwork.PublicEndpoint"/>);</item>
/// <item>neither: the question does not say (<see cref="CallerNetwork.NotGiven"/>), and no network key is supplied;</item>
/// <item><c>aws:PrincipalTag/&lt;key&gt;=value</c>: a tag of the caller;</item>
/// <item>any other key: supplied as given on every leg (typed as in SimulateCustomPolicy; <c>string</c> when no type is
///   given; list types take comma-separated values).</item>
/// </list>
/// Keys the scenario sets itself from the call and the fleet are refused, so that a question cannot contradict itself:
/// <c>aws:ViaAWSService</c>, <c>aws:RequestedRegion</c>, <c>aws:CalledVia*</c>, <c>ssm:resourceTag/*</c>, <c>aws:ResourceTag/*</c>.
/// </summary>
public static class CallerContextArguments
{
    private static readonly ImmutableArray<string> ScenarioKeys =
        ["aws:ViaAWSService", "aws:RequestedRegion", "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast"];

    private static readonly ImmutableArray<string> ScenarioPrefixes = ["ssm:resourceTag/", "aws:ResourceTag/"];

    /// <exception cref="SendCommandInputException">An argument that is not <c>key=value[:type]</c>, a key given twice, a
    /// key the scenario sets, or network keys that contradict each other.</exception>
    public static CallerContext Parse(IEnumerable<string> arguments, string? callerArn)
    {
        var entries = new List<ContextEntry>();
        foreach (var argument in arguments)
        {
            var entry = ParseOne(argument);
            if (entries.Any(e => string.Equals(e.ContextKeyName, entry.ContextKeyName, StringComparison.OrdinalIgnoreCase)))
            {
                throw new SendCommandInputException($"--context '{argument}': {entry.ContextKeyName} is given twice (context key names are case-insensitive): give it once");
            }
            entries.Add(entry);
        }
        ContextEntry? Take(string key)
        {
            var found = entries.FirstOrDefault(e => string.Equals(e.ContextKeyName, key, StringComparison.OrdinalIgnoreCase));
            if (found is not null)
            {
                entries.Remove(found);
            }
            return found;
        }

        var vpce = Take("aws:SourceVpce");
        var vpc = Take("aws:SourceVpc");
        var ip = Take("aws:SourceIp");
        CallerNetwork network = (vpce, vpc, ip) switch
        {
            ({ } e, _, { }) => throw new SendCommandInputException(
                "--context gives both aws:SourceVpce and aws:SourceIp: a call through a VPC endpoint carries no aws:SourceIp " +
                "(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip); give one"),
            (null, { }, _) => throw new SendCommandInputException("--context gives aws:SourceVpc without aws:SourceVpce: a call has a source VPC only through a VPC endpoint"),
            ({ } e, var v, null) => new CallerNetwork.VpcEndpoint(Single(e), v is null ? null : Single(v)),
            (null, null, { } i) when i.ContextKeyType != ContextKeyType.Ip => throw new SendCommandInputException(
                $"--context aws:SourceIp is typed {i.ContextKeyType.WireName()}: give it as aws:SourceIp=<address>:ip"),
            (null, null, { } i) => new CallerNetwork.PublicEndpoint(Single(i)),
            _ => new CallerNetwork.NotGiven(),
        };
        var principalTags = entries.Where(e => e.ContextKeyName.StartsWith("aws:PrincipalTag/", StringComparison.OrdinalIgnoreCase)
                                               && e.ContextKeyType == ContextKeyType.String).ToList();
        return new CallerContext(network,
            [.. principalTags.Select(e => new Tag(e.ContextKeyName["aws:PrincipalTag/".Length..], e.ContextKeyValues[0]))],
            callerArn,
            [.. entries.Except(principalTags)]);
    }

    private static string Single(ContextEntry entry) => entry.ContextKeyValues.Length == 1
        ? entry.ContextKeyValues[0]
        : throw new SendCommandInputException($"--context {entry.ContextKeyName} takes one value");

    private static ContextEntry ParseOne(string argument)
    {
        var equals = argument.IndexOf('=');
        if (equals <= 0)
        {
            throw new SendCommandInputException($"--context '{argument}' is not key=value[:type], for example aws:SourceVpce=vpce-1a2b3c4d or aws:SourceIp=203.0.113.10:ip");
        }
        var key = argument[..equals];
        var value = argument[(equals + 1)..];
        if (!key.Contains(':', StringComparison.Ordinal))
        {
            throw new SendCommandInputException($"--context '{argument}': \"{key}\" is not a context key name such as aws:SourceVpce (service prefix, colon, name)");
        }
        if (ScenarioKeys.Any(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) ||
            ScenarioPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            throw new SendCommandInputException($"--context '{argument}': {key} is set by the scenario itself, from the call, its region and the fleet's tags");
        }
        // A type suffix only when the text after the last colon is a type's wire name: values such as ARNs hold colons.
        var type = ContextKeyType.String;
        var colon = value.LastIndexOf(':');
        if (colon >= 0 && ContextKeyTypes.TryParse(value[(colon + 1)..], out var suffixType))
        {
            type = suffixType;
            value = value[..colon];
        }
        ImmutableArray<string> values = type.ToString().EndsWith("List", StringComparison.Ordinal) ? [.. value.Split(',')] : [value];
        return new ContextEntry(key, values, type);
    }
}
