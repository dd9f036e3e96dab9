using System.Collections.Immutable;
using System.Text;

namespace Conformance.Model.Policies;

/// <summary>
/// A policy string that may contain policy variables: <c>${aws:username}</c>,
/// <c>${aws:PrincipalTag/team, 'default'}</c> and the escapes <c>${*}</c> <c>${?}</c> <c>${$}</c>
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
/// Under Version 2008-10-17 or with no Version, the text is kept literally and nothing is substituted.
/// </summary>
public sealed record PolicyTemplate
{
    // Invariant: HasVariables and IsPlainText are derived from Segments whenever Segments is set.
    private readonly ImmutableArray<TemplateSegment> _segments = [];

    public PolicyTemplate(string text, ImmutableArray<TemplateSegment> segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; init; }

    public ImmutableArray<TemplateSegment> Segments
    {
        get => _segments;
        init
        {
            _segments = value;
            HasVariables = value.Any(s => s is TemplateSegment.Variable);
            IsPlainText = value.All(s => s is TemplateSegment.Text);
        }
    }

    public bool HasVariables { get; private init; }

    /// <summary>True when the template is plain policy text: no variables, no escapes.</summary>
    public bool IsPlainText { get; private init; }

    /// <summary>Equal when the text and the segments are equal (segment by segment, not by array identity).</summary>
    public bool Equals(PolicyTemplate? other) =>
        other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal) && Segments.SequenceEqual(other.Segments);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    public static PolicyTemplate Literal(string text) =>
        new(text, [new TemplateSegment.Text(text)]);

    /// <summary>Splits <paramref name="text"/> into segments. A <c>${</c> without a closing brace stays literal text.</summary>
    public static PolicyTemplate Parse(string text, bool substituteVariables)
    {
        if (!substituteVariables || !text.Contains("${", StringComparison.Ordinal))
        {
            return Literal(text);
        }
        var segments = ImmutableArray.CreateBuilder<TemplateSegment>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                // Stryker disable once Equality : IndexOf from i + 2 answers -1 or at least 2, never 0, so "close <= 0" is the same test.
                if (close < 0)
                {
                    literal.Append(text, i, text.Length - i);
                    break;
                }
                var body = text.Substring(i + 2, close - i - 2);
                var segment = ParseVariable(body);
                if (segment is null)
                {
                    // Open question (probe malformed-variable): IAM's handling of a malformed ${...} is undocumented; kept as literal text.
                    literal.Append(text, i, close + 1 - i);
                }
                else
                {
                    if (literal.Length > 0)
                    {
                        segments.Add(new TemplateSegment.Text(literal.ToString()));
                        literal.Clear();
                    }
                    segments.Add(segment);
                }
                i = close + 1;
                continue;
            }
            literal.Append(text[i]);
            i++;
        }
        if (literal.Length > 0)
        {
            segments.Add(new TemplateSegment.Text(literal.ToString()));
        }
        return new PolicyTemplate(text, segments.ToImmutable());
    }

    private static TemplateSegment? ParseVariable(string body)
    {
        if (body is "*" or "?" or "$")
        {
            return new TemplateSegment.Escaped(body);
        }
        string key;
        string? fallback = null;
        var comma = body.IndexOf(',');
        if (comma >= 0)
        {
            key = body[..comma].Trim();
            var rest = body[(comma + 1)..].Trim();
            if (rest.Length < 2 || rest[0] != '\'' || rest[^1] != '\'')
            {
                return null;
            }
            fallback = rest[1..^1];
        }
        else
        {
            key = body.Trim();
        }
        // Tag keys may contain spaces (and : / = + - @ .), so a variable's key is everything up to ',' or '}', trimmed.
        // Found by the differential run against the peer, which resolves such keys; the documentation is silent.
        if (key.Length == 0)
        {
            return null;
        }
        return new TemplateSegment.Variable(key, fallback);
    }

    /// <summary>
    /// Substitutes variables. Returns false when a variable has no value and no default: the
    /// documentation says such an entry matches nothing (positive operators, Resource) and a
    /// negated operator then matches.
    /// </summary>
    /// <param name="literalMask">Marks characters that must not act as wildcards (escapes, substituted values).
    /// Null when every <c>*</c> and <c>?</c> of the result is a wildcard.</param>
    public bool TryResolve(Func<string, string?> lookup, out string resolved, out bool[]? literalMask)
    {
        if (IsPlainText)
        {
            resolved = Text;
            literalMask = null;
            return true;
        }
        if (Segments is [TemplateSegment.Variable only])
        {
            // The whole value is one variable, as in "${aws:username}": its value, every character literal.
            var value = lookup(only.Key) ?? only.Default;
            resolved = value ?? "";
            literalMask = value is null ? null : AllLiteral(value.Length);
            return value is not null;
        }
        var builder = new StringBuilder(Text.Length);
        var literal = new List<(int Start, int Length)>();
        foreach (var segment in Segments)
        {
            switch (segment)
            {
                case TemplateSegment.Text t:
                    builder.Append(t.Value);
                    break;
                case TemplateSegment.Escaped e:
                    literal.Add((builder.Length, e.Value.Length));
                    builder.Append(e.Value);
                    break;
                case TemplateSegment.Variable v:
                    var value = lookup(v.Key) ?? v.Default;
                    if (value is null)
                    {
                        resolved = "";
                        literalMask = null;
                        return false;
                    }
                    literal.Add((builder.Length, value.Length));
                    builder.Append(value);
                    break;
            }
        }
        resolved = builder.ToString();
        literalMask = new bool[resolved.Length];
        foreach (var (start, length) in literal)
        {
            literalMask.AsSpan(start, length).Fill(true);
        }
        return true;
    }

    private static bool[] AllLiteral(int length)
    {
        var mask = new bool[length];
        mask.AsSpan().Fill(true);
        return mask;
    }

    public override string ToString() => Text;
}

/// <summary>A piece of a <see cref="PolicyTemplate"/>.</summary>
public abstract record TemplateSegment
{
    private TemplateSegment() { }

    /// <summary>Policy text; <c>*</c> and <c>?</c> in it keep their wildcard meaning where the element has one.</summary>
    public sealed record Text(string Value) : TemplateSegment;

    /// <summary><c>${*}</c>, <c>${?}</c> or <c>${$}</c>: a literal character.</summary>
    public sealed record Escaped(string Value) : TemplateSegment;

    /// <summary><c>${key}</c> or <c>${key, 'default'}</c>; the key name is case-insensitive.</summary>
    public sealed record Variable(string Key, string? Default) : TemplateSegment;
}
