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
public abstract record JsonValueNode(TextPosition Start, TextPosition End, string Path);

public sealed record JsonStringNode(string Value, TextPosition Start, TextPosition End, string Path)
    : JsonValueNode(Start, End, Path);

/// <summary>Numbers, booleans and null keep their literal text: IAM policy grammar only has strings.</summary>
public sealed record JsonLiteralNode(string Text, JsonLiteralKind Kind, TextPosition Start, TextPosition End, string Path)
    : JsonValueNode(Start, End, Path);

public enum JsonLiteralKind { Number, True, False, Null }

public sealed record JsonArrayNode(ImmutableArray<JsonValueNode> Items, TextPosition Start, TextPosition End, string Path)
    : JsonValueNode(Start, End, Path);

public sealed record JsonProperty(string Name, TextPosition NameStart, JsonValueNode Value);

/// <summary>An object with its members in source order. Duplicate names are rejected by the reader.</summary>
public sealed record JsonObjectNode(ImmutableArray<JsonProperty> Properties, TextPosition Start, TextPosition End, string Path)
    : JsonValueNode(Start, End, Path);

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
            var value = reader.ReadValue("$", 0);
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

        private JsonSyntaxException Fail(string message, string path) =>
            new(new JsonSyntaxError(message, path, Position));

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

        public JsonValueNode ReadValue(string path, int depth)
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

        private JsonObjectNode ReadObject(string path, int depth)
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
                var memberPath = MemberPath(path, name);
                if (!seen.Add(name))
                {
                    throw new JsonSyntaxException(new JsonSyntaxError(
                        $"duplicate key '{name}': a JSON object must not name the same element twice", memberPath, nameStart));
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

        private JsonArrayNode ReadArray(string path, int depth)
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
                items.Add(ReadValue($"{path}[{items.Count}]", depth + 1));
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

        private JsonStringNode ReadStringNode(string path)
        {
            var start = Position;
            var value = ReadString(path);
            var end = new TextPosition(_line, _index - _lineStart);
            return new JsonStringNode(value, start, end, path);
        }

        private string ReadString(string path)
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
                            if (_index + 4 >= text.Length ||
                                !int.TryParse(text.AsSpan(_index + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                            {
                                throw Fail("invalid \\u escape: four hexadecimal digits expected", path);
                            }
                            builder.Append((char)code);
                            _index += 4;
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
                builder.Append(c);
                _index++;
            }
        }

        private JsonLiteralNode ReadKeyword(string keyword, JsonLiteralKind kind, string path)
        {
            var start = Position;
            if (string.CompareOrdinal(text, _index, keyword, 0, keyword.Length) != 0)
            {
                throw Fail($"unexpected text '{Excerpt()}': a JSON value was expected", path);
            }
            _index += keyword.Length;
            return new JsonLiteralNode(keyword, kind, start, new TextPosition(_line, _index - _lineStart), path);
        }

        private JsonLiteralNode ReadNumber(string path)
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
    public static string MemberPath(string parent, string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return $"{parent}['{name.Replace("'", "\\'")}']";
            }
        }
        return name.Length == 0 ? $"{parent}['']" : $"{parent}.{name}";
    }

    /// <summary>Where the value at <paramref name="path"/> stands: a member's name, an item's first character; null if absent.</summary>
    public static TextPosition? Locate(JsonValueNode? node, string path)
    {
        switch (node)
        {
            case null:
                return null;
            case { } when node.Path == path:
                return node.Start;
            case JsonObjectNode o:
                foreach (var property in o.Properties)
                {
                    if (property.Value.Path == path)
                    {
                        return property.NameStart;
                    }
                    if (path.StartsWith(property.Value.Path, StringComparison.Ordinal) && Locate(property.Value, path) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonArrayNode a:
                foreach (var item in a.Items)
                {
                    if (path.StartsWith(item.Path, StringComparison.Ordinal) && Locate(item, path) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            default:
                return null;
        }
    }
}
