using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Model.Evaluation;
using Conformance.Model.Fixtures;
using Conformance.Model.Json;
using Conformance.Model.Simulation;

namespace Conformance.Model.Probes;

/// <summary>
/// The probe file format (tests/Probes/&lt;id&gt;.json, README "Probes"). Problems name the file, the JSON path and,
/// where known, the line and column, like fixture problems.
/// </summary>
public static class ProbeJson
{
    private static readonly string[] Members = ["probeVersion", "id", "question", "request", "hypotheses", "modelAssumes", "status"];

    private sealed class ProbeFormatException(string message, string path) : Exception(message)
    {
        public string Path { get; } = path;
    }

    public static (Probe? Probe, FixtureError? Error) ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            return (null, new FixtureError(path, $"cannot be read: {e.Message}"));
        }
        var (root, syntax) = PositionedJsonReader.Read(text);
        if (syntax is not null)
        {
            return (null, new FixtureError(path, $"not valid JSON: {syntax.Message}", syntax.Path, syntax.Position));
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            var probe = Read(document.RootElement);
            var expected = Path.GetFileNameWithoutExtension(path);
            return probe.Id == expected
                ? (probe, null)
                : (null, new FixtureError(path, $"the probe's id \"{probe.Id}\" must be its file name \"{expected}\"", "$.id", PositionedJsonReader.Locate(root, "$.id")));
        }
        catch (ProbeFormatException e)
        {
            return (null, new FixtureError(path, e.Message, e.Path, PositionedJsonReader.Locate(root, e.Path)));
        }
    }

    /// <summary>Every probe file of a folder, in name order; unreadable ones are reported, not skipped.</summary>
    public static (ImmutableArray<(string File, Probe Probe)> Probes, ImmutableArray<FixtureError> Errors) ReadFolder(string folder)
    {
        var probes = ImmutableArray.CreateBuilder<(string, Probe)>();
        var errors = ImmutableArray.CreateBuilder<FixtureError>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var (probe, error) = ReadFile(file);
            if (probe is not null)
            {
                probes.Add((file, probe));
            }
            else
            {
                errors.Add(error!);
            }
        }
        return (probes.ToImmutable(), errors.ToImmutable());
    }

    private static Probe Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ProbeFormatException("a probe is a JSON object", "$");
        }
        foreach (var property in root.EnumerateObject())
        {
            if (!Members.Contains(property.Name))
            {
                throw new ProbeFormatException($"unknown member \"{property.Name}\"; a probe has {string.Join(", ", Members)}", "$." + property.Name);
            }
        }
        if (!root.TryGetProperty("probeVersion", out var version) || !version.TryGetInt32(out var v) || v != Probe.FormatVersion)
        {
            throw new ProbeFormatException($"probeVersion must be {Probe.FormatVersion}", "$.probeVersion");
        }
        var id = String(root, "id", "$.id");
        var question = String(root, "question", "$.question");
        if (!root.TryGetProperty("request", out var requestElement))
        {
            throw new ProbeFormatException("request (the SimulateCustomPolicy input that settles the question) is required", "$.request");
        }
        var (request, requestError) = SimulationJson.ReadRequest(requestElement.GetRawText());
        if (request is null)
        {
            var message = requestError ?? "not a SimulateCustomPolicy input";
            var colon = message.IndexOf(": ", StringComparison.Ordinal);
            throw message.StartsWith("$", StringComparison.Ordinal) && colon > 0
                ? new ProbeFormatException(message[(colon + 2)..], "$.request" + message[1..colon])
                : new ProbeFormatException(message, "$.request");
        }
        if (!root.TryGetProperty("hypotheses", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() < 2)
        {
            throw new ProbeFormatException("hypotheses is a list of at least two possible answers", "$.hypotheses");
        }
        var hypotheses = ImmutableArray.CreateBuilder<ProbeHypothesis>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            hypotheses.Add(Hypothesis(item, $"$.hypotheses[{i++}]"));
        }
        var assumes = String(root, "modelAssumes", "$.modelAssumes");
        if (!hypotheses.Any(h => h.Id == assumes))
        {
            throw new ProbeFormatException($"modelAssumes \"{assumes}\" is none of the hypotheses ({string.Join(", ", hypotheses.Select(h => h.Id))})", "$.modelAssumes");
        }
        if (hypotheses.Select(h => h.Id).Distinct().Count() != hypotheses.Count)
        {
            throw new ProbeFormatException("two hypotheses have the same id", "$.hypotheses");
        }
        return new Probe(id, question, request, hypotheses.ToImmutable(), assumes, Status(root));
    }

    private static ProbeStatus Status(JsonElement root)
    {
        if (!root.TryGetProperty("status", out var status))
        {
            return new ProbeStatus.Unsettled();
        }
        var kind = String(status, "kind", "$.status.kind");
        return kind switch
        {
            "unsettled" => new ProbeStatus.Unsettled(),
            "settled" => new ProbeStatus.Settled(
                status.TryGetProperty("held", out var held) && held.ValueKind == JsonValueKind.String ? held.GetString() : null,
                String(status, "date", "$.status.date"), String(status, "fixture", "$.status.fixture")),
            _ => throw new ProbeFormatException($"status.kind \"{kind}\" is not unsettled or settled", "$.status.kind"),
        };
    }

    private static ProbeHypothesis Hypothesis(JsonElement item, string path)
    {
        var id = String(item, "id", path + ".id");
        var meaning = String(item, "meaning", path + ".meaning");
        if (!item.TryGetProperty("answer", out var answer) || answer.ValueKind != JsonValueKind.Object)
        {
            throw new ProbeFormatException("answer is an object with \"error\", or \"decisions\" and/or \"topLevel\"", path + ".answer");
        }
        string? error = answer.TryGetProperty("error", out var e) ? e.GetString() : null;
        var rows = ImmutableArray.CreateBuilder<ProbeRow>();
        if (answer.TryGetProperty("decisions", out var decisions))
        {
            var r = 0;
            foreach (var row in decisions.EnumerateArray())
            {
                var rowPath = $"{path}.answer.decisions[{r++}]";
                var wire = String(row, "decision", rowPath + ".decision");
                if (!EvalDecisions.TryParse(wire, out var decision))
                {
                    throw new ProbeFormatException($"decision \"{wire}\" is not allowed, explicitDeny or implicitDeny", rowPath + ".decision");
                }
                rows.Add(new ProbeRow(String(row, "action", rowPath + ".action"), String(row, "resource", rowPath + ".resource"), decision,
                    Strings(row, "missingContextValues"), Strings(row, "sourcePolicyTypes")));
            }
        }
        var names = ImmutableArray.CreateBuilder<(string, string)>();
        if (answer.TryGetProperty("topLevel", out var topLevel))
        {
            var t = 0;
            foreach (var row in topLevel.EnumerateArray())
            {
                var rowPath = $"{path}.answer.topLevel[{t++}]";
                names.Add((String(row, "action", rowPath + ".action"), String(row, "evalResourceName", rowPath + ".evalResourceName")));
            }
        }
        if (error is null && rows.Count == 0 && names.Count == 0)
        {
            throw new ProbeFormatException("answer names nothing to check: give \"error\", \"decisions\" or \"topLevel\"", path + ".answer");
        }
        return new ProbeHypothesis(id, meaning, new ProbeExpectation(error, rows.ToImmutable(), names.ToImmutable()));
    }

    private static ImmutableArray<string>? Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var list) ? list.EnumerateArray().Select(v => v.GetString()!).ToImmutableArray() : null;

    private static string String(JsonElement element, string name, string path) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new ProbeFormatException($"{name} is required and must be a string", path);

    /// <summary>Rewrites the probe file's status in place (atomically), keeping everything else as written.</summary>
    public static void WriteStatus(string file, ProbeStatus.Settled settled)
    {
        var node = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        node["status"] = new JsonObject
        {
            ["kind"] = "settled",
            ["held"] = settled.Held,
            ["date"] = settled.Date,
            ["fixture"] = settled.Fixture,
        };
        var text = node.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n";
        var temporary = file + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        File.Move(temporary, file, overwrite: true);
    }
}
