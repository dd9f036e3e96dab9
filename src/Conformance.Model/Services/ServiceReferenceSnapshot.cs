using System.Collections.Immutable;
using System.IO.Compression;
using System.Text.Json;

namespace Conformance.Model.Services;

/// <summary>
/// The compact snapshot form of a <see cref="ServiceReference"/>: gzip-compressed JSON, written the same way from the
/// same data (services, actions, resource types and keys sorted; empty lists left out), so refreshing twice from one
/// source writes the same bytes. Shape:
/// <code>
/// { "format": 1,
///   "provenance": { "package", "version", "updatedAt", "license", "upstream" },
///   "services": [ { "prefix": "ssm", "name": "AWS Systems Manager",
///     "actions": [ { "name": "SendCommand", "resourceTypes": [ { "name": "document", "required": true, "conditionKeys": [] } ],
///                    "conditionKeys": [], "scenarios": [ { "name": "...", "resourceTypes": [] } ] } ],
///     "resourceTypes": [ { "name": "document", "arnFormats": [ "arn:${Partition}:ssm:..." ], "conditionKeys": [] } ],
///     "conditionKeys": [ { "name": "ssm:resourceTag/${TagKey}", "type": "String" } ] } ] }
/// </code>
/// </summary>
public static class ServiceReferenceSnapshot
{
    public const int Format = 1;

    /// <summary>The snapshot's file name in src/Conformance.Model/Services.</summary>
    public const string FileName = "service-reference.json.gz";

    /// <summary>Reads a snapshot; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="InvalidDataException">The stream is not a snapshot of this format.</exception>
    public static ServiceReference Read(Stream gzip, string source)
    {
        try
        {
            using var unzip = new GZipStream(gzip, CompressionMode.Decompress, leaveOpen: true);
            using var buffer = new MemoryStream();
            unzip.CopyTo(buffer);
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            var root = document.RootElement;
            if (root.GetProperty("format").GetInt32() != Format)
            {
                throw new InvalidDataException($"{source}: snapshot format {root.GetProperty("format")} is not {Format}");
            }
            var p = root.GetProperty("provenance");
            var provenance = new ServiceReferenceProvenance(
                Text(p, "package"), Text(p, "version"), Text(p, "updatedAt"), Text(p, "license"), Text(p, "upstream"));
            return new ServiceReference(provenance, root.GetProperty("services").EnumerateArray().Select(ReadService));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or InvalidDataException or FormatException)
        {
            throw new InvalidDataException($"{source}: not a service reference snapshot: {e.Message}", e);
        }
    }

    public static ServiceReference ReadFile(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    public static void Write(ServiceReference reference, Stream output)
    {
        using var zip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
        using var json = new Utf8JsonWriter(zip);
        json.WriteStartObject();
        json.WriteNumber("format", Format);
        json.WriteStartObject("provenance");
        json.WriteString("package", reference.Provenance.Package);
        json.WriteString("version", reference.Provenance.Version);
        json.WriteString("updatedAt", reference.Provenance.UpdatedAt);
        json.WriteString("license", reference.Provenance.License);
        json.WriteString("upstream", reference.Provenance.Upstream);
        json.WriteEndObject();
        json.WriteStartArray("services");
        foreach (var service in reference.Services)
        {
            WriteService(json, service);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Writes the snapshot to <paramref name="path"/> atomically: a temporary file in the same folder, then a
    /// rename, so the file is never half-written.</summary>
    public static void WriteFile(ServiceReference reference, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                Write(reference, file);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static AwsService ReadService(JsonElement s)
    {
        var prefix = Text(s, "prefix");
        var types = Items(s, "resourceTypes", t => new ResourceType(prefix, Text(t, "name"), Strings(t, "arnFormats"), Strings(t, "conditionKeys")));
        var byName = new Dictionary<string, ResourceType>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            byName.TryAdd(type.Name, type);
        }
        return new AwsService(
            prefix,
            Text(s, "name"),
            Items(s, "actions", a => new ServiceAction(
                prefix,
                Text(a, "name"),
                Items(a, "resourceTypes", r => new ActionResourceType(
                    // A name the service does not define has no ARN format, so no ARN is of it.
                    byName.GetValueOrDefault(Text(r, "name")) ?? new ResourceType(prefix, Text(r, "name"), [], []),
                    r.TryGetProperty("required", out var required) && required.GetBoolean(),
                    Strings(r, "conditionKeys"))),
                Strings(a, "conditionKeys"),
                Items(a, "scenarios", c => new ActionScenario(Text(c, "name"), Strings(c, "resourceTypes"))))),
            types,
            Items(s, "conditionKeys", k => new ConditionKey(Text(k, "name"), Text(k, "type"))));
    }

    private static void WriteService(Utf8JsonWriter json, AwsService service)
    {
        json.WriteStartObject();
        json.WriteString("prefix", service.Prefix);
        json.WriteString("name", service.Name);
        WriteItems(json, "actions", service.Actions, a =>
        {
            json.WriteString("name", a.Name);
            WriteItems(json, "resourceTypes", a.ResourceTypes, r =>
            {
                json.WriteString("name", r.Name);
                if (r.Required)
                {
                    json.WriteBoolean("required", true);
                }
                WriteStrings(json, "conditionKeys", r.ConditionKeys);
            });
            WriteStrings(json, "conditionKeys", a.ConditionKeys);
            WriteItems(json, "scenarios", a.Scenarios, c =>
            {
                json.WriteString("name", c.Name);
                WriteStrings(json, "resourceTypes", c.ResourceTypes);
            });
        });
        WriteItems(json, "resourceTypes", service.ResourceTypes, t =>
        {
            json.WriteString("name", t.Name);
            WriteStrings(json, "arnFormats", t.ArnFormats);
            WriteStrings(json, "conditionKeys", t.ConditionKeys);
        });
        WriteItems(json, "conditionKeys", service.ConditionKeys, k =>
        {
            json.WriteString("name", k.Name);
            json.WriteString("type", k.Type);
        });
        json.WriteEndObject();
    }

    private static string Text(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new InvalidDataException($"\"{name}\" is null");

    private static ImmutableArray<T> Items<T>(JsonElement element, string name, Func<JsonElement, T> read) =>
        element.TryGetProperty(name, out var items) ? [.. items.EnumerateArray().Select(read)] : [];

    private static ImmutableArray<string> Strings(JsonElement element, string name) =>
        Items(element, name, e => e.GetString() ?? throw new InvalidDataException($"a null in \"{name}\""));

    private static void WriteItems<T>(Utf8JsonWriter json, string name, ImmutableArray<T> items, Action<T> write)
    {
        if (items.IsEmpty)
        {
            return;
        }
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStartObject();
            write(item);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, ImmutableArray<string> items)
    {
        if (items.IsEmpty)
        {
            return;
        }
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStringValue(item);
        }
        json.WriteEndArray();
    }
}
