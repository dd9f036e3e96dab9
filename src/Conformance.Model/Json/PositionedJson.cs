using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Conformance.Model.Json;

/// <summary>A 1-based line and column in a policy's text, as IAM reports them in
/// <c>MatchedStatements</c> (<c>StartPosition</c>/<c>EndPosition</c>).</summary>
public readonly record struct TextPosition(int Line, int Column)
{
    public override string ToString() => $"line {Line}, column {Column}";
}

/// <summary>A JSON value that remembers where it stood in the source text.</summary>
/// <remarks><see cref="Path"/> is spelled out only when asked for: every node keeps a link to its parent's
/// location instead of its own copy of the path, so a wide array under a long member name costs one small
/// object per item, not one copy of the name per item (found by the robustness run: 98 KB of input took 2 GB).</remarks>
public abstract record JsonValueNode(TextPosition Start, TextPosition End, JsonLocation Location)
{
    /// <summary>JSONPath-style: <c>$.Statement[0].Condition.StringEquals['aws:SourceVpce']</c>.</summary>
    public string Path => Location.ToString();
}

public sealed record JsonStringNode(string Value, TextPosition Start, TextPosition End, JsonLocation Location)
    : JsonValueNode(Start, End, Location);

/// <summary>Numbers, booleans and null keep their literal text: IAM policy grammar only has strings.</summary>
public sealed record JsonLiteralNode(string Text, JsonLiteralKind Kind, TextPosition Start, TextPosition End, JsonLocation Location)
    : JsonValueNode(Start, End, Location);

public enum JsonLiteralKind { Number, True, False, Null }

public sealed record JsonArrayNode(ImmutableArray<JsonValueNode> Items, TextPosition Start, TextPosition End, JsonLocation Location)
    : JsonValueNode(Start, End, Location);

public sealed record JsonProperty(string Name, TextPosition NameStart, JsonValueNode Value);

/// <summary>An object with its members in source order. Duplicate names are rejected by the reader.</summary>
public sealed record JsonObjectNode(ImmutableArray<JsonProperty> Properties, TextPosition Start, TextPosition End, JsonLocation Location)
    : JsonValueNode(Start, End, Location);

/// <summary>
/// Where a value stands in its document, as a link to its parent and one step (a member name or an item index).
/// Constant size whatever the depth; <see cref="ToString"/> spells the JSONPath out on demand.
/// </summary>
public sealed class JsonLocation
{
    public static readonly JsonLocation Root = new(null, null, -1);

    private readonly JsonLocation? _parent;
    private readonly string? _member;
    private readonly int _index;

    private JsonLocation(JsonLocation? parent, string? member, int index)
    {
        _parent = parent;
        _member = member;
        _index = index;
    }

    public JsonLocation Member(string name) => new(this, name, -1);

    public JsonLocation Item(int index) => new(this, null, index);

    public override string ToString()
    {
        var steps = new Stack<JsonLocation>();
        for (var at = this; at._parent is not null; at = at._parent)
        {
            steps.Push(at);
        }
        var builder = new StringBuilder("$");
        foreach (var step in steps)
        {
            if (step._member is { } name)
            {
                PositionedJsonReader.AppendMember(builder, name);
            }
            else
            {
                builder.Append('[').Append(step._index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }
        return builder.ToString();
    }
}

/// <summary>A syntax error with its place in the text.</summary>
public sealed record JsonSyntaxError(string Message, string Path, TextPosition Position);

/// <summary>
/// A small strict JSON reader (RFC 8259) that keeps line and column of every value and rejects
/// duplicate member names. System.Text.Json gives byte offsets only and accepts duplicates, and
/// IAM reports statement positions as 1-based line/column, so the model reads JSON itself.
/// Columns count characters (UTF-16 code units); policy text is limited to U+0009..U+00FF anyway.
/// </summary>
public static class PositionedJsonReader
{
    private const int MaxDepth = 64;

    public static (JsonValueNode? Value, JsonSyntaxError? Error) Read(string text)
    {
        var reader = new Reader(text);
        try
        {
            reader.SkipWhitespace();
            var value = reader.ReadValue(JsonLocation.Root, 0);
            reader.SkipWhitespace();
            if (!reader.AtEnd)
            {
                return (null, new JsonSyntaxError(
                    $"unexpected text after the end of the JSON document: '{reader.Excerpt()}'", "$", reader.Position));
            }
            return (value, null);
        }
        catch (JsonSyntaxException e)
        {
            return (null, e.Error);
        }
    }

    private sealed class JsonSyntaxException(JsonSyntaxError error) : Exception(error.Message)
    {
        public JsonSyntaxError Error { get; } = error;
    }

    private sealed class Reader(string text)
    {
        private int _index;
        private int _line = 1;
        private int _lineStart;

        public bool AtEnd => _index >= text.Length;
        public TextPosition Position => new(_line, _index - _lineStart + 1);

        public string Excerpt()
        {
            var length = Math.Min(20, text.Length - _index);
            return length <= 0 ? "" : text.Substring(_index, length);
        }

        private JsonSyntaxException Fail(string message, JsonLocation path) => Fail(message, path, Position);

        private static JsonSyntaxException Fail(string message, JsonLocation path, TextPosition position) =>
            new(new JsonSyntaxError(message, path.ToString(), position));

        public void SkipWhitespace()
        {
            while (_index < text.Length)
            {
                var c = text[_index];
                if (c == '\n')
                {
                    _index++;
                    _line++;
                    _lineStart = _index;
                }
                else if (c == ' ' || c == '\t' || c == '\r')
                {
                    _index++;
                }
                else
                {
                    break;
                }
            }
        }

        public JsonValueNode ReadValue(JsonLocation path, int depth)
        {
            if (depth > MaxDepth)
            {
                throw Fail($"JSON nested deeper than {MaxDepth} levels", path);
            }
            if (AtEnd)
            {
                throw Fail("unexpected end of text: a JSON value was expected", path);
            }
            var c = text[_index];
            return c switch
            {
                '{' => ReadObject(path, depth),
                '[' => ReadArray(path, depth),
                '"' => ReadStringNode(path),
                't' => ReadKeyword("true", JsonLiteralKind.True, path),
                'f' => ReadKeyword("false", JsonLiteralKind.False, path),
                'n' => ReadKeyword("null", JsonLiteralKind.Null, path),
                '-' or (>= '0' and <= '9') => ReadNumber(path),
                _ => throw Fail($"unexpected character '{Printable(c)}': a JSON value was expected", path),
            };
        }

        private static string Printable(char c) =>
            c < 0x20 || c > 0x7E ? $"\\u{(int)c:X4}" : c.ToString();

        private JsonObjectNode ReadObject(JsonLocation path, int depth)
        {
            var start = Position;
            _index++; // '{'
            var properties = ImmutableArray.CreateBuilder<JsonProperty>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            SkipWhitespace();
            if (!AtEnd && text[_index] == '}')
            {
                var endEmpty = Position;
                _index++;
                return new JsonObjectNode(properties.ToImmutable(), start, endEmpty, path);
            }
            while (true)
            {
                SkipWhitespace();
                if (AtEnd || text[_index] != '"')
                {
                    throw Fail("a member name in double quotes was expected", path);
                }
                var nameStart = Position;
                var name = ReadString(path);
                var memberPath = path.Member(name);
                if (!seen.Add(name))
                {
                    throw new JsonSyntaxException(new JsonSyntaxError(
                        $"duplicate key '{name}': a JSON object must not name the same element twice", memberPath.ToString(), nameStart));
                }
                SkipWhitespace();
                if (AtEnd || text[_index] != ':')
                {
                    throw Fail($"':' expected after member name '{name}'", memberPath);
                }
                _index++;
                SkipWhitespace();
                var value = ReadValue(memberPath, depth + 1);
                properties.Add(new JsonProperty(name, nameStart, value));
                SkipWhitespace();
                if (AtEnd)
                {
                    throw Fail("unexpected end of text: ',' or '}' expected", path);
                }
                if (text[_index] == ',')
                {
                    _index++;
                    continue;
                }
                if (text[_index] == '}')
                {
                    var end = Position;
                    _index++;
                    return new JsonObjectNode(properties.ToImmutable(), start, end, path);
                }
                throw Fail($"unexpected character '{Printable(text[_index])}': ',' or '}}' expected", path);
            }
        }

        private JsonArrayNode ReadArray(JsonLocation path, int depth)
        {
            var start = Position;
            _index++; // '['
            var items = ImmutableArray.CreateBuilder<JsonValueNode>();
            SkipWhitespace();
            if (!AtEnd && text[_index] == ']')
            {
                var endEmpty = Position;
                _index++;
                return new JsonArrayNode(items.ToImmutable(), start, endEmpty, path);
            }
            while (true)
            {
                SkipWhitespace();
                items.Add(ReadValue(path.Item(items.Count), depth + 1));
                SkipWhitespace();
                if (AtEnd)
                {
                    throw Fail("unexpected end of text: ',' or ']' expected", path);
                }
                if (text[_index] == ',')
                {
                    _index++;
                    continue;
                }
                if (text[_index] == ']')
                {
                    var end = Position;
                    _index++;
                    return new JsonArrayNode(items.ToImmutable(), start, end, path);
                }
                throw Fail($"unexpected character '{Printable(text[_index])}': ',' or ']' expected", path);
            }
        }

        private JsonStringNode ReadStringNode(JsonLocation path)
        {
            var start = Position;
            var value = ReadString(path);
            var end = new TextPosition(_line, _index - _lineStart);
            return new JsonStringNode(value, start, end, path);
        }

        private string ReadString(JsonLocation path)
        {
            _index++; // opening quote
            var builder = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw Fail("unterminated string", path);
                }
                var c = text[_index];
                if (c == '"')
                {
                    _index++;
                    return builder.ToString();
                }
                if (c == '\\')
                {
                    _index++;
                    if (AtEnd)
                    {
                        throw Fail("unterminated escape sequence", path);
                    }
                    var e = text[_index];
                    switch (e)
                    {
                        case '"': builder.Append('"'); break;
                        case '\\': builder.Append('\\'); break;
                        case '/': builder.Append('/'); break;
                        case 'b': builder.Append('\b'); break;
                        case 'f': builder.Append('\f'); break;
                        case 'n': builder.Append('\n'); break;
                        case 'r': builder.Append('\r'); break;
                        case 't': builder.Append('\t'); break;
                        case 'u':
                            var escapeStart = new TextPosition(_line, _index - _lineStart);
                            var code = HexEscape(path);
                            _index += 4;
                            if (char.IsHighSurrogate(code) && _index + 2 < text.Length && text[_index + 1] == '\\' && text[_index + 2] == 'u')
                            {
                                _index += 2;
                                var low = HexEscape(path);
                                if (char.IsLowSurrogate(low))
                                {
                                    builder.Append(code).Append(low);
                                    _index += 4;
                                    break;
                                }
                                _index -= 2;
                            }
                            if (char.IsSurrogate(code))
                            {
                                throw LoneSurrogate(code, path, escapeStart);
                            }
                            builder.Append(code);
                            break;
                        default:
                            throw Fail($"invalid escape sequence '\\{Printable(e)}'", path);
                    }
                    _index++;
                    continue;
                }
                if (c < 0x20)
                {
                    throw Fail($"control character {Printable(c)} must be escaped inside a string", path);
                }
                if (char.IsSurrogate(c))
                {
                    if (!char.IsHighSurrogate(c) || _index + 1 >= text.Length || !char.IsLowSurrogate(text[_index + 1]))
                    {
                        throw LoneSurrogate(c, path, Position);
                    }
                    builder.Append(c);
                    _index++;
                    c = text[_index];
                }
                builder.Append(c);
                _index++;
            }
        }

        /// <summary>The four hexadecimal digits after <c>\\u</c> (<see cref="_index"/> stands on the <c>u</c>).</summary>
        private char HexEscape(JsonLocation path)
        {
            if (_index + 4 >= text.Length ||
                !int.TryParse(text.AsSpan(_index + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                throw Fail("invalid \\u escape: four hexadecimal digits expected", path);
            }
            return (char)code;
        }

        /// <summary>
        /// RFC 8259 §8.2: a string holding a lone UTF-16 surrogate cannot be encoded as UTF-8, so no request carrying one
        /// can reach IAM. Refused here, with its place, rather than deep inside a later reader (found by the robustness run:
        /// <c>{"PolicyInputList":["\\ud800"]}</c> escaped as an InvalidOperationException).
        /// </summary>
        private static JsonSyntaxException LoneSurrogate(char c, JsonLocation path, TextPosition position) =>
            Fail($"\\u{(int)c:X4} is half of a UTF-16 surrogate pair without its other half: a JSON string must hold whole characters " +
                 "(write a character outside the Basic Multilingual Plane as a high and a low surrogate escape, e.g. \\uD83D\\uDE00)", path, position);

        private JsonLiteralNode ReadKeyword(string keyword, JsonLiteralKind kind, JsonLocation path)
        {
            var start = Position;
            if (string.CompareOrdinal(text, _index, keyword, 0, keyword.Length) != 0)
            {
                throw Fail($"unexpected text '{Excerpt()}': a JSON value was expected", path);
            }
            _index += keyword.Length;
            return new JsonLiteralNode(keyword, kind, start, new TextPosition(_line, _index - _lineStart), path);
        }

        private JsonLiteralNode ReadNumber(JsonLocation path)
        {
            var start = Position;
            var begin = _index;
            if (text[_index] == '-') _index++;
            if (AtEnd || !char.IsAsciiDigit(text[_index])) throw Fail("invalid number", path);
            if (text[_index] == '0') _index++;
            else while (!AtEnd && char.IsAsciiDigit(text[_index])) _index++;
            if (!AtEnd && text[_index] == '.')
            {
                _index++;
                if (AtEnd || !char.IsAsciiDigit(text[_index])) throw Fail("invalid number: digits expected after '.'", path);
                while (!AtEnd && char.IsAsciiDigit(text[_index])) _index++;
            }
            if (!AtEnd && (text[_index] == 'e' || text[_index] == 'E'))
            {
                _index++;
                if (!AtEnd && (text[_index] == '+' || text[_index] == '-')) _index++;
                if (AtEnd || !char.IsAsciiDigit(text[_index])) throw Fail("invalid number: digits expected in the exponent", path);
                while (!AtEnd && char.IsAsciiDigit(text[_index])) _index++;
            }
            return new JsonLiteralNode(text[begin.._index], JsonLiteralKind.Number, start,
                new TextPosition(_line, _index - _lineStart), path);
        }
    }

    /// <summary>JSONPath-style member access: <c>$.Statement[0].Condition.StringEquals['aws:SourceVpce']</c>.</summary>
    public static string MemberPath(string parent, string name) => AppendMember(new StringBuilder(parent), name).ToString();

    internal static StringBuilder AppendMember(StringBuilder builder, string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return builder.Append("['").Append(name.Replace("'", "\\'")).Append("']");
            }
        }
        return name.Length == 0 ? builder.Append("['']") : builder.Append('.').Append(name);
    }

    /// <summary>Where the value at <paramref name="path"/> stands: a member's name, an item's first character; null if absent.</summary>
    public static TextPosition? Locate(JsonValueNode? node, string path) =>
        Walk(node, path) is var (found, nameStart) && found is not null ? nameStart ?? found.Start : null;

    /// <summary>The value at <paramref name="path"/>, or null if the document has none there.</summary>
    public static JsonValueNode? Find(JsonValueNode? node, string path) => Walk(node, path).Node;

    /// <summary>
    /// Follows <paramref name="path"/> down from <paramref name="root"/> one step at a time, reading an item's index
    /// from the path instead of spelling out every item's path: linear in the path, whatever the width of the arrays.
    /// </summary>
    private static (JsonValueNode? Node, TextPosition? NameStart) Walk(JsonValueNode? root, string path)
    {
        if (root is null)
        {
            return (null, null);
        }
        var prefix = root.Path;
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return (null, null);
        }
        var at = prefix.Length;
        var node = root;
        TextPosition? nameStart = null;
        while (at < path.Length)
        {
            nameStart = null;
            switch (node)
            {
                case JsonArrayNode array when path[at] == '[' && path.IndexOf(']', at) is var close and > 0 &&
                                              int.TryParse(path.AsSpan(at + 1, close - at - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) &&
                                              index < array.Items.Length:
                    node = array.Items[index];
                    at = close + 1;
                    break;
                case JsonObjectNode o:
                    JsonProperty? next = null;
                    var nextAt = 0;
                    foreach (var property in o.Properties)
                    {
                        var step = AppendMember(new StringBuilder(), property.Name).ToString();
                        var end = at + step.Length;
                        if (string.CompareOrdinal(path, at, step, 0, step.Length) == 0 &&
                            (end == path.Length || path[end] is '.' or '['))
                        {
                            next = property;
                            nextAt = end;
                            break;
                        }
                    }
                    if (next is null)
                    {
                        return (null, null);
                    }
                    node = next.Value;
                    nameStart = next.NameStart;
                    at = nextAt;
                    break;
                default:
                    return (null, null);
            }
        }
        return (node, nameStart);
    }
}
