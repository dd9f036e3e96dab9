using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Conformance.Model.Json;

namespace Conformance.Model.SendCommand;

/// <summary>
/// What <c>aws ssm send-command --cli-input-json</c> reads, as far as authorization needs it: the document as
/// written (a name or an ARN), its version, and the targeting (<c>InstanceIds</c> or <c>Targets</c>). Other members
/// of <c>SendCommandRequest</c> (<c>Parameters</c>, <c>Comment</c>, output settings, …) are accepted and ignored.
/// </summary>
public sealed record SendCommandInput(string File, string DocumentName, string? DocumentVersion, Targeting Targeting)
{
    /// <summary>Where each targeting value stands, for messages about it (<c>$.InstanceIds[1]</c>, <c>$.Targets[0].Values[2]</c>).</summary>
    internal (string JsonPath, TextPosition Position) DocumentAt { get; init; } = ("$.DocumentName", default);

    internal ImmutableDictionary<string, (string JsonPath, TextPosition Position)> ValueAt { get; init; } =
        ImmutableDictionary<string, (string, TextPosition)>.Empty;

    internal InputFileException Error(string jsonPath, TextPosition? position, string problem) => new(File, jsonPath, position, problem);
}

/// <summary>
/// Reads a <c>send-command.json</c> as the aws CLI does (botocore <c>data/ssm/2014-11-06/service-2.json</c>, shape
/// <c>SendCommandRequest</c>): a member the shape does not have is refused, as the CLI's parameter validation refuses
/// it ("Unknown parameter in input"); <c>DocumentName</c> is required; <c>InstanceIds</c> is a list of strings;
/// <c>Targets</c> a list of <c>{Key, Values}</c>. Beyond the CLI, what SSM itself refuses is refused here too, by the
/// shapes' constraints: the document name's pattern (<c>DocumentARN</c>), the version's (<c>DocumentVersion</c>), node
/// IDs (<c>InstanceId</c>), at most 50 IDs and 5 targets of at most 50 values.
/// </summary>
public static partial class SendCommandInputJson
{
    /// <summary>The members of botocore's <c>SendCommandRequest</c> shape, in its order.</summary>
    public static readonly ImmutableArray<string> Members =
    [
        "InstanceIds", "Targets", "DocumentName", "DocumentVersion", "DocumentHash", "DocumentHashType", "TimeoutSeconds",
        "Comment", "Parameters", "OutputS3Region", "OutputS3BucketName", "OutputS3KeyPrefix", "MaxConcurrency", "MaxErrors",
        "ServiceRoleArn", "NotificationConfig", "CloudWatchOutputConfig", "AlarmConfiguration",
    ];

    public static SendCommandInput Read(string path)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InputFileException(Path.GetFileName(path), "$", null, $"cannot read {path}: {e.Message}");
        }
        return Parse(Path.GetFileName(path), text);
    }

    public static SendCommandInput Parse(string name, string text)
    {
        var file = JsonInputFile.Parse(name, text);
        var root = file.Object(file.Root, "the send-command input");
        foreach (var property in root.Properties)
        {
            if (!Members.Contains(property.Name))
            {
                throw new InputFileException(name, PositionedJsonReader.MemberPath("$", property.Name), property.NameStart,
                    $"Unknown parameter in input: \"{property.Name}\", must be one of: {string.Join(", ", Members)}");
            }
        }

        var documentNode = file.Required(root, "DocumentName", "the document");
        var document = file.String(documentNode, "DocumentName");
        if (!DocumentNamePattern().IsMatch(document))
        {
            throw file.Error(documentNode, $"\"{document}\" is not a document name or ARN: 3 to 128 of letters, digits, _ - . : /");
        }
        string? version = null;
        if (JsonInputFile.Optional(root, "DocumentVersion") is { } versionNode)
        {
            version = file.String(versionNode, "DocumentVersion");
            if (!DocumentVersionPattern().IsMatch(version))
            {
                throw file.Error(versionNode, $"\"{version}\" is not a document version: $LATEST, $DEFAULT or a version number");
            }
        }

        var values = ImmutableDictionary.CreateBuilder<string, (string, TextPosition)>(StringComparer.Ordinal);
        var ids = JsonInputFile.Optional(root, "InstanceIds") is { } idsNode ? file.Array(idsNode, "InstanceIds") : null;
        var targets = JsonInputFile.Optional(root, "Targets") is { } targetsNode ? file.Array(targetsNode, "Targets") : null;
        Targeting targeting;
        if (ids is { Items.IsEmpty: false } && targets is { Items.IsEmpty: false })
        {
            throw file.Error(targets, "give InstanceIds or Targets, not both");
        }
        if (ids is { Items.IsEmpty: false })
        {
            targeting = new Targeting.ByInstanceIds(ReadIds(file, ids, values));
        }
        else if (targets is { Items.IsEmpty: false })
        {
            targeting = new Targeting.ByTargets(ReadTargets(file, targets, values));
        }
        else
        {
            throw file.Error(root, "InstanceIds", "the call names no node: give InstanceIds, or Targets (tag:<key>, tag-key or InstanceIds)");
        }
        return new SendCommandInput(name, document, version, targeting)
        {
            DocumentAt = (documentNode.Path, documentNode.Start),
            ValueAt = values.ToImmutable(),
        };
    }

    private static ImmutableArray<string> ReadIds(JsonInputFile file, JsonArrayNode ids,
        ImmutableDictionary<string, (string, TextPosition)>.Builder values)
    {
        if (ids.Items.Length > 50)
        {
            throw file.Error(ids, $"{ids.Items.Length} node IDs: give at most 50");
        }
        var result = ImmutableArray.CreateBuilder<string>();
        foreach (var item in ids.Items)
        {
            var id = file.String(item, "a node ID");
            if (!FleetJson.InstanceIdPattern().IsMatch(id))
            {
                throw file.Error(item, $"\"{id}\" is not a node ID: an EC2 instance is i- and 8 or 17 characters, a managed node mi- and 17");
            }
            values.TryAdd("id:" + id, (item.Path, item.Start));
            result.Add(id);
        }
        return result.ToImmutable();
    }

    private static ImmutableArray<Target> ReadTargets(JsonInputFile file, JsonArrayNode targets,
        ImmutableDictionary<string, (string, TextPosition)>.Builder values)
    {
        if (targets.Items.Length > 5)
        {
            throw file.Error(targets, $"{targets.Items.Length} targets: give at most 5");
        }
        var result = ImmutableArray.CreateBuilder<Target>();
        foreach (var item in targets.Items)
        {
            var target = file.Object(item, "a target");
            foreach (var property in target.Properties.Where(p => p.Name is not ("Key" or "Values")))
            {
                throw new InputFileException(file.Name, PositionedJsonReader.MemberPath(target.Path, property.Name), property.NameStart,
                    $"Unknown parameter in input: \"{property.Name}\", must be one of: Key, Values");
            }
            var keyNode = file.Required(target, "Key", "the target's key");
            var key = file.String(keyNode, "Key");
            if (!(key is "tag-key" or "InstanceIds" || key.StartsWith("tag:", StringComparison.Ordinal) && key.Length > "tag:".Length))
            {
                throw file.Error(keyNode, $"\"{key}\" is not a key this check resolves: give tag:<TagKey>, tag-key or InstanceIds " +
                                          "(resource groups are not resolved against a fleet file)");
            }
            var valuesNode = file.Array(file.Required(target, "Values", "the target's values"), "Values");
            if (valuesNode.Items.IsEmpty || valuesNode.Items.Length > 50)
            {
                throw file.Error(valuesNode, $"{valuesNode.Items.Length} values: give 1 to 50");
            }
            var list = ImmutableArray.CreateBuilder<string>();
            foreach (var valueNode in valuesNode.Items)
            {
                var value = file.String(valueNode, "a target value");
                if (key == "InstanceIds")
                {
                    if (!FleetJson.InstanceIdPattern().IsMatch(value))
                    {
                        throw file.Error(valueNode, $"\"{value}\" is not a node ID" +
                                                    (value == "*" ? ": InstanceIds = * (every node of the region) is documented for State Manager and Automation, not for Run Command; name the nodes" : ""));
                    }
                    values.TryAdd("id:" + value, (valueNode.Path, valueNode.Start));
                }
                list.Add(value);
            }
            values.TryAdd($"target:{result.Count}", (item.Path, item.Start));
            result.Add(new Target(key, list.ToImmutable()));
        }
        return result.ToImmutable();
    }

    /// <summary>botocore ssm <c>DocumentARN</c>.</summary>
    [GeneratedRegex(@"^[a-zA-Z0-9_\-.:/]{3,128}$")]
    private static partial Regex DocumentNamePattern();

    /// <summary>botocore ssm <c>DocumentVersion</c>.</summary>
    [GeneratedRegex(@"^([$]LATEST|[$]DEFAULT|[1-9][0-9]*)$")]
    private static partial Regex DocumentVersionPattern();
}
