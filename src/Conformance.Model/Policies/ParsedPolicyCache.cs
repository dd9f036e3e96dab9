namespace Conformance.Model.Policies;

/// <summary>
/// The results of <see cref="PolicyParser.Parse"/>, kept by policy text and <see cref="PolicyKind"/> so that a text
/// the simulator has seen before is neither parsed nor compiled again (its conditions keep their precompiled
/// patterns, see <c>Condition.PrecompiledValues</c>). Only a cache: an answer from it is the very
/// <see cref="ParseResult{T}"/> the parser gave for the same text and kind, errors and positions included.
/// Bounded by the number of texts and by their total length; the least recently used text goes first.
/// Safe to use from several threads at once (<c>conformance serve</c> answers concurrently).
/// </summary>
/// <remarks>
/// Sharing a parse between requests and threads is sound because a <see cref="PolicyDocument"/> is immutable; the
/// only state written after parsing is the lazily built pattern caches of conditions, which are idempotent and
/// published by a single reference write.
/// </remarks>
public sealed class ParsedPolicyCache
{
    /// <summary>Texts kept by <see cref="Shared"/>: far more than the distinct policies of a campaign or a fleet check.</summary>
    public const int DefaultMaxTexts = 4096;

    /// <summary>Characters kept by <see cref="Shared"/>: 64 policies of the largest size IAM accepts (131,072 characters).</summary>
    public const long DefaultMaxCharacters = 64L * 131_072;

    /// <summary>The cache the simulator uses unless it is given another.</summary>
    public static ParsedPolicyCache Shared { get; } = new(DefaultMaxTexts, DefaultMaxCharacters);

    /// <summary>Keeps nothing: every call parses afresh (a cold simulator, for comparisons and benchmarks).</summary>
    public static ParsedPolicyCache None { get; } = new(0, 0);

    private static readonly int KindCount = Enum.GetValues<PolicyKind>().Length;

    private readonly object _gate = new();

    // Invariant (under _gate): _entries and _recency hold the same texts; _characters is the sum of their lengths;
    // _entries.Count <= MaxTexts and _characters <= MaxCharacters between calls.
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private long _characters;

    public ParsedPolicyCache(int maxTexts, long maxCharacters)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTexts);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCharacters);
        MaxTexts = maxTexts;
        MaxCharacters = maxCharacters;
    }

    public int MaxTexts { get; }

    public long MaxCharacters { get; }

    /// <summary>Texts kept now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Characters of the texts kept now.</summary>
    public long Characters
    {
        get
        {
            lock (_gate)
            {
                return _characters;
            }
        }
    }

    /// <summary>What <see cref="PolicyParser.Parse"/> answers for <paramref name="text"/> as a <paramref name="kind"/> policy.</summary>
    public ParseResult<PolicyDocument> Parse(string text, PolicyKind kind)
    {
        if (TryGet(text, kind) is { } cached)
        {
            return cached;
        }
        // Parsed outside the lock, so that one large text does not hold up other threads. Two threads that miss the
        // same text both parse it; the results are equal and the second one is kept.
        var parsed = PolicyParser.Parse(text, kind);
        Keep(text, kind, parsed);
        return parsed;
    }

    /// <summary>Forgets every text.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _recency.Clear();
            _characters = 0;
        }
    }

    private ParseResult<PolicyDocument>? TryGet(string text, PolicyKind kind)
    {
        // Stryker disable once Block,Statement : a fast path; a cache of no texts keeps none (see Keep), so the lookup below finds nothing either.
        if (MaxTexts == 0)
        {
            return null;
        }
        lock (_gate)
        {
            if (!_entries.TryGetValue(text, out var node))
            {
                return null;
            }
            MoveToFront(node);
            return node.Value.Results[(int)kind];
        }
    }

    private void Keep(string text, PolicyKind kind, ParseResult<PolicyDocument> parsed)
    {
        if (MaxTexts == 0 || text.Length > MaxCharacters)
        {
            return;
        }
        lock (_gate)
        {
            if (_entries.TryGetValue(text, out var node))
            {
                node.Value.Results[(int)kind] = parsed;
                // Stryker disable once Statement : Parse's lookup (TryGet) has just moved this text to the front; only another thread between the two locks could have moved another text ahead, and then which of two just-used texts goes first is no answer anyone sees.
                MoveToFront(node);
                return;
            }
            while (_entries.Count >= MaxTexts || _characters + text.Length > MaxCharacters)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Text);
                _characters -= oldest.Value.Text.Length;
            }
            var entry = new Entry(text, new ParseResult<PolicyDocument>?[KindCount]);
            entry.Results[(int)kind] = parsed;
            _entries.Add(text, _recency.AddFirst(entry));
            _characters += text.Length;
        }
    }

    private void MoveToFront(LinkedListNode<Entry> node)
    {
        if (node != _recency.First)
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
        }
    }

    /// <summary>One text and its parse as each kind of policy that was asked for (null where not yet asked).</summary>
    private sealed record Entry(string Text, ParseResult<PolicyDocument>?[] Results);
}
