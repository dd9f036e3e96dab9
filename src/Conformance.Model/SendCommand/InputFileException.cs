using Conformance.Model.Json;

namespace Conformance.Model.SendCommand;

/// <summary>
/// An input file the <c>sendcommand</c> scenario cannot read: which file, where in it (JSON path, and line and column
/// when the text was read), and what was wrong. The message reads
/// <c>send-command.json: $.Targets[0].Values (line 4, column 7): …</c>.
/// </summary>
public sealed class InputFileException(string file, string jsonPath, TextPosition? position, string problem)
    : Exception(position is { } p ? $"{file}: {jsonPath} ({p}): {problem}" : $"{file}: {jsonPath}: {problem}")
{
    public string File { get; } = file;

    public string JsonPath { get; } = jsonPath;

    public TextPosition? Position { get; } = position;

    public string Problem { get; } = problem;
}

/// <summary>
/// One JSON input file read with positions, and typed access to its values that fails with an
/// <see cref="InputFileException"/> naming the file and the JSON path. Reading only: no meaning is given here.
/// </summary>
internal sealed class JsonInputFile
{
    private JsonInputFile(string name, JsonValueNode root)
    {
        Name = name;
        Root = root;
    }

    public string Name { get; }

    public JsonValueNode Root { get; }

    public static JsonInputFile Parse(string name, string text)
    {
        var (root, syntax) = PositionedJsonReader.Read(text);
        if (syntax is not null)
        {
            throw new InputFileException(name, syntax.Path, syntax.Position, $"not valid JSON: {syntax.Message}");
        }
        return new JsonInputFile(name, root!);
    }

    public InputFileException Error(JsonValueNode at, string problem) => new(Name, at.Path, at.Start, problem);

    public InputFileException Error(JsonObjectNode parent, string member, string problem) =>
        new(Name, PositionedJsonReader.MemberPath(parent.Path, member), parent.Start, problem);

    public JsonObjectNode Object(JsonValueNode node, string what) =>
        node as JsonObjectNode ?? throw Error(node, $"{what} must be a JSON object, not {Kind(node)}");

    public JsonArrayNode Array(JsonValueNode node, string what) =>
        node as JsonArrayNode ?? throw Error(node, $"{what} must be a JSON array, not {Kind(node)}");

    public string String(JsonValueNode node, string what) =>
        (node as JsonStringNode)?.Value ?? throw Error(node, $"{what} must be a string, not {Kind(node)}");

    public static JsonValueNode? Member(JsonObjectNode node, string name) =>
        node.Properties.FirstOrDefault(p => p.Name == name)?.Value;

    public JsonValueNode Required(JsonObjectNode node, string name, string what) =>
        Member(node, name) ?? throw Error(node, name, $"{what} is missing: {name} is required");

    /// <summary>A member that may be absent or JSON null (the aws CLI prints null for some absent members).</summary>
    public static JsonValueNode? Optional(JsonObjectNode node, string name) =>
        Member(node, name) is { } value && !(value is JsonLiteralNode { Kind: JsonLiteralKind.Null }) ? value : null;

    private static string Kind(JsonValueNode node) => node switch
    {
        JsonObjectNode => "an object",
        JsonArrayNode => "an array",
        JsonStringNode => "a string",
        JsonLiteralNode { Kind: JsonLiteralKind.Number } n => $"the number {n.Text}",
        JsonLiteralNode { Kind: JsonLiteralKind.Null } => "null",
        JsonLiteralNode l => l.Text,
        _ => "a value",
    };
}
