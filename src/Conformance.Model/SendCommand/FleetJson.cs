using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Conformance.Model.Json;
using Conformance.Model.Matching;

namespace Conformance.Model.SendCommand;

/// <summary>A fleet file as given: a name for messages (<c>instances.json</c>) and its text.</summary>
public sealed record FleetFile(string Name, string Text);

/// <summary>
/// Reads a <see cref="Fleet"/> from what the aws CLI prints, one or several files merged into one fleet:
/// <list type="bullet">
/// <item><c>aws ec2 describe-instances</c>: <c>Reservations[].Instances[]</c> with <c>InstanceId</c>, <c>Tags[{Key,Value}]</c>
///   and <c>Placement.AvailabilityZone</c> (its region); the reservation's <c>OwnerId</c> is the account
///   (botocore <c>data/ec2/2016-11-15/service-2.json</c>, shapes <c>DescribeInstancesResult</c>, <c>Reservation</c>,
///   <c>Instance</c>, <c>Placement</c>, <c>Tag</c>).</item>
/// <item><c>aws ssm describe-instance-information</c>: <c>InstanceInformationList[].InstanceId</c> (<c>i-</c> and
///   <c>mi-</c> nodes; botocore <c>data/ssm/2014-11-06/service-2.json</c>, <c>DescribeInstanceInformationResult</c>,
///   <c>InstanceInformation</c>). It carries neither tags, region nor account.</item>
/// <item><c>aws resourcegroupstaggingapi get-resources</c>: <c>ResourceTagMappingList[{ResourceARN, Tags[{Key,Value}]}]</c>
///   (botocore <c>data/resourcegroupstaggingapi/2017-01-26/service-2.json</c>, <c>GetResourcesOutput</c>,
///   <c>ResourceTagMapping</c>, <c>Tag</c>): the tags of a node, and its region and account from the ARN
///   (<c>arn:aws:ssm:&lt;region&gt;:&lt;account&gt;:managed-instance/mi-…</c>, <c>arn:aws:ec2:…:instance/i-…</c>).
///   Resources of other types are skipped; a listed node is a node of the fleet even when no other file lists it.</item>
/// </list>
/// Members the fleet does not need are ignored (the CLI prints many). A node listed several times is one node: its
/// region and account must agree, and its tags are the union (one key with two values is an error).
/// </summary>
public static partial class FleetJson
{
    public static Fleet Read(IEnumerable<string> paths, string? defaultRegion, string? defaultAccount) =>
        Parse(paths.Select(p => new FleetFile(Path.GetFileName(p), ReadFile(p))), defaultRegion, defaultAccount);

    /// <param name="defaultRegion">The region of a node no file places (an <c>InstanceInformationList</c> entry without
    /// tags); null makes such a node an error.</param>
    /// <param name="defaultAccount">The account of such a node.</param>
    public static Fleet Parse(IEnumerable<FleetFile> files, string? defaultRegion, string? defaultAccount)
    {
        var nodes = new Dictionary<string, NodeBuilder>(StringComparer.Ordinal);
        var order = new List<string>();
        NodeBuilder NodeOf(string id, JsonInputFile file, JsonValueNode at)
        {
            if (!nodes.TryGetValue(id, out var node))
            {
                nodes[id] = node = new NodeBuilder(id, file, at);
                order.Add(id);
            }
            return node;
        }

        foreach (var fleetFile in files)
        {
            var file = JsonInputFile.Parse(fleetFile.Name, fleetFile.Text);
            var root = file.Object(file.Root, "a fleet file");
            var known = false;
            if (JsonInputFile.Optional(root, "Reservations") is { } reservations)
            {
                known = true;
                ReadReservations(file, reservations, NodeOf);
            }
            if (JsonInputFile.Optional(root, "InstanceInformationList") is { } information)
            {
                known = true;
                foreach (var item in file.Array(information, "InstanceInformationList").Items)
                {
                    var entry = file.Object(item, "an InstanceInformationList entry");
                    var idNode = file.Required(entry, "InstanceId", "the node's ID");
                    var id = InstanceId(file, idNode);
                    NodeOf(id, file, idNode);
                }
            }
            if (JsonInputFile.Optional(root, "ResourceTagMappingList") is { } mappings)
            {
                known = true;
                ReadTagMappings(file, mappings, NodeOf);
            }
            if (!known)
            {
                throw file.Error(root, "not a fleet: give the output of `aws ec2 describe-instances` (Reservations), " +
                                       "`aws ssm describe-instance-information` (InstanceInformationList) or " +
                                       "`aws resourcegroupstaggingapi get-resources` (ResourceTagMappingList)");
            }
        }
        return new Fleet([.. order.Select(id => nodes[id].Build(defaultRegion, defaultAccount))]);
    }

    private static void ReadReservations(JsonInputFile file, JsonValueNode reservations, Func<string, JsonInputFile, JsonValueNode, NodeBuilder> nodeOf)
    {
        foreach (var item in file.Array(reservations, "Reservations").Items)
        {
            var reservation = file.Object(item, "a reservation");
            var ownerNode = file.Required(reservation, "OwnerId", "the reservation's account");
            var owner = file.String(ownerNode, "OwnerId");
            if (!AccountId().IsMatch(owner))
            {
                throw file.Error(ownerNode, $"\"{owner}\" is not an account ID (12 digits)");
            }
            // Written without a pattern variable so that a mutant without the "continue" below still compiles (mutation testing).
            var instances = JsonInputFile.Optional(reservation, "Instances");
            if (instances is null)
            {
                continue;
            }
            foreach (var instanceItem in file.Array(instances, "Instances").Items)
            {
                var instance = file.Object(instanceItem, "an instance");
                var idNode = file.Required(instance, "InstanceId", "the instance's ID");
                var node = nodeOf(InstanceId(file, idNode), file, idNode);
                var placement = file.Object(file.Required(instance, "Placement", "the instance's placement (its region)"), "Placement");
                var zoneNode = file.Required(placement, "AvailabilityZone", "the instance's Availability Zone (its region)");
                var zone = file.String(zoneNode, "AvailabilityZone");
                var region = RegionOfZone().Match(zone);
                if (!region.Success)
                {
                    throw file.Error(zoneNode, $"\"{zone}\" is not an Availability Zone name such as us-east-2a");
                }
                node.Place(region.Value, owner, file, idNode);
                if (JsonInputFile.Optional(instance, "Tags") is { } tags)
                {
                    ReadTags(file, tags, node);
                }
            }
        }
    }

    private static void ReadTagMappings(JsonInputFile file, JsonValueNode mappings, Func<string, JsonInputFile, JsonValueNode, NodeBuilder> nodeOf)
    {
        foreach (var item in file.Array(mappings, "ResourceTagMappingList").Items)
        {
            var mapping = file.Object(item, "a ResourceTagMappingList entry");
            var arnNode = file.Required(mapping, "ResourceARN", "the resource's ARN");
            var text = file.String(arnNode, "ResourceARN");
            if (!Arn.TrySplit(text, out var arn))
            {
                throw file.Error(arnNode, $"\"{text}\" is not an ARN");
            }
            var isNode = (arn.Service, arn.Resource) switch
            {
                ("ec2", var r) when r.StartsWith("instance/", StringComparison.Ordinal) => true,
                ("ssm", var r) when r.StartsWith("managed-instance/", StringComparison.Ordinal) => true,
                _ => false,
            };
            if (!isNode)
            {
                continue; // get-resources lists every tagged resource; only nodes belong to the fleet.
            }
            var id = arn.Resource[(arn.Resource.IndexOf('/') + 1)..];
            if (!InstanceIdPattern().IsMatch(id) || id.StartsWith("mi-", StringComparison.Ordinal) != (arn.Service == "ssm"))
            {
                throw file.Error(arnNode, $"\"{text}\" does not name a node: an EC2 instance is arn:aws:ec2:<region>:<account>:instance/i-…, " +
                                          "a managed node arn:aws:ssm:<region>:<account>:managed-instance/mi-…");
            }
            if (!AccountId().IsMatch(arn.Account) || arn.Region.Length == 0)
            {
                throw file.Error(arnNode, $"\"{text}\" has no region or no 12-digit account");
            }
            var node = nodeOf(id, file, arnNode);
            node.Place(arn.Region, arn.Account, file, arnNode);
            if (JsonInputFile.Optional(mapping, "Tags") is { } tags)
            {
                ReadTags(file, tags, node);
            }
        }
    }

    private static void ReadTags(JsonInputFile file, JsonValueNode tags, NodeBuilder node)
    {
        foreach (var item in file.Array(tags, "Tags").Items)
        {
            var tag = file.Object(item, "a tag");
            var keyNode = file.Required(tag, "Key", "the tag's key");
            var key = file.String(keyNode, "Key");
            if (key.Length == 0)
            {
                throw file.Error(keyNode, "a tag key cannot be empty");
            }
            // A tag's value may be empty (botocore: "The value can be empty or null").
            var value = JsonInputFile.Optional(tag, "Value") is { } v ? file.String(v, "Value") : "";
            node.AddTag(new Tag(key, value), file, item);
        }
    }

    private static string InstanceId(JsonInputFile file, JsonValueNode node)
    {
        var id = file.String(node, "InstanceId");
        return InstanceIdPattern().IsMatch(id)
            ? id
            : throw file.Error(node, $"\"{id}\" is not a node ID: an EC2 instance is i- and 8 or 17 characters, a managed node mi- and 17");
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InputFileException(Path.GetFileName(path), "$", null, $"cannot read {path}: {e.Message}");
        }
    }

    /// <summary>botocore ssm <c>InstanceId</c>: <c>(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)</c>.</summary>
    [GeneratedRegex(@"^(i-(\w{8}|\w{17})|mi-\w{17})$")]
    internal static partial Regex InstanceIdPattern();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountId();

    /// <summary>The region at the start of an Availability Zone's name: <c>us-east-2a</c>, <c>us-west-2-lax-1a</c> (a Local
    /// Zone), <c>us-gov-west-1a</c>.</summary>
    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d+")]
    private static partial Regex RegionOfZone();

    /// <summary>A node gathered from several entries, maybe of several files.</summary>
    private sealed class NodeBuilder(string id, JsonInputFile firstFile, JsonValueNode firstAt)
    {
        private readonly List<Tag> _tags = [];
        private (string Region, string Account, string Where)? _place;

        public void Place(string region, string account, JsonInputFile file, JsonValueNode at)
        {
            if (_place is { } known && (known.Region, known.Account) != (region, account))
            {
                throw file.Error(at, $"{id} is in {region}/{account} here but in {known.Region}/{known.Account} in {known.Where}");
            }
            _place ??= (region, account, $"{file.Name} {at.Path}");
        }

        public void AddTag(Tag tag, JsonInputFile file, JsonValueNode at)
        {
            var same = _tags.FirstOrDefault(t => t.Key == tag.Key);
            if (same is null)
            {
                _tags.Add(tag);
            }
            else if (same.Value != tag.Value)
            {
                throw file.Error(at, $"{id} has tag \"{tag.Key}\" = \"{tag.Value}\" here but \"{same.Value}\" elsewhere: give one value");
            }
        }

        public ManagedNode Build(string? defaultRegion, string? defaultAccount)
        {
            var region = _place?.Region ?? defaultRegion;
            var account = _place?.Account ?? defaultAccount;
            if (region is null || account is null)
            {
                throw firstFile.Error(firstAt, $"the {(region is null ? "region" : "account")} of {id} is unknown: list the node in the output of " +
                                               "`aws resourcegroupstaggingapi get-resources` (another --fleet file), or give " +
                                               (region is null ? "--region" : "--caller-arn"));
            }
            return new ManagedNode(id, region, account, [.. _tags]);
        }
    }
}
