using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Conformance.Model.Json;
using Conformance.Model.Simulation;

namespace Conformance.Model.Fixtures;

/// <summary>Reads and writes the fixture JSON format (README "Fixtures").</summary>
public static class FixtureJson
{
    private static readonly string[] Members =
        ["fixtureVersion", "name", "description", "oracle", "provenance", "request", "answer", "error", "compare", "status"];

    private sealed class FixtureFormatException(string message, string path) : Exception(message)
    {
        public string Path { get; } = path;
    }

    public static (Fixture? Fixture, FixtureError? Error) Read(string text, string file)
    {
        var (root, syntax) = PositionedJsonReader.Read(text);
        if (syntax is not null)
        {
            return (null, new FixtureError(file, $"not valid JSON: {syntax.Message}", syntax.Path, syntax.Position));
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            return (Read(document.RootElement), null);
        }
        catch (FixtureFormatException e)
        {
            return (null, new FixtureError(file, e.Message, e.Path, PositionedJsonReader.Locate(root, e.Path)));
        }
    }

    public static (Fixture? Fixture, FixtureError? Error) ReadFile(string path)
    {
        try
        {
            return Read(File.ReadAllText(path), path);
        }
        catch (IOException e)
        {
            return (null, new FixtureError(path, $"cannot be read: {e.Message}"));
        }
    }

    private static Fixture Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FixtureFormatException("a fixture is a JSON object", "$");
        }
        foreach (var property in root.EnumerateObject())
        {
            if (!Members.Contains(property.Name))
            {
                throw new FixtureFormatException($"unknown member \"{property.Name}\"; expected one of {string.Join(", ", Members)}", "$." + property.Name);
            }
        }
        var version = Required(root, "fixtureVersion", JsonValueKind.Number).GetInt32();
        if (version != Fixture.FormatVersion)
        {
            throw new FixtureFormatException($"fixtureVersion {version} is not supported; this tool reads version {Fixture.FormatVersion}", "$.fixtureVersion");
        }
        var name = Required(root, "name", JsonValueKind.String).GetString()!;
        var description = root.TryGetProperty("description", out var d) ? d.GetString() : null;
        var oracleText = Required(root, "oracle", JsonValueKind.String).GetString()!;
        var oracle = oracleText switch
        {
            "aws" => FixtureOracleKind.Aws,
            "documentation" => FixtureOracleKind.Documentation,
            "peer" => FixtureOracleKind.Peer,
            "model" => FixtureOracleKind.Model,
            _ => throw new FixtureFormatException($"oracle \"{oracleText}\" is unknown; use aws, documentation, peer or model", "$.oracle"),
        };
        var p = Required(root, "provenance", JsonValueKind.Object);
        var provenance = new Provenance(
            Required(p, "source", JsonValueKind.String, "$.provenance").GetString()!,
            Optional(p, "date"), Optional(p, "region"), Optional(p, "seed"), Optional(p, "tool"), Optional(p, "url"), Optional(p, "credit"));

        var requestElement = Required(root, "request", JsonValueKind.Object);
        var (request, requestError) = SimulationJson.ReadRequest(requestElement.GetRawText());
        if (request is null)
        {
            var message = requestError ?? "the request cannot be read";
            var colon = message.IndexOf(": ", StringComparison.Ordinal);
            var path = message.StartsWith('$') && colon > 0 ? "$.request" + message[1..colon] : "$.request";
            throw new FixtureFormatException(colon > 0 ? message[(colon + 2)..] : message, path);
        }

        SimulationResult? answer = null;
        SimulationError? error = null;
        var hasAnswer = root.TryGetProperty("answer", out var answerElement);
        var hasError = root.TryGetProperty("error", out var errorElement);
        if (hasAnswer == hasError)
        {
            throw new FixtureFormatException("give exactly one of \"answer\" (the aws-cli output) and \"error\" ({\"Code\": ..., \"Message\": ...})", "$");
        }
        if (hasAnswer)
        {
            try
            {
                answer = SimulationJson.ReadResult(answerElement);
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new FixtureFormatException($"not a SimulateCustomPolicy answer in the aws-cli shape: {e.Message}", "$.answer");
            }
        }
        else
        {
            var code = Required(errorElement, "Code", JsonValueKind.String, "$.error").GetString()!;
            error = new SimulationError(code, Optional(errorElement, "Message") ?? "");
        }

        var compare = FixtureAspects.Decisions;
        if (root.TryGetProperty("compare", out var compareElement))
        {
            if (compareElement.ValueKind != JsonValueKind.Array)
            {
                throw new FixtureFormatException("compare is a list of \"decisions\", \"missingContextValues\", \"matchedStatements\"", "$.compare");
            }
            compare = 0;
            var i = 0;
            foreach (var item in compareElement.EnumerateArray())
            {
                compare |= item.GetString() switch
                {
                    "decisions" => FixtureAspects.Decisions,
                    "missingContextValues" => FixtureAspects.MissingContextValues,
                    "matchedStatements" => FixtureAspects.MatchedStatements,
                    "decisionDetails" => FixtureAspects.DecisionDetails,
                    "shape" => FixtureAspects.Shape,
                    var other => throw new FixtureFormatException($"\"{other}\" cannot be compared; use decisions, missingContextValues, matchedStatements, decisionDetails or shape", $"$.compare[{i}]"),
                };
                i++;
            }
            compare |= FixtureAspects.Decisions;
        }

        var statusElement = Required(root, "status", JsonValueKind.Object);
        var kind = Required(statusElement, "kind", JsonValueKind.String, "$.status").GetString();
        FixtureStatus status = kind switch
        {
            "agrees" => new FixtureStatus.Agrees(),
            "declaredDifference" => new FixtureStatus.DeclaredDifference(
                Required(statusElement, "reason", JsonValueKind.String, "$.status").GetString()!,
                Required(statusElement, "source", JsonValueKind.String, "$.status").GetString()!),
            _ => throw new FixtureFormatException($"status kind \"{kind}\" is unknown; use \"agrees\" or \"declaredDifference\" (with reason and source)", "$.status.kind"),
        };
        return new Fixture(name, description, oracle, provenance, request, answer, error, compare, status);
    }

    private static JsonElement Required(JsonElement parent, string name, JsonValueKind kind, string parentPath = "$")
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            throw new FixtureFormatException($"missing required member \"{name}\"", parentPath);
        }
        if (value.ValueKind != kind)
        {
            throw new FixtureFormatException($"\"{name}\" must be {Article(kind)}", $"{parentPath}.{name}");
        }
        return value;
    }

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.Number => "a number",
        _ => "a string",
    };

    private static string? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The canonical text of a fixture: indented, stable member order, a final newline.</summary>
    public static string Write(Fixture fixture)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            IndentSize = 2,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("fixtureVersion", Fixture.FormatVersion);
            writer.WriteString("name", fixture.Name);
            if (fixture.Description is { } description)
            {
                writer.WriteString("description", description);
            }
            writer.WriteString("oracle", fixture.Oracle switch
            {
                FixtureOracleKind.Aws => "aws",
                FixtureOracleKind.Documentation => "documentation",
                FixtureOracleKind.Peer => "peer",
                _ => "model",
            });
            writer.WriteStartObject("provenance");
            var p = fixture.Provenance;
            writer.WriteString("source", p.Source);
            foreach (var (key, value) in new[] { ("date", p.Date), ("region", p.Region), ("seed", p.Seed), ("tool", p.Tool), ("url", p.Url), ("credit", p.Credit) })
            {
                if (value is not null)
                {
                    writer.WriteString(key, value);
                }
            }
            writer.WriteEndObject();
            writer.WritePropertyName("request");
            SimulationJson.WriteRequest(writer, fixture.Request);
            SimulationJson.WriteAnswer(writer, "answer", fixture.Answer, fixture.Error);
            writer.WriteStartArray("compare");
            writer.WriteStringValue("decisions");
            if (fixture.Compare.HasFlag(FixtureAspects.MissingContextValues))
            {
                writer.WriteStringValue("missingContextValues");
            }
            if (fixture.Compare.HasFlag(FixtureAspects.MatchedStatements))
            {
                writer.WriteStringValue("matchedStatements");
            }
            if (fixture.Compare.HasFlag(FixtureAspects.DecisionDetails))
            {
                writer.WriteStringValue("decisionDetails");
            }
            if (fixture.Compare.HasFlag(FixtureAspects.Shape))
            {
                writer.WriteStringValue("shape");
            }
            writer.WriteEndArray();
            writer.WriteStartObject("status");
            switch (fixture.Status)
            {
                case FixtureStatus.DeclaredDifference declared:
                    writer.WriteString("kind", "declaredDifference");
                    writer.WriteString("reason", declared.Reason);
                    writer.WriteString("source", declared.Source);
                    break;
                default:
                    writer.WriteString("kind", "agrees");
                    break;
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
