using System.Buffers.Binary;
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
            // gzip ends with the uncompressed length (mod 2^32): one buffer of the right size instead of doubling ones.
            var length = 0;
            if (gzip.CanSeek && gzip.Length - gzip.Position >= 4)
            {
                var start = gzip.Position;
                Span<byte> trailer = stackalloc byte[4];
                gzip.Seek(-4, SeekOrigin.End);
                gzip.ReadExactly(trailer);
                length = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(trailer), 64u << 20);
                gzip.Position = start;
            }
            using var unzip = new GZipStream(gzip, CompressionMode.Decompress, leaveOpen: true);
            using var buffer = new MemoryStream(length + 1);
            unzip.CopyTo(buffer);
            var reader = new SnapshotReader(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            var (provenance, services) = reader.ReadDocument();
            return new ServiceReference(provenance, services);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or InvalidDataException)
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

    /// <summary>
    /// Reads the snapshot in one forward pass (System.Text.Json's <see cref="Utf8JsonReader"/>, no document tree), and
    /// shares repeated text (condition keys such as <c>aws:ResourceTag/${TagKey}</c>, resource type names) through one
    /// pool, so loading allocates little beyond the model itself.
    /// </summary>
    private ref struct SnapshotReader(ReadOnlySpan<byte> utf8)
    {
        private Utf8JsonReader _json = new(utf8);
        private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);

        public (ServiceReferenceProvenance, List<AwsService>) ReadDocument()
        {
            ServiceReferenceProvenance? provenance = null;
            var services = new List<AwsService>();
            var format = 0;
            StartObject();
            while (NextProperty() is var name && name is not null)
            {
                switch (name)
                {
                    case "format":
                        Next(JsonTokenType.Number);
                        format = _json.GetInt32();
                        break;
                    case "provenance":
                        provenance = ReadProvenance();
                        break;
                    case "services":
                        StartArray();
                        while (NextItem())
                        {
                            services.Add(ReadService());
                        }
                        break;
                    default:
                        _json.Skip();
                        break;
                }
            }
            if (format != Format)
            {
                throw new InvalidDataException($"snapshot format {format} is not {Format}");
            }
            return (provenance ?? throw new InvalidDataException("\"provenance\" is missing"), services);
        }

        private ServiceReferenceProvenance ReadProvenance()
        {
            string package = "", version = "", updatedAt = "", license = "", upstream = "";
            StartObject();
            while (NextProperty() is var name && name is not null)
            {
                var value = String();
                _ = name switch
                {
                    "package" => package = value,
                    "version" => version = value,
                    "updatedAt" => updatedAt = value,
                    "license" => license = value,
                    "upstream" => upstream = value,
                    _ => value,
                };
            }
            return new ServiceReferenceProvenance(package, version, updatedAt, license, upstream);
        }

        private AwsService ReadService()
        {
            string prefix = "", name = "";
            var actions = new List<(string Name, ImmutableArray<Leaf> Types, ImmutableArray<string> Keys, ImmutableArray<ActionScenario> Scenarios)>();
            var types = ImmutableArray<ResourceType>.Empty;
            var keys = ImmutableArray<ConditionKey>.Empty;
            StartObject();
            while (NextProperty() is var property && property is not null)
            {
                switch (property)
                {
                    case "prefix":
                        prefix = String();
                        break;
                    case "name":
                        name = String();
                        break;
                    case "actions":
                        StartArray();
                        while (NextItem())
                        {
                            actions.Add(ReadAction());
                        }
                        break;
                    case "resourceTypes":
                        // The service's prefix may come later; ReadService sets it below.
                        types = Leaves(t => new ResourceType("", t.Name, t.ArnFormats, t.ConditionKeys));
                        break;
                    case "conditionKeys":
                        keys = Leaves(k => new ConditionKey(k.Name, k.Type));
                        break;
                    default:
                        _json.Skip();
                        break;
                }
            }
            // Resource types may be read after the actions that name them; the service's prefix is known by now.
            types = [.. types.Select(t => t with { Service = prefix })];
            var byName = new Dictionary<string, ResourceType>(types.Length, StringComparer.Ordinal);
            foreach (var type in types)
            {
                byName.TryAdd(type.Name, type);
            }
            var built = ImmutableArray.CreateBuilder<ServiceAction>(actions.Count);
            foreach (var (actionName, actionTypes, actionKeys, scenarios) in actions)
            {
                var resolved = ImmutableArray.CreateBuilder<ActionResourceType>(actionTypes.Length);
                foreach (var type in actionTypes)
                {
                    resolved.Add(new ActionResourceType(byName.GetValueOrDefault(type.Name) ?? ResourceType.Undefined(prefix, type.Name), type.Required, type.ConditionKeys));
                }
                built.Add(new ServiceAction(prefix, actionName, resolved.MoveToImmutable(), actionKeys, scenarios));
            }
            return new AwsService(prefix, name, built.MoveToImmutable(), types, keys);
        }

        private (string, ImmutableArray<Leaf>, ImmutableArray<string>, ImmutableArray<ActionScenario>) ReadAction()
        {
            var name = "";
            var types = ImmutableArray<Leaf>.Empty;
            var keys = ImmutableArray<string>.Empty;
            var scenarios = ImmutableArray<ActionScenario>.Empty;
            StartObject();
            while (NextProperty() is var property && property is not null)
            {
                switch (property)
                {
                    case "name":
                        name = String();
                        break;
                    case "resourceTypes":
                        types = Leaves(t => t);
                        break;
                    case "conditionKeys":
                        keys = Strings();
                        break;
                    case "scenarios":
                        scenarios = Leaves(c => new ActionScenario(c.Name, c.ResourceTypes));
                        break;
                    default:
                        _json.Skip();
                        break;
                }
            }
            return (name, types, keys, scenarios);
        }

        /// <summary>The members of an innermost object (an action's resource type, a scenario, a resource type, a
        /// condition key): all are names, flags and lists of names.</summary>
        private readonly record struct Leaf(string Name, string Type, bool Required, ImmutableArray<string> ConditionKeys,
            ImmutableArray<string> ArnFormats, ImmutableArray<string> ResourceTypes);

        private Leaf ReadLeaf()
        {
            var leaf = new Leaf("", "String", false, [], [], []);
            StartObject();
            while (NextProperty() is var property && property is not null)
            {
                switch (property)
                {
                    case "name":
                        leaf = leaf with { Name = String() };
                        break;
                    case "type":
                        leaf = leaf with { Type = String() };
                        break;
                    case "required":
                        _json.Read();
                        leaf = leaf with { Required = _json.GetBoolean() };
                        break;
                    case "conditionKeys":
                        leaf = leaf with { ConditionKeys = Strings() };
                        break;
                    case "arnFormats":
                        leaf = leaf with { ArnFormats = Strings() };
                        break;
                    case "resourceTypes":
                        leaf = leaf with { ResourceTypes = Strings() };
                        break;
                    default:
                        _json.Skip();
                        break;
                }
            }
            return leaf;
        }

        /// <summary>An array of innermost objects, each made into a <typeparamref name="T"/>.</summary>
        private ImmutableArray<T> Leaves<T>(Func<Leaf, T> make)
        {
            var builder = ImmutableArray.CreateBuilder<T>(initialCapacity: 4);
            StartArray();
            while (NextItem())
            {
                builder.Add(make(ReadLeaf()));
            }
            return builder.DrainToImmutable();
        }

        private ImmutableArray<string> Strings()
        {
            StartArray();
            var builder = ImmutableArray.CreateBuilder<string>(initialCapacity: 4);
            while (_json.Read() && _json.TokenType != JsonTokenType.EndArray)
            {
                builder.Add(Pooled());
            }
            return builder.DrainToImmutable();
        }

        private string String()
        {
            Next(JsonTokenType.String);
            return Pooled();
        }

        /// <summary>The current string or member name, shared with every equal string read before.</summary>
        private string Pooled()
        {
            if (_json.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
            {
                throw new InvalidDataException($"expected text at byte {_json.TokenStartIndex}, found {_json.TokenType}");
            }
            Span<char> chars = stackalloc char[256];
            var length = _json.ValueIsEscaped || _json.ValueSpan.Length > chars.Length ? -1 : _json.CopyString(chars);
            if (length < 0)
            {
                var text = _json.GetString()!;
                return _pool.TryGetValue(text, out var known) ? known : _pool[text] = text;
            }
            var lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(chars[..length], out var pooled))
            {
                return pooled;
            }
            var added = chars[..length].ToString();
            _pool[added] = added;
            return added;
        }

        /// <summary>The next property's name, positioned before its value; null at the end of the object.</summary>
        private string? NextProperty()
        {
            _json.Read();
            if (_json.TokenType == JsonTokenType.EndObject)
            {
                return null;
            }
            if (_json.TokenType != JsonTokenType.PropertyName)
            {
                throw new InvalidDataException($"expected a member name at byte {_json.TokenStartIndex}, found {_json.TokenType}");
            }
            return Pooled();
        }

        /// <summary>Moves into the next array item (an object's start); false at the end of the array.</summary>
        private bool NextItem()
        {
            _json.Read();
            if (_json.TokenType == JsonTokenType.EndArray)
            {
                return false;
            }
            if (_json.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidDataException($"expected an object at byte {_json.TokenStartIndex}, found {_json.TokenType}");
            }
            return true;
        }

        private void StartObject()
        {
            if (_json.TokenType != JsonTokenType.StartObject)
            {
                Next(JsonTokenType.StartObject);
            }
        }

        private void StartArray() => Next(JsonTokenType.StartArray);

        private void Next(JsonTokenType expected)
        {
            if (!_json.Read() || _json.TokenType != expected)
            {
                throw new InvalidDataException($"expected {expected} at byte {_json.TokenStartIndex}, found {_json.TokenType}");
            }
        }
    }
}
