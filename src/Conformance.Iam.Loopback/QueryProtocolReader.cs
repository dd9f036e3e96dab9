using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Iam.Loopback;

/// <summary>
/// Reads query-protocol parameters (<c>Name.member.N</c> lists, <c>ContextEntries.member.N.ContextKeyValues.member.M</c>,
/// an empty list as the bare key) into a <see cref="SimulationRequest"/>, in any parameter order (iam-facts §f).
/// Stricter than IAM on purpose: a parameter SimulateCustomPolicy does not define is refused with
/// <c>UnknownParameter</c>, a code of this endpoint, so that a client's marshalling mistake cannot pass unseen.
/// </summary>
internal static class QueryProtocolReader
{
    private static readonly string[] Lists = ["PolicyInputList", "PermissionsBoundaryPolicyInputList", "ActionNames", "ResourceArns"];
    private static readonly string[] Scalars = ["Action", "Version", "ResourcePolicy", "ResourceOwner", "CallerArn", "ResourceHandlingOption", "MaxItems", "Marker"];

    /// <summary>Splits an <c>application/x-www-form-urlencoded</c> body or a query string; a repeated name is an error.</summary>
    public static (Dictionary<string, string>? Parameters, IamWireError? Error) ParseForm(string form, Dictionary<string, string>? into = null)
    {
        var parameters = into ?? new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = Decode(equals < 0 ? "" : pair[(equals + 1)..]);
            if (!parameters.TryAdd(name, value))
            {
                return (null, new IamWireError(400, "MalformedQueryString", $"the parameter \"{name}\" is given twice; give each parameter once"));
            }
        }
        return (parameters, null);
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    public static (SimulationRequest? Request, IamWireError? Error) Read(IReadOnlyDictionary<string, string> parameters)
    {
        var lists = Lists.ToDictionary(l => l, _ => new SortedDictionary<int, string>());
        var entries = new SortedDictionary<int, (string? Name, string? Type, SortedDictionary<int, string> Values)>();
        var presentEmpty = new HashSet<string>(StringComparer.Ordinal);
        var levels = new SortedDictionary<int, SortedDictionary<int, string>>();
        foreach (var (name, value) in parameters)
        {
            if (Scalars.Contains(name))
            {
                continue;
            }
            if (Lists.Contains(name) || name is "ContextEntries" or "OrderedOrganizationPolicyInputList")
            {
                if (value.Length != 0)
                {
                    return Invalid($"{name} is a list: send {name}.member.1, {name}.member.2, ..., or \"{name}=\" for an empty list");
                }
                presentEmpty.Add(name);
                continue;
            }
            var parts = name.Split('.');
            if (parts.Length == 3 && Lists.Contains(parts[0]) && parts[1] == "member" && Index(parts[2]) is { } i)
            {
                lists[parts[0]][i] = value;
                continue;
            }
            if (parts.Length >= 4 && parts[0] == "ContextEntries" && parts[1] == "member" && Index(parts[2]) is { } e)
            {
                var entry = entries.TryGetValue(e, out var existing) ? existing : (null, null, new SortedDictionary<int, string>());
                switch (parts[3..])
                {
                    case ["ContextKeyName"]:
                        entry.Name = value;
                        break;
                    case ["ContextKeyType"]:
                        entry.Type = value;
                        break;
                    case ["ContextKeyValues"] when value.Length == 0:
                        break;
                    case ["ContextKeyValues", "member", var m] when Index(m) is { } v:
                        entry.Values[v] = value;
                        break;
                    default:
                        return Unknown(name);
                }
                entries[e] = entry;
                continue;
            }
            if (parts.Length >= 4 && parts[0] == "OrderedOrganizationPolicyInputList" && parts[1] == "member" && Index(parts[2]) is { } l)
            {
                var level = levels.TryGetValue(l, out var existing) ? existing : levels[l] = new SortedDictionary<int, string>();
                switch (parts[3..])
                {
                    case ["ServiceControlPolicyInputList"] when value.Length == 0:
                        break;
                    case ["ServiceControlPolicyInputList", "member", var m] when Index(m) is { } p:
                        level[p] = value;
                        break;
                    default:
                        return Unknown(name);
                }
                continue;
            }
            return Unknown(name);
        }

        var built = new Dictionary<string, ImmutableArray<string>>();
        foreach (var (name, members) in lists)
        {
            if (Contiguous(name, members.Keys) is { } gap)
            {
                return (null, gap);
            }
            built[name] = [.. members.Values];
        }
        if (Contiguous("ContextEntries", entries.Keys) is { } entryGap)
        {
            return (null, entryGap);
        }
        var contextEntries = ImmutableArray.CreateBuilder<ContextEntry>();
        foreach (var (index, (keyName, typeText, values)) in entries)
        {
            var path = $"contextEntries.{index}.member";
            if (typeText is null || !ContextKeyTypes.TryParse(typeText, out var type))
            {
                return Validation($"Value '{typeText}' at '{path}.contextKeyType' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", ContextKeyTypes.WireNames)}]");
            }
            if (Contiguous($"ContextEntries.member.{index}.ContextKeyValues", values.Keys) is { } valueGap)
            {
                return (null, valueGap);
            }
            // An absent name is IAM's to refuse with InvalidInput (recorded simulation_inputs.json:input_context_absent_name).
            contextEntries.Add(new ContextEntry(keyName ?? "", [.. values.Values], type));
        }
        int? maxItems = null;
        if (parameters.TryGetValue("MaxItems", out var maxText))
        {
            if (!int.TryParse(maxText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var max))
            {
                return Validation($"Value '{maxText}' at 'maxItems' failed to satisfy constraint: Member must be an integer");
            }
            maxItems = max;
        }
        return (new SimulationRequest(
            PolicyInputList: built["PolicyInputList"],
            ActionNames: built["ActionNames"],
            PermissionsBoundaryPolicyInputList: built["PermissionsBoundaryPolicyInputList"],
            ResourceArns: built["ResourceArns"],
            ResourcePolicy: parameters.GetValueOrDefault("ResourcePolicy"),
            ResourceOwner: parameters.GetValueOrDefault("ResourceOwner"),
            CallerArn: parameters.GetValueOrDefault("CallerArn"),
            ContextEntries: contextEntries.ToImmutable(),
            ResourceHandlingOption: parameters.GetValueOrDefault("ResourceHandlingOption"),
            MaxItems: maxItems,
            Marker: parameters.GetValueOrDefault("Marker"),
            OrderedOrganizationPolicyInputList: [.. levels.Values.Select(policies => new OrganizationPolicyLevel([.. policies.Values]))]), null);
    }

    /// <summary>List members are numbered 1, 2, 3, ... with no gap.</summary>
    private static IamWireError? Contiguous(string name, IEnumerable<int> indices)
    {
        var expected = 1;
        foreach (var index in indices)
        {
            if (index != expected)
            {
                return new IamWireError(400, "ValidationError", $"{name}.member.{expected} is missing: list members are numbered from 1 without gaps (found {name}.member.{index})");
            }
            expected++;
        }
        return null;
    }

    private static int? Index(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i >= 1 && text[0] != '0' ? i : null;

    private static (SimulationRequest?, IamWireError?) Invalid(string message) => (null, new IamWireError(400, "ValidationError", message));

    private static (SimulationRequest?, IamWireError?) Validation(string detail) =>
        (null, new IamWireError(400, "ValidationError", $"1 validation error detected: {detail}"));

    private static (SimulationRequest?, IamWireError?) Unknown(string name) =>
        (null, new IamWireError(400, "UnknownParameter", $"SimulateCustomPolicy has no parameter \"{Printable(name)}\" (this loopback endpoint refuses unknown parameters so that marshalling mistakes show)"));

    internal static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Length > 200 ? text[..200] + "…" : text)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }
        return builder.ToString();
    }
}
