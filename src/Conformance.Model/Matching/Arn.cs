namespace Conformance.Model.Matching;

/// <summary>
/// An ARN split into its six fields: <c>arn:partition:service:region:account:resource</c>. The
/// resource part is everything after the fifth colon, colons included.
/// </summary>
public readonly record struct Arn(string Prefix, string Partition, string Service, string Region, string Account, string Resource)
{
    public const int FieldCount = 6;

    /// <summary>Splits at the first five colons; false when the text has fewer than five.</summary>
    public static bool TrySplit(string text, out Arn arn)
    {
        Span<int> colons = stackalloc int[5];
        var found = 0;
        for (var i = 0; i < text.Length && found < 5; i++)
        {
            if (text[i] == ':')
            {
                colons[found++] = i;
            }
        }
        if (found < 5)
        {
            arn = default;
            return false;
        }
        arn = new Arn(
            text[..colons[0]],
            text[(colons[0] + 1)..colons[1]],
            text[(colons[1] + 1)..colons[2]],
            text[(colons[2] + 1)..colons[3]],
            text[(colons[3] + 1)..colons[4]],
            text[(colons[4] + 1)..]);
        return true;
    }

    /// <summary>True when <see cref="TrySplit"/> would succeed: the text has at least five colons.</summary>
    public static bool HasSixFields(string text)
    {
        var colons = 0;
        foreach (var c in text)
        {
            if (c == ':' && ++colons == FieldCount - 1)
            {
                return true;
            }
        }
        return false;
    }

    public string Field(int index) => index switch
    {
        0 => Prefix,
        1 => Partition,
        2 => Service,
        3 => Region,
        4 => Account,
        5 => Resource,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public override string ToString() => $"{Prefix}:{Partition}:{Service}:{Region}:{Account}:{Resource}";
}

/// <summary>
/// Matches an ARN against an ARN pattern field by field, as <c>Resource</c> and <c>ArnLike</c> do:
/// a wildcard never crosses one of the first five colons, but the resource part is one field, so a
/// <c>*</c> there spans later colons and slashes
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html;
/// recorded: conditions.json resource_trailing_wildcard_colon).
/// </summary>
public sealed class ArnPattern
{
    private readonly WildcardPattern? _whole;
    private readonly WildcardPattern[]? _fields;
    private readonly string _literalPrefix;
    private readonly int _fieldsInPrefix;
    private readonly int _charsOfFieldsInPrefix;

    private ArnPattern(WildcardPattern? whole, WildcardPattern[]? fields, string literalPrefix)
    {
        _whole = whole;
        _fields = fields;
        _literalPrefix = literalPrefix;
        // Invariant: a candidate that starts with the literal prefix has the prefix's whole fields, colons included,
        // so matching can begin after them.
        // Stryker disable once Equality : a fast path; the surviving mutants end the loop at once, and matching then begins at the first field, which gives the same answer.
        for (var i = 0; i < literalPrefix.Length && _fieldsInPrefix < Arn.FieldCount - 1; i++)
        {
            if (literalPrefix[i] == ':')
            {
                _fieldsInPrefix++;
                _charsOfFieldsInPrefix = i + 1;
            }
        }
    }

    /// <summary>
    /// The pattern's text up to its first wildcard. A matching ARN starts with it: every field before that point is
    /// compared exactly and the colons between them line up. A quick way to turn away an ARN of another service or type.
    /// </summary>
    private static string LiteralPrefix(string text, bool[]? literalMask)
    {
        for (var i = 0; i < text.Length; i++)
        {
            // Stryker disable once Logical,Boolean,Equality : these mutants end the prefix at the first character; a shorter prefix only turns away fewer ARNs before the field-by-field comparison, which decides.
            if (text[i] is '*' or '?' && (literalMask is null || !literalMask[i]))
            {
                return text[..i];
            }
        }
        return text;
    }

    /// <summary>Builds the pattern; <paramref name="literalMask"/> marks characters that are not wildcards.</summary>
    public static ArnPattern Create(string text, bool[]? literalMask = null)
    {
        var whole = new WildcardPattern(text, literalMask);
        // Stryker disable once Block : a fast path; "*" has no colon, so the check after the split returns the same whole-text pattern.
        if (whole.IsMatchAll)
        {
            // Stryker disable once String : a whole-text pattern never reads the literal prefix (Matches returns before it).
            return new ArnPattern(whole, null, "");
        }
        var fields = new WildcardPattern[Arn.FieldCount];
        var start = 0;
        var field = 0;
        for (var i = 0; i < text.Length && field < Arn.FieldCount - 1; i++)
        {
            if (text[i] == ':')
            {
                fields[field++] = Slice(text, literalMask, start, i);
                start = i + 1;
            }
        }
        if (field < Arn.FieldCount - 1)
        {
            // Not an ARN: only an exact (glob) match of the whole text can match.
            // Stryker disable once String : as above, the literal prefix of a whole-text pattern is never read.
            return new ArnPattern(whole, null, "");
        }
        fields[field] = Slice(text, literalMask, start, text.Length);
        return new ArnPattern(null, fields, LiteralPrefix(text, literalMask));
    }

    private static WildcardPattern Slice(string text, bool[]? mask, int start, int end) =>
        new(text[start..end], mask?[start..end]);

    public bool Matches(string candidate)
    {
        if (_fields is null)
        {
            return _whole!.Matches(candidate);
        }
        if (!candidate.StartsWith(_literalPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        // Field-wise without allocating: the hot path of every Resource match. The fields are short, so a plain
        // scan for each colon beats a vectorised search.
        var span = candidate.AsSpan(_charsOfFieldsInPrefix);
        for (var i = _fieldsInPrefix; i < Arn.FieldCount - 1; i++)
        {
            var colon = 0;
            while (colon < span.Length && span[colon] != ':')
            {
                colon++;
            }
            if (colon == span.Length || !_fields[i].Matches(span[..colon]))
            {
                return false;
            }
            span = span[(colon + 1)..];
        }
        if (!_fields[Arn.FieldCount - 1].Matches(span))
        {
            return false;
        }
        return true;
    }
}
