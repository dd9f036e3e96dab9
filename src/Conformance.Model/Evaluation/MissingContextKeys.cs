using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Conformance.Model.Evaluation;

/// <summary>
/// The context keys one decision read that the caller did not supply, for <c>MissingContextValues</c>: distinct
/// and in ordinal order. The set behind it is reused on each thread, so a decision needs no new memory for it
/// unless it reports keys.
/// </summary>
internal readonly struct MissingContextKeys : IDisposable
{
    [ThreadStatic] private static HashSet<string>? t_spare;

    private readonly HashSet<string> _keys;

    private MissingContextKeys(HashSet<string> keys) => _keys = keys;

    /// <summary>Where conditions add the keys they read.</summary>
    public ISet<string> Keys => _keys;

    public static MissingContextKeys Start()
    {
        // Taken, not shared: a nested decision on the same thread would get a set of its own.
        var keys = t_spare ?? new HashSet<string>(StringComparer.Ordinal);
        t_spare = null;
        return new MissingContextKeys(keys);
    }

    public ImmutableArray<string> ToSortedArray()
    {
        if (_keys.Count == 0)
        {
            return [];
        }
        var sorted = new string[_keys.Count];
        _keys.CopyTo(sorted);
        Array.Sort(sorted, StringComparer.Ordinal);
        return ImmutableCollectionsMarshal.AsImmutableArray(sorted);
    }

    public void Dispose()
    {
        _keys.Clear();
        t_spare = _keys;
    }
}
