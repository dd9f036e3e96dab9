using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Conformance.Model.Evaluation;
using Conformance.Model.Json;

namespace Conformance.Model.Simulation;

/// <summary>
/// The aws-cli JSON forms of SimulateCustomPolicy: the input that <c>--cli-input-json</c> reads and the output
/// the command prints. One shape everywhere: command line, fixtures, loopback endpoint, logs.
/// </summary>
public static class SimulationJson
{
    private static readonly string[] RequestMembers =
    [
        "PolicyInputList", "PermissionsBoundaryPolicyInputList", "ActionNames", "ResourceArns", "ResourcePolicy",
        "ResourceOwner", "CallerArn", "ContextEntries", "ResourceHandlingOption", "MaxItems", "Marker", "OrderedOrganizationPolicyInputList",
    ];

    /// <summary>Reads <c>--cli-input-json</c> text. Errors name the JSON path, like the aws CLI's parameter validation.</summary>
    public static (SimulationRequest? Request, string? Error) ReadRequest(string json)
    {
        JsonDocument document;
        try
        {
            // Stryker disable once Initializer : false is also the default; the option is written out because the aws CLI refuses trailing commas too.
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            return (null, $"the input is not valid JSON: {e.Message}");
        }
        using (document)
        {
            try
            {
                return (ReadRequest(document.RootElement), null);
            }
            catch (InputException e)
            {
                return (null, e.Message);
            }
        }
    }

    private sealed class InputException(string message) : Exception(message);

    public static SimulationRequest ReadRequestOrThrow(string json)
    {
        var (request, error) = ReadRequest(json);
        return request ?? throw new FormatException(error);
    }

    public static SimulationRequest ReadRequest(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InputException("$: the input must be a JSON object");
        }
        foreach (var property in root.EnumerateObject())
        {
            if (!RequestMembers.Contains(property.Name))
            {
                throw new InputException($"$.{property.Name}: unknown parameter \"{property.Name}\"; must be one of: {string.Join(", ", RequestMembers)}");
            }
        }
        return new SimulationRequest(
            PolicyInputList: StringList(root, "PolicyInputList") ?? throw new InputException("$: missing required parameter \"PolicyInputList\""),
            ActionNames: StringList(root, "ActionNames") ?? throw new InputException("$: missing required parameter \"ActionNames\""),
            PermissionsBoundaryPolicyInputList: StringList(root, "PermissionsBoundaryPolicyInputList") ?? [],
            ResourceArns: StringList(root, "ResourceArns") ?? [],
            ResourcePolicy: String(root, "ResourcePolicy"),
            ResourceOwner: String(root, "ResourceOwner"),
            CallerArn: String(root, "CallerArn"),
            ContextEntries: ContextEntries(root),
            ResourceHandlingOption: String(root, "ResourceHandlingOption"),
            MaxItems: root.TryGetProperty("MaxItems", out var max)
                ? max.ValueKind == JsonValueKind.Number && max.TryGetInt32(out var m) ? m : throw new InputException("$.MaxItems: must be an integer")
                : null,
            Marker: String(root, "Marker"),
            OrderedOrganizationPolicyInputList: OrganizationLevels(root));
    }

    private static ImmutableArray<OrganizationPolicyLevel> OrganizationLevels(JsonElement root)
    {
        if (!root.TryGetProperty("OrderedOrganizationPolicyInputList", out var levels))
        {
            return [];
        }
        if (levels.ValueKind != JsonValueKind.Array)
        {
            throw new InputException($"$.OrderedOrganizationPolicyInputList: must be a list, not {Describe(levels)}");
        }
        var builder = ImmutableArray.CreateBuilder<OrganizationPolicyLevel>();
        var i = 0;
        foreach (var level in levels.EnumerateArray())
        {
            var path = $"$.OrderedOrganizationPolicyInputList[{i}]";
            if (level.ValueKind != JsonValueKind.Object)
            {
                throw new InputException($"{path}: must be an object with ServiceControlPolicyInputList");
            }
            foreach (var property in level.EnumerateObject())
            {
                if (property.Name != "ServiceControlPolicyInputList")
                {
                    throw new InputException($"{path}.{property.Name}: unknown parameter; must be ServiceControlPolicyInputList");
                }
            }
            builder.Add(new OrganizationPolicyLevel(StringList(level, "ServiceControlPolicyInputList", path + ".ServiceControlPolicyInputList") ?? []));
            i++;
        }
        return builder.ToImmutable();
    }

    private static string? String(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InputException($"$.{name}: must be a string, not {Describe(value)}");
    }

    private static ImmutableArray<string>? StringList(JsonElement root, string name, string? path = null)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }
        path ??= "$." + name;
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new InputException($"{path}: must be a list of strings, not {Describe(value)}");
        }
        var builder = ImmutableArray.CreateBuilder<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new InputException($"{path}[{i}]: must be a string, not {Describe(item)}");
            }
            builder.Add(item.GetString()!);
            i++;
        }
        return builder.ToImmutable();
    }

    private static ImmutableArray<ContextEntry> ContextEntries(JsonElement root)
    {
        if (!root.TryGetProperty("ContextEntries", out var entries))
        {
            return [];
        }
        if (entries.ValueKind != JsonValueKind.Array)
        {
            throw new InputException($"$.ContextEntries: must be a list, not {Describe(entries)}");
        }
        var builder = ImmutableArray.CreateBuilder<ContextEntry>();
        var i = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            var path = $"$.ContextEntries[{i}]";
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw new InputException($"{path}: must be an object with ContextKeyName, ContextKeyValues and ContextKeyType");
            }
            foreach (var property in entry.EnumerateObject())
            {
                if (property.Name is not ("ContextKeyName" or "ContextKeyValues" or "ContextKeyType"))
                {
                    throw new InputException($"{path}.{property.Name}: unknown parameter; must be one of: ContextKeyName, ContextKeyValues, ContextKeyType");
                }
            }
            // An absent name or value list is IAM's to refuse (InvalidInput, recorded simulation_inputs.json:
            // input_context_absent_name, input_context_absent_values); the reader keeps them empty.
            var name = !entry.TryGetProperty("ContextKeyName", out var n)
                ? ""
                : n.ValueKind == JsonValueKind.String ? n.GetString()! : throw new InputException($"{path}.ContextKeyName: must be a string, not {Describe(n)}");
            var typeText = entry.TryGetProperty("ContextKeyType", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString()!
                : throw new InputException($"{path}.ContextKeyType: a string is required");
            if (!ContextKeyTypes.TryParse(typeText, out var type))
            {
                throw new InputException($"{path}.ContextKeyType: \"{typeText}\" is not one of {string.Join(", ", ContextKeyTypes.WireNames)}");
            }
            // GetValueOrDefault rather than "??": Stryker's mutant without the right side would not compile.
            var values = StringList(entry, "ContextKeyValues", path + ".ContextKeyValues").GetValueOrDefault([]);
            builder.Add(new ContextEntry(name, values, type));
            i++;
        }
        return builder.ToImmutable();
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>Writes the request in the aws-cli input shape, omitting empty optional members.</summary>
    public static string WriteRequest(SimulationRequest request, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions(indented)))
        {
            WriteRequest(writer, request);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void WriteRequest(Utf8JsonWriter writer, SimulationRequest request)
    {
        writer.WriteStartObject();
        WriteStrings(writer, "PolicyInputList", request.PolicyInputList);
        if (!request.PermissionsBoundaryPolicyInputList.IsEmpty)
        {
            WriteStrings(writer, "PermissionsBoundaryPolicyInputList", request.PermissionsBoundaryPolicyInputList);
        }
        WriteStrings(writer, "ActionNames", request.ActionNames);
        if (!request.ResourceArns.IsEmpty)
        {
            WriteStrings(writer, "ResourceArns", request.ResourceArns);
        }
        WriteOptional(writer, "ResourcePolicy", request.ResourcePolicy);
        WriteOptional(writer, "ResourceOwner", request.ResourceOwner);
        WriteOptional(writer, "CallerArn", request.CallerArn);
        if (!request.ContextEntries.IsEmpty)
        {
            writer.WriteStartArray("ContextEntries");
            foreach (var entry in request.ContextEntries)
            {
                writer.WriteStartObject();
                if (entry.ContextKeyName.Length > 0)
                {
                    // An empty name stands for an absent one (see ContextEntries): written as the caller gave it.
                    writer.WriteString("ContextKeyName", entry.ContextKeyName);
                }
                WriteStrings(writer, "ContextKeyValues", entry.ContextKeyValues);
                writer.WriteString("ContextKeyType", entry.ContextKeyType.WireName());
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        WriteOptional(writer, "ResourceHandlingOption", request.ResourceHandlingOption);
        if (request.MaxItems is { } max)
        {
            writer.WriteNumber("MaxItems", max);
        }
        WriteOptional(writer, "Marker", request.Marker);
        if (!request.OrderedOrganizationPolicyInputList.IsEmpty)
        {
            writer.WriteStartArray("OrderedOrganizationPolicyInputList");
            foreach (var level in request.OrderedOrganizationPolicyInputList)
            {
                writer.WriteStartObject();
                WriteStrings(writer, "ServiceControlPolicyInputList", level.ServiceControlPolicyInputList);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes an error IAM returned instead of an answer as a <c>{"Code","Message"}</c> member.</summary>
    public static void WriteError(Utf8JsonWriter writer, string propertyName, SimulationError error)
    {
        writer.WriteStartObject(propertyName);
        writer.WriteString("Code", error.Code);
        writer.WriteString("Message", error.Message);
        writer.WriteEndObject();
    }

    /// <summary>Writes the answer as member <paramref name="resultName"/>, or else the error as member <c>error</c>.</summary>
    public static void WriteAnswer(Utf8JsonWriter writer, string resultName, SimulationResult? result, SimulationError? error)
    {
        if (result is not null)
        {
            writer.WritePropertyName(resultName);
            WriteResult(writer, result);
        }
        else
        {
            WriteError(writer, "error", error ?? throw new ArgumentException("an answer needs a result or an error", nameof(error)));
        }
    }

    /// <summary>Writes the result as <c>aws iam simulate-custom-policy</c> prints it.</summary>
    public static string WriteResult(SimulationResult result, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions(indented)))
        {
            WriteResult(writer, result);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void WriteResult(Utf8JsonWriter writer, SimulationResult result)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("EvaluationResults");
        foreach (var r in result.EvaluationResults)
        {
            writer.WriteStartObject();
            writer.WriteString("EvalActionName", r.EvalActionName);
            writer.WriteString("EvalResourceName", r.EvalResourceName);
            writer.WriteString("EvalDecision", r.EvalDecision.WireName());
            WriteStatements(writer, r.MatchedStatements, always: true);
            WriteStrings(writer, "MissingContextValues", r.MissingContextValues);
            if (r.EvalDecisionDetails is { } details)
            {
                writer.WriteStartObject("EvalDecisionDetails");
                foreach (var (policyType, decision) in details.Entries)
                {
                    writer.WriteString(policyType, decision.WireName());
                }
                writer.WriteEndObject();
            }
            if (r.AllowedByOrganizations is { } organizations)
            {
                writer.WriteStartObject("OrganizationsDecisionDetail");
                writer.WriteBoolean("AllowedByOrganizations", organizations);
                writer.WriteEndObject();
            }
            WriteBoundary(writer, r.AllowedByPermissionsBoundary);
            if (!r.ResourceSpecificResults.IsEmpty)
            {
                writer.WriteStartArray("ResourceSpecificResults");
                foreach (var s in r.ResourceSpecificResults)
                {
                    writer.WriteStartObject();
                    writer.WriteString("EvalResourceName", s.EvalResourceName);
                    writer.WriteString("EvalResourceDecision", s.EvalResourceDecision.WireName());
                    WriteStatements(writer, s.MatchedStatements, always: false);
                    if (!s.MissingContextValues.IsEmpty)
                    {
                        WriteStrings(writer, "MissingContextValues", s.MissingContextValues);
                    }
                    WriteBoundary(writer, s.AllowedByPermissionsBoundary);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteBoolean("IsTruncated", result.IsTruncated);
        WriteOptional(writer, "Marker", result.Marker);
        writer.WriteEndObject();
    }

    /// <summary>Reads an answer in the aws-cli output shape (recorded answers, fixtures).</summary>
    public static SimulationResult ReadResult(JsonElement root)
    {
        var results = ImmutableArray.CreateBuilder<EvaluationResult>();
        foreach (var r in root.GetProperty("EvaluationResults").EnumerateArray())
        {
            var perResource = ImmutableArray.CreateBuilder<ResourceSpecificResult>();
            if (r.TryGetProperty("ResourceSpecificResults", out var rsr))
            {
                foreach (var s in rsr.EnumerateArray())
                {
                    perResource.Add(new ResourceSpecificResult(
                        s.GetProperty("EvalResourceName").GetString()!,
                        Decision(s.GetProperty("EvalResourceDecision").GetString()!),
                        Statements(s),
                        Strings(s, "MissingContextValues"),
                        Boundary(s)));
                }
            }
            results.Add(new EvaluationResult(
                r.GetProperty("EvalActionName").GetString()!,
                r.TryGetProperty("EvalResourceName", out var name) ? name.GetString()! : "*",
                Decision(r.GetProperty("EvalDecision").GetString()!),
                Statements(r),
                Strings(r, "MissingContextValues"),
                Boundary(r),
                r.TryGetProperty("EvalDecisionDetails", out var details) ? ReadDetails(details) : null,
                perResource.ToImmutable(),
                r.TryGetProperty("OrganizationsDecisionDetail", out var organizations) &&
                organizations.TryGetProperty("AllowedByOrganizations", out var allowedByOrganizations)
                    ? allowedByOrganizations.GetBoolean()
                    : null));
        }
        var truncated = root.TryGetProperty("IsTruncated", out var t) && t.ValueKind == JsonValueKind.True;
        var marker = root.TryGetProperty("Marker", out var m) ? m.GetString() : null;
        return new SimulationResult(results.ToImmutable(), truncated, marker);
    }

    public static SimulationResult ReadResult(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ReadResult(document.RootElement);
    }

    private static EvalDecisionDetails ReadDetails(JsonElement details) =>
        new(details.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Decision(p.Value.GetString()!))).ToImmutableArray());

    private static EvalDecision Decision(string wire) =>
        EvalDecisions.TryParse(wire, out var d) ? d : throw new FormatException($"unknown decision \"{wire}\"");

    private static ImmutableArray<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(v => v.GetString()!).ToImmutableArray()
            : [];

    private static bool? Boundary(JsonElement element) =>
        element.TryGetProperty("PermissionsBoundaryDecisionDetail", out var detail) &&
        detail.TryGetProperty("AllowedByPermissionsBoundary", out var allowed)
            ? allowed.GetBoolean()
            : null;

    private static ImmutableArray<StatementReference> Statements(JsonElement element)
    {
        if (!element.TryGetProperty("MatchedStatements", out var list))
        {
            return [];
        }
        return list.EnumerateArray().Select(s => new StatementReference(
            s.GetProperty("SourcePolicyId").GetString()!,
            s.TryGetProperty("SourcePolicyType", out var type) ? type.GetString() : null,
            Position(s, "StartPosition"),
            Position(s, "EndPosition"))).ToImmutableArray();
    }

    private static TextPosition Position(JsonElement statement, string name) =>
        statement.TryGetProperty(name, out var p)
            ? new TextPosition(p.GetProperty("Line").GetInt32(), p.GetProperty("Column").GetInt32())
            : default;

    private static JsonWriterOptions WriterOptions(bool indented) => new()
    {
        Indented = indented,
        IndentSize = 4,
        // Policies carry quotes, '<', '&' and Latin-1 text: keep them readable as the aws CLI does.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static void WriteStrings(Utf8JsonWriter writer, string name, ImmutableArray<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteBoundary(Utf8JsonWriter writer, bool? allowed)
    {
        if (allowed is { } a)
        {
            writer.WriteStartObject("PermissionsBoundaryDecisionDetail");
            writer.WriteBoolean("AllowedByPermissionsBoundary", a);
            writer.WriteEndObject();
        }
    }

    private static void WriteStatements(Utf8JsonWriter writer, ImmutableArray<StatementReference> statements, bool always)
    {
        if (statements.IsEmpty && !always)
        {
            return;
        }
        writer.WriteStartArray("MatchedStatements");
        foreach (var s in statements)
        {
            writer.WriteStartObject();
            writer.WriteString("SourcePolicyId", s.SourcePolicyId);
            if (s.SourcePolicyType is not null)
            {
                writer.WriteString("SourcePolicyType", s.SourcePolicyType);
            }
            writer.WriteStartObject("StartPosition");
            writer.WriteNumber("Line", s.StartPosition.Line);
            writer.WriteNumber("Column", s.StartPosition.Column);
            writer.WriteEndObject();
            writer.WriteStartObject("EndPosition");
            writer.WriteNumber("Line", s.EndPosition.Line);
            writer.WriteNumber("Column", s.EndPosition.Column);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
