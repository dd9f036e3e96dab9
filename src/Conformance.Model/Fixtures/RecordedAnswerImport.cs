using System.Text.Json;
using Conformance.Model.Simulation;

namespace Conformance.Model.Fixtures;

/// <summary>
/// Reads recorded answers kept as JSON Lines (<c>name</c>, <c>input</c>, <c>output</c> or <c>error</c>, <c>source</c>),
/// the form of tests/Recorded, and turns each into a <see cref="Fixture"/> with its provenance.
/// </summary>
public static class RecordedAnswerImport
{
    /// <summary>The text the recorder of simulate-custom-policy-2.jsonl put in place of IAM's pagination markers.</summary>
    public const string AnonymizedMarker = "<opaque-marker>";

    /// <summary>One recorded line (<c>name</c>, <c>input</c>, <c>output</c>|<c>error</c>, <c>source</c>) as a fixture.</summary>
    public static (Fixture? Fixture, string? Problem) FromLine(string line, FixtureOracleKind oracle, FixtureAspects compare, string? tool = null)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var name = root.GetProperty("name").GetString()!;
            var (request, error) = SimulationJson.ReadRequest(root.GetProperty("input").GetRawText());
            if (request is null)
            {
                return (null, $"input: {error}");
            }
            SimulationResult? answer = root.TryGetProperty("output", out var output) ? SimulationJson.ReadResult(output) : null;
            // The recorder wrote "code"/"message" in lower case in simulate-custom-policy-2.jsonl and in IAM's case elsewhere.
            SimulationError? simulationError = root.TryGetProperty("error", out var e)
                ? new SimulationError(Member(e, "Code") ?? throw new KeyNotFoundException("error has no \"Code\""), Member(e, "Message") ?? "")
                : null;
            if ((answer is null) == (simulationError is null))
            {
                return (null, "give exactly one of \"output\" and \"error\"");
            }
            var source = root.TryGetProperty("source", out var s) ? s : default;
            string? Field(string key) => source.ValueKind == JsonValueKind.Object && source.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var summarized = Field("note") is not null;
            var repository = Field("repository");
            var provenance = new Provenance(
                Source: repository is null ? Field("url") ?? Field("endpoint") ?? "unknown" : $"{repository}/{Field("path")}@{Field("commit")}",
                // tests/Recorded says "captured"; the campaign's corpus (tests/Recorded/live) says "date".
                Date: Field("captured") ?? Field("date"),
                Region: Field("region"),
                Seed: Field("seed"),
                Tool: Field("tool") ?? tool,
                Url: Field("url"),
                Credit: repository is null ? Field("section") : $"recorded and published by {repository} ({Field("license")})");
            // The recorder replaced IAM's markers with a placeholder: such a call can only be checked for its shape.
            var anonymizedMarker = request.Marker == AnonymizedMarker;
            var fixture = new Fixture(name,
                anonymizedMarker ? $"The recorded Marker was anonymized ({AnonymizedMarker}): the question is asked without it and the answer is checked for its shape only." : Field("note"),
                oracle, provenance, request, answer, simulationError,
                anonymizedMarker ? FixtureAspects.Decisions | FixtureAspects.Shape : summarized ? FixtureAspects.Decisions : compare,
                new FixtureStatus.Agrees());
            return (fixture, null);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return (null, ex.Message);
        }
    }

    private static string? Member(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }
        return null;
    }
}
