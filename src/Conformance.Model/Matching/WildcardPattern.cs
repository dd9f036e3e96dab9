namespace Conformance.Model.Matching;

/// <summary>
/// A glob where <c>*</c> matches any run of characters (including none) and <c>?</c> exactly one,
/// compared over the whole input. Characters that came from <c>${*}</c>, <c>${?}</c> or a policy
/// variable's value are literal even when they are <c>*</c> or <c>?</c>: <see cref="_literalMask"/>
/// marks them.
/// </summary>
public sealed class WildcardPattern
{
    private readonly string _text;
    private readonly bool[]? _literalMask;
    private readonly bool _hasWildcards;
    private readonly bool _isMatchAll;
    private readonly bool _isPrefixThenStar;
    private Segment[]? _segments;

    public WildcardPattern(string text, bool[]? literalMask = null)
    {
        if (literalMask is not null && literalMask.Length != text.Length)
        {
            throw new ArgumentException("the literal mask must be as long as the pattern", nameof(literalMask));
        }
        _text = text;
        _literalMask = literalMask;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsWildcard(i, '*') || IsWildcard(i, '?'))
            {
                _hasWildcards = true;
                // Stryker disable once Statement : looking on after the first wildcard sets the same flag again.
                break;
            }
        }
        _isMatchAll = text.Length == 1 && IsWildcard(0, '*');
        // Stryker disable once Equality,Arithmetic : the flag of a fast path; the mutants that survive make it false, which only sends the pattern to MatchSegments, which gives the same answer (see Matches).
        _isPrefixThenStar = text.Length > 0 && IsWildcard(text.Length - 1, '*') && !HasWildcardBefore(text.Length - 1);
    }

    private bool HasWildcardBefore(int end)
    {
        // Stryker disable once Equality : `i <= end` also looks at the '*' at end and only turns the fast path off, as above (the other equality mutants here are caught).
        for (var i = 0; i < end; i++)
        {
            if (IsWildcard(i, '*') || IsWildcard(i, '?'))
            {
                return true;
            }
        }
        // Stryker disable once Boolean : true only turns the fast path off, as above.
        return false;
    }

    /// <summary>The pattern as written (literal marks are not visible here).</summary>
    public string Text => _text;

    public bool HasWildcards => _hasWildcards;

    /// <summary>True when the pattern is exactly one unmasked <c>*</c>: it matches everything.</summary>
    public bool IsMatchAll => _isMatchAll;

    private bool IsWildcard(int index, char wildcard) =>
        _text[index] == wildcard && (_literalMask is null || !_literalMask[index]);

    public bool Matches(ReadOnlySpan<char> input, bool ignoreCase = false)
    {
        // Stryker disable once Block,Statement : a fast path; without it "*" takes the prefix path below (an empty prefix), which also matches everything.
        if (IsMatchAll)
        {
            return true;
        }
        // Stryker disable once Block,Statement : a fast path; MatchSegments gives the same answer (WildcardPatternProperties holds it to a regular expression).
        if (_isPrefixThenStar && !ignoreCase)
        {
            // "instance/*", "document/AWS-*": the common shape, and only a prefix to compare.
            return input.StartsWith(_text.AsSpan(0, _text.Length - 1));
        }
        // Stryker disable once Block,Statement : a fast path; MatchSegments on one segment without '?' compares the same way (ordinal, or OrdinalIgnoreCase).
        if (!_hasWildcards)
        {
            return input.SequenceEqual(_text.AsSpan()) ||
                   (ignoreCase && input.Equals(_text.AsSpan(), StringComparison.OrdinalIgnoreCase));
        }
        return MatchSegments(input, ignoreCase);
    }

    /// <summary>
    /// The pattern cut at its unmasked <c>*</c>s: a segment is a run of literal characters and <c>?</c>s, so it matches
    /// a fixed number of characters. The first segment is anchored at the start, the last at the end, and each one
    /// in between is matched at its leftmost place, which leaves the most room for the rest: no backtracking, and
    /// a literal segment is found by a vectorised search (found by the robustness run: <c>*</c> and 5,000 literal
    /// characters against a 1 MB value took seconds with the two-pointer match).
    /// </summary>
    private bool MatchSegments(ReadOnlySpan<char> input, bool ignoreCase)
    {
        // Stryker disable once Assignment : a cache; splitting again gives the same segments.
        var segments = _segments ??= Split();
        var first = segments[0];
        if (segments.Length == 1)
        {
            return input.Length == first.Length && first.MatchesAt(input, 0, ignoreCase);
        }
        var last = segments[^1];
        if (input.Length < first.Length + last.Length ||
            !first.MatchesAt(input, 0, ignoreCase) ||
            !last.MatchesAt(input, input.Length - last.Length, ignoreCase))
        {
            return false;
        }
        var position = first.Length;
        var end = input.Length - last.Length;
        for (var i = 1; i < segments.Length - 1; i++)
        {
            var found = segments[i].IndexIn(input[..end], position, ignoreCase);
            if (found < 0)
            {
                return false;
            }
            position = found + segments[i].Length;
        }
        return true;
    }

    private Segment[] Split()
    {
        var segments = new List<Segment>();
        var start = 0;
        for (var i = 0; i <= _text.Length; i++)
        {
            if (i == _text.Length || IsWildcard(i, '*'))
            {
                var any = new bool[i - start];
                for (var j = start; j < i; j++)
                {
                    any[j - start] = IsWildcard(j, '?');
                }
                segments.Add(new Segment(_text[start..i], any));
                start = i + 1;
            }
        }
        return [.. segments];
    }

    /// <summary>A run of the pattern between two <c>*</c>s; <c>Any[i]</c> marks an unmasked <c>?</c>.</summary>
    private sealed class Segment
    {
        private readonly string _text;
        private readonly bool[] _any;
        private readonly bool _hasAny;

        // The longest run without '?', used to find candidate places quickly.
        private readonly int _anchorOffset;
        private readonly int _anchorLength;

        public Segment(string text, bool[] any)
        {
            _text = text;
            _any = any;
            _hasAny = Array.IndexOf(any, true) >= 0;
            (_anchorOffset, _anchorLength) = LongestLiteralRun(any);
        }

        /// <summary>
        /// The longest run of literal characters (not <c>?</c>), where <see cref="IndexIn"/> looks first. Which run is
        /// chosen changes only the speed: any run of literal characters, or none (length 0, every place is tried), finds
        /// the same places.
        /// </summary>
        private static (int Offset, int Length) LongestLiteralRun(bool[] any)
        {
            var best = (Offset: 0, Length: 0);
            var runStart = 0;
            // Stryker disable once Equality : "i < any.Length" leaves out the last run and "i > any.Length" every run: a shorter run or none (see the summary).
            for (var i = 0; i <= any.Length; i++)
            {
                if (i == any.Length || any[i])
                {
                    var length = i - runStart;
                    // Stryker disable once Equality,Boolean,Block : a shorter run, an equally long later one or none is also a run of literal characters (see the summary).
                    if (length > best.Length)
                    {
                        best = (runStart, length);
                    }
                    runStart = i + 1;
                }
            }
            return best;
        }

        public int Length => _text.Length;

        public bool MatchesAt(ReadOnlySpan<char> input, int at, bool ignoreCase)
        {
            if (!_hasAny)
            {
                return input.Slice(at, _text.Length).Equals(_text, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
            }
            for (var i = 0; i < _text.Length; i++)
            {
                if (!_any[i] && !CharEquals(_text[i], input[at + i], ignoreCase))
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>The leftmost place at or after <paramref name="from"/> where the segment matches, or -1.</summary>
        public int IndexIn(ReadOnlySpan<char> input, int from, bool ignoreCase)
        {
            var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            if (!_hasAny)
            {
                var found = input[from..].IndexOf(_text, comparison);
                return found < 0 ? -1 : from + found;
            }
            var anchor = _text.AsSpan(_anchorOffset, _anchorLength);
            for (var at = from; at + _text.Length <= input.Length; at++)
            {
                // Stryker disable once Equality,Boolean : without the jump every place is tried in turn (an empty anchor jumps nowhere): the same leftmost place.
                if (_anchorLength > 0)
                {
                    // Jump to the next place the anchor run occurs; the segment would start _anchorOffset before it.
                    var window = input[(at + _anchorOffset)..(input.Length - (_text.Length - _anchorOffset - _anchorLength))];
                    var next = window.IndexOf(anchor, comparison);
                    if (next < 0)
                    {
                        return -1;
                    }
                    at += next;
                }
                if (MatchesAt(input, at, ignoreCase))
                {
                    return at;
                }
            }
            return -1;
        }
    }

    private static bool CharEquals(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));

    public override string ToString() => _text;
}
