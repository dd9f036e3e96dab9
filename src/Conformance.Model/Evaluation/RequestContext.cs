using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Conformance.Model.Evaluation;

/// <summary>The twelve <c>ContextKeyType</c> values of SimulateCustomPolicy's <c>ContextEntry</c>.</summary>
public enum ContextKeyType
{
    String, StringList, Numeric, NumericList, Boolean, BooleanList, Ip, IpList, Binary, BinaryList, Date, DateList,
}

public static class ContextKeyTypes
{
    private static readonly FrozenDictionary<string, ContextKeyType> ByWireName =
        Enum.GetValues<ContextKeyType>().ToFrozenDictionary(WireName, StringComparer.Ordinal);

    /// <summary>The wire spelling: <c>string</c>, <c>stringList</c>, <c>numeric</c>, ... <c>dateList</c>.</summary>
    public static string WireName(this ContextKeyType type)
    {
        var name = type.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static bool TryParse(string wireName, out ContextKeyType type) => ByWireName.TryGetValue(wireName, out type);

    public static IEnumerable<string> WireNames => ByWireName.Keys.Order(StringComparer.Ordinal);

    /// <summary>List types make a multivalued context key; the others a single-valued one.</summary>
    public static bool IsList(this ContextKeyType type) => type is
        ContextKeyType.StringList or ContextKeyType.NumericList or ContextKeyType.BooleanList or
        ContextKeyType.IpList or ContextKeyType.BinaryList or ContextKeyType.DateList;
}

/// <summary>One key's value in the request context.</summary>
/// <param name="SuppliedByCaller">False for values the simulator fills in by itself (such as <c>aws:userid</c>);
/// such keys are still reported in <c>MissingContextValues</c> (recorded: simulation_defaults.json).</param>
public sealed record ContextValue(string Key, ContextKeyType Type, ImmutableArray<string> Values, bool SuppliedByCaller = true)
{
    public bool IsMultivalued => Type.IsList();

    /// <summary>The value a policy variable substitutes: single-valued keys only (policy variables page).</summary>
    public string? SingleValue => !IsMultivalued && Values.Length > 0 ? Values[0] : null;
}

/// <summary>
/// The request context: condition keys and their values. Key names are case-insensitive, including the
/// tag-key part of <c>aws:ResourceTag/&lt;key&gt;</c> and <c>ssm:resourceTag/&lt;key&gt;</c>
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
/// </summary>
public sealed class RequestContext
{
    public static readonly RequestContext Empty = new([]);

    // A plain dictionary, not a frozen one: the simulator builds a context for every request, and freezing costs
    // more than the few lookups one decision makes would save. Never written after the constructor.
    private readonly Dictionary<string, ContextValue> _values;

    public RequestContext(IEnumerable<ContextValue> values)
    {
        _values = new Dictionary<string, ContextValue>(values.TryGetNonEnumeratedCount(out var count) ? count : 0, StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            // Invariant: one value per key, case-insensitively; a later entry replaces an earlier one.
            _values[value.Key] = value;
        }
    }

    public IEnumerable<ContextValue> Values => _values.Values;

    public bool TryGet(string key, out ContextValue value) => _values.TryGetValue(key, out value!);

    /// <summary>Resolves a policy variable: the single value of a key, or null when it has none.</summary>
    public Func<string, string?> Lookup => field ??= key => TryGet(key, out var v) ? v.SingleValue : null;

    public RequestContext With(IEnumerable<ContextValue> more) => new(_values.Values.Concat(more));
}
