using System.Collections.Immutable;

namespace Conformance.Model.Services;

/// <summary>What changed between two snapshots: names added and removed, per kind of thing.</summary>
public sealed record ServiceReferenceDiff(
    NameChanges Services,
    NameChanges Actions,
    NameChanges ResourceTypes,
    NameChanges ConditionKeys)
{
    public bool IsEmpty => Services.IsEmpty && Actions.IsEmpty && ResourceTypes.IsEmpty && ConditionKeys.IsEmpty;

    /// <summary>Services by prefix; actions as <c>service:Action</c>; resource types as <c>service/type</c> with their
    /// ARN formats (a changed format is one removed and one added); condition keys as <c>service: key (type)</c>.</summary>
    public static ServiceReferenceDiff Between(ServiceReference before, ServiceReference after) => new(
        Compare(before, after, r => r.Services.Select(s => s.Prefix)),
        Compare(before, after, r => r.Services.SelectMany(s => s.Actions.Select(a => a.FullName))),
        Compare(before, after, r => r.Services.SelectMany(s => s.ResourceTypes.Select(t => $"{s.Prefix}/{t.Name} {string.Join(" ", t.ArnFormats)}"))),
        Compare(before, after, r => r.Services.SelectMany(s => s.ConditionKeys.Select(k => $"{s.Prefix}: {k.Name} ({k.Type})"))));

    private static NameChanges Compare(ServiceReference before, ServiceReference after, Func<ServiceReference, IEnumerable<string>> names)
    {
        var old = names(before).ToHashSet(StringComparer.Ordinal);
        var now = names(after).ToHashSet(StringComparer.Ordinal);
        return new NameChanges(
            [.. now.Where(n => !old.Contains(n)).Order(StringComparer.Ordinal)],
            [.. old.Where(n => !now.Contains(n)).Order(StringComparer.Ordinal)]);
    }
}

/// <summary>Names present only after (<paramref name="Added"/>) and only before (<paramref name="Removed"/>).</summary>
public sealed record NameChanges(ImmutableArray<string> Added, ImmutableArray<string> Removed)
{
    public bool IsEmpty => Added.IsEmpty && Removed.IsEmpty;
}
