using System.Text.Json;
using Conformance.Generators;
using Conformance.Model.SendCommand;
using Conformance.Offline.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Offline.Tests.SendCommand;

/// <summary>
/// Reading a fleet from what the aws CLI prints. Field names are botocore's (data/ec2/2016-11-15/service-2.json:
/// DescribeInstancesResult, Reservation.OwnerId, Instance.InstanceId/Tags/Placement.AvailabilityZone; data/ssm/2014-11-06:
/// InstanceInformation.InstanceId; data/resourcegroupstaggingapi/2017-01-26: ResourceTagMapping.ResourceARN/Tags).
/// </summary>
public sealed class FleetJsonTests
{
    private static readonly string Examples = RunCommandExamples.Folder;

    private static Fleet Parse(params (string Name, string Text)[] files) =>
        FleetJson.Parse(files.Select(f => new FleetFile(f.Name, f.Text)), null, null);

    [Fact]
    public void Read_ExampleFleet_MergesDescribeInstancesInstanceInformationAndTags()
    {
        var fleet = FleetJson.Read([
            Path.Combine(Examples, "instances.json"),
            Path.Combine(Examples, "managed-instances.json"),
            Path.Combine(Examples, "managed-instance-tags.json")], null, null);

        Assert.Equal(11, fleet.Nodes.Length);
        var web1 = fleet.Find("i-0a1b2c3d4e5f60001")!;
        Assert.Equal(("us-east-2", "111122223333"), (web1.Region, web1.Account));
        Assert.Equal([new Tag("Name", "web-1"), new Tag("Finance", "WebServers")], web1.Tags.ToArray());
        Assert.Equal("eu-west-1", fleet.Find("i-0a1b2c3d4e5f60010")!.Region);
        Assert.Empty(fleet.Find("i-0a1b2c3d4e5f60009")!.Tags);
        var managed = fleet.Find("mi-0123456789abcdef0")!;
        Assert.True(managed.IsManagedInstance);
        Assert.Equal("arn:aws:ssm:us-east-2:111122223333:managed-instance/mi-0123456789abcdef0", managed.Arn("aws"));
        Assert.Contains(new Tag("tag_key2", "tag_value2"), managed.Tags);
        // get-resources lists an S3 bucket too: not a node.
        Assert.DoesNotContain(fleet.Nodes, n => n.InstanceId.Contains("bucket"));
    }

    [Fact]
    public void Parse_InstanceInformationWithoutTags_TakesTheDefaultRegionAndAccount()
    {
        var fleet = FleetJson.Parse([new FleetFile("ssm.json", """{"InstanceInformationList":[{"InstanceId":"mi-0123456789abcdef0","PingStatus":"Online"}]}""")],
            "us-west-1", "444455556666");
        var node = fleet.Nodes.Single();
        Assert.Equal(("mi-0123456789abcdef0", "us-west-1", "444455556666"), (node.InstanceId, node.Region, node.Account));
        Assert.Empty(node.Tags);
    }

    [Fact]
    public void Parse_AvailabilityZoneOfALocalZone_IsReadAsItsParentRegion()
    {
        var fleet = Parse(("i.json", Reservation("111122223333", """{"InstanceId":"i-0123abcd","Placement":{"AvailabilityZone":"us-west-2-lax-1a"}}""")));
        Assert.Equal("us-west-2", fleet.Nodes.Single().Region);
    }

    [Theory]
    [InlineData("""[1]""", "$", "a fleet file must be a JSON object")]
    [InlineData("""{"Instances":[]}""", "$", "not a fleet")]
    [InlineData("""{"Reservations":{}}""", "$.Reservations", "must be a JSON array")]
    [InlineData("""{"Reservations":[{"Instances":[]}]}""", "$.Reservations[0].OwnerId", "is required")]
    [InlineData("""{"Reservations":[{"OwnerId":"1111","Instances":[]}]}""", "$.Reservations[0].OwnerId", "not an account ID")]
    [InlineData("""{"Reservations":[{"OwnerId":"111122223333","Instances":[{"Placement":{"AvailabilityZone":"us-east-2a"}}]}]}""", "$.Reservations[0].Instances[0].InstanceId", "is required")]
    [InlineData("""{"Reservations":[{"OwnerId":"111122223333","Instances":[{"InstanceId":"web-1","Placement":{"AvailabilityZone":"us-east-2a"}}]}]}""", "$.Reservations[0].Instances[0].InstanceId", "not a node ID")]
    [InlineData("""{"Reservations":[{"OwnerId":"111122223333","Instances":[{"InstanceId":"i-0123abcd"}]}]}""", "$.Reservations[0].Instances[0].Placement", "is required")]
    [InlineData("""{"Reservations":[{"OwnerId":"111122223333","Instances":[{"InstanceId":"i-0123abcd","Placement":{"AvailabilityZone":"east"}}]}]}""", "$.Reservations[0].Instances[0].Placement.AvailabilityZone", "not an Availability Zone")]
    [InlineData("""{"Reservations":[{"OwnerId":"111122223333","Instances":[{"InstanceId":"i-0123abcd","Placement":{"AvailabilityZone":"us-east-2a"},"Tags":[{"Value":"x"}]}]}]}""", "$.Reservations[0].Instances[0].Tags[0].Key", "is required")]
    [InlineData("""{"Reservations":[{"OwnerId":"111122223333","Instances":[{"InstanceId":"i-0123abcd","Placement":{"AvailabilityZone":"us-east-2a"},"Tags":[{"Key":"a","Value":7}]}]}]}""", "$.Reservations[0].Instances[0].Tags[0].Value", "must be a string, not the number 7")]
    [InlineData("""{"Reservations":[{"OwnerId":"111122223333","Instances":[{"InstanceId":"i-0123abcd","Placement":{"AvailabilityZone":"us-east-2a"},"Tags":[{"Key":"a","Value":"1"},{"Key":"a","Value":"2"}]}]}]}""", "$.Reservations[0].Instances[0].Tags[1]", "give one value")]
    [InlineData("""{"ResourceTagMappingList":[{"ResourceARN":"not-an-arn"}]}""", "$.ResourceTagMappingList[0].ResourceARN", "not an ARN")]
    [InlineData("""{"ResourceTagMappingList":[{"ResourceARN":"arn:aws:ec2:us-east-2:111122223333:instance/mi-0123456789abcdef0"}]}""", "$.ResourceTagMappingList[0].ResourceARN", "does not name a node")]
    [InlineData("""{"InstanceInformationList":[{"InstanceId":"mi-0123456789abcdef0"}]}""", "$.InstanceInformationList[0].InstanceId", "region of mi-0123456789abcdef0 is unknown")]
    [InlineData("""{"Reservations": [""", "$.Reservations[0]", "not valid JSON")]
    public void Parse_BadFleet_NamesTheFileAndTheJsonPath(string text, string path, string problem)
    {
        var error = Assert.Throws<InputFileException>(() => Parse(("fleet.json", text)));
        Assert.Equal("fleet.json", error.File);
        Assert.Equal(path, error.JsonPath);
        Assert.Contains(problem, error.Problem);
        Assert.StartsWith($"fleet.json: {path}", error.Message);
    }

    [Fact]
    public void Parse_OneNodeInTwoRegions_IsAnErrorNamingBoth()
    {
        var instances = Reservation("111122223333", """{"InstanceId":"i-0123abcd","Placement":{"AvailabilityZone":"us-east-2a"}}""");
        var tags = """{"ResourceTagMappingList":[{"ResourceARN":"arn:aws:ec2:eu-west-1:111122223333:instance/i-0123abcd","Tags":[]}]}""";
        var error = Assert.Throws<InputFileException>(() => Parse(("instances.json", instances), ("tags.json", tags)));
        Assert.Equal("tags.json", error.File);
        Assert.Equal("$.ResourceTagMappingList[0].ResourceARN", error.JsonPath);
        Assert.Contains("us-east-2/111122223333 in instances.json", error.Problem);
    }

    [Fact]
    public void Read_MissingFile_NamesIt()
    {
        var error = Assert.Throws<InputFileException>(() => FleetJson.Read(["/nonexistent/instances.json"], null, null));
        Assert.Equal("instances.json", error.File);
    }

    // Law: a fleet printed as `describe-instances` (EC2 nodes) and `get-resources` (managed nodes) reads back as the same fleet.
    [ConformanceProperty]
    public Property Fleet_WrittenAsCliOutput_ReadsBackUnchanged() =>
        Prop.ForAll(Arb.From(FleetGenerators.FleetGen(GeneratorSettings.Default)), fleet =>
        {
            var read = FleetJson.Parse([new FleetFile("instances.json", DescribeInstances(fleet)), new FleetFile("tags.json", GetResources(fleet))], null, null);
            return read.Nodes.OrderBy(n => n.InstanceId, StringComparer.Ordinal).SequenceEqual(
                fleet.Nodes.OrderBy(n => n.InstanceId, StringComparer.Ordinal), NodeComparer.Instance);
        });

    /// <summary><c>aws ec2 describe-instances</c> output for the fleet's EC2 nodes: one reservation per account.</summary>
    internal static string DescribeInstances(Fleet fleet) => JsonSerializer.Serialize(new
    {
        Reservations = fleet.Nodes.Where(n => !n.IsManagedInstance).GroupBy(n => n.Account).Select(g => new
        {
            ReservationId = "r-0123456789abcdef0",
            OwnerId = g.Key,
            Instances = g.Select(n => new
            {
                n.InstanceId,
                Placement = new { AvailabilityZone = n.Region + "a" },
                Tags = n.Tags.Select(t => new { t.Key, t.Value }),
            }),
        }),
    });

    /// <summary><c>aws resourcegroupstaggingapi get-resources</c> output for the fleet's managed nodes.</summary>
    internal static string GetResources(Fleet fleet) => JsonSerializer.Serialize(new
    {
        ResourceTagMappingList = fleet.Nodes.Where(n => n.IsManagedInstance).Select(n => new
        {
            ResourceARN = n.Arn("aws"),
            Tags = n.Tags.Select(t => new { t.Key, t.Value }),
        }),
    });

    private static string Reservation(string owner, string instance) => $$"""{"Reservations":[{"OwnerId":"{{owner}}","Instances":[{{instance}}]}]}""";

    private sealed class NodeComparer : IEqualityComparer<ManagedNode>
    {
        public static readonly NodeComparer Instance = new();

        public bool Equals(ManagedNode? x, ManagedNode? y) =>
            x is not null && y is not null && (x.InstanceId, x.Region, x.Account) == (y.InstanceId, y.Region, y.Account) && x.Tags.SequenceEqual(y.Tags);

        public int GetHashCode(ManagedNode obj) => obj.InstanceId.GetHashCode(StringComparison.Ordinal);
    }
}
