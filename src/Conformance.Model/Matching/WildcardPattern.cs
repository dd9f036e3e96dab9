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
                break;
            }
        }
        _isMatchAll = text.Length == 1 && IsWildcard(0, '*');
        _isPrefixThenStar = text.Length > 0 && IsWildcard(text.Length - 1, '*') && !HasWildcardBefore(text.Length - 1);
    }

    private bool HasWildcardBefore(int end)
    {
        for (var i = 0; i < end; i++)
        {
            if (IsWildcard(i, '*') || IsWildcard(i, '?'))
            {
                return true;
            }
        }
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
        if (IsMatchAll)
        {
            return true;
        }
        if (_isPrefixThenStar && !ignoreCase)
        {
            // "instance/*", "document/AWS-*": the common shape, and only a prefix to compare.
            return input.StartsWith(_text.AsSpan(0, _text.Length - 1));
        }
        if (!_hasWildcards)
        {
            return input.SequenceEqual(_text.AsSpan()) ||
                   (ignoreCase && input.Equals(_text.AsSpan(), StringComparison.OrdinalIgnoreCase));
        }
        // Invariant: p indexes the pattern, s the input; starP/starS remember the last '*' for backtracking.
        int p = 0, s = 0, starP = -1, starS = 0;
        while (s < input.Length)
        {
            if (p < _text.Length && IsWildcard(p, '*'))
            {
                starP = p++;
                starS = s;
            }
            else if (p < _text.Length && (IsWildcard(p, '?') || CharEquals(_text[p], input[s], ignoreCase)))
            {
                p++;
                s++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                s = ++starS;
            }
            else
            {
                return false;
            }
        }
        while (p < _text.Length && IsWildcard(p, '*'))
        {
            p++;
        }
        return p == _text.Length;
    }

    private static bool CharEquals(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));

    public override string ToString() => _text;
}
