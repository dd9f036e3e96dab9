using System.Text.Json;
using Conformance.Generators;
using Conformance.Model.SendCommand;
using Conformance.Offline.Tests.Cli;
using Conformance.Offline.Tests.Generators;
using Conformance.Offline.Tests.Support;
using FsCheck.Xunit;

namespace Conformance.Offline.Tests.SendCommand;

/// <summary>
/// Reading what <c>aws ssm send-command --cli-input-json</c> reads (botocore data/ssm/2014-11-06/service-2.json,
/// shape SendCommandRequest) and resolving it against a fleet into one <see cref="SendCommandRequest"/>.
/// </summary>
[Properties(Arbitrary = [typeof(GeneratorArbitraries)])]
public sealed class SendCommandInputJsonTests
{
    private static readonly string Examples = RunCommandExamples.Folder;

    private static readonly Fleet Fleet = new(
    [
        new ManagedNode("i-0a1b2c3d4e5f60001", "us-east-2", "111122223333", [new Tag("Finance", "WebServers")]),
        new ManagedNode("i-0a1b2c3d4e5f60002", "us-east-2", "111122223333", [new Tag("Finance", "WebServer")]),
        new ManagedNode("i-0a1b2c3d4e5f60010", "eu-west-1", "111122223333", [new Tag("Finance", "WebServers")]),
    ]);

    private static readonly CallerContext Caller = new(new CallerNetwork.NotGiven());

    private static SendCommandRequest Resolve(string json, string? region = "us-east-2", CallerContext? caller = null) =>
        SendCommandCall.Resolve(SendCommandInputJson.Parse("send-command.json", json), Fleet, region, caller ?? Caller);

    [Fact]
    public void Parse_TagTargetsAndIgnoredMembers_ReadsDocumentVersionAndTargets()
    {
        var input = SendCommandInputJson.Parse("send-command.json", """
            { "DocumentName": "AWS-RunShellScript", "DocumentVersion": "$DEFAULT",
              "Targets": [ { "Key": "tag:Finance", "Values": ["WebServers", "WebServer"] }, { "Key": "tag-key", "Values": ["Finance"] } ],
              "Parameters": { "commands": ["uptime"] }, "Comment": "x", "TimeoutSeconds": 60, "MaxConcurrency": "50%" }
            """);
        Assert.Equal("AWS-RunShellScript", input.DocumentName);
        Assert.Equal("$DEFAULT", input.DocumentVersion);
        var targets = Assert.IsType<Targeting.ByTargets>(input.Targeting);
        Assert.Equal(["tag:Finance", "tag-key"], targets.Targets.Select(t => t.Key));
        Assert.Equal(["WebServers", "WebServer"], targets.Targets[0].Values.ToArray());
    }

    // AWS reserves the prefixes aws, amazon and amzn for its own documents
    // (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html, Name); an AWS-owned
    // document's ARN has an empty account field (run-command-setting-up.html, examples 2 and 3).
    [Theory]
    [InlineData("AWS-RunShellScript", "arn:aws:ssm:us-east-2::document/AWS-RunShellScript")]
    [InlineData("AmazonCloudWatch-ManageAgent", "arn:aws:ssm:us-east-2::document/AmazonCloudWatch-ManageAgent")]
    [InlineData("YourDocument", "arn:aws:ssm:us-east-2:111122223333:document/YourDocument")]
    [InlineData("arn:aws:ssm:us-east-2:444455556666:document/Shared-Patch", "arn:aws:ssm:us-east-2:444455556666:document/Shared-Patch")]
    [InlineData("arn:aws:ssm:us-east-2:111122223333:document/YourDocument", "arn:aws:ssm:us-east-2:111122223333:document/YourDocument")]
    public void Resolve_DocumentName_GivesTheDocumentArn(string name, string arn)
    {
        var request = Resolve($$"""{"DocumentName":"{{name}}","InstanceIds":["i-0a1b2c3d4e5f60001"]}""");
        Assert.Equal(arn, request.Document.Arn(request.Partition, request.Region, request.Account));
        Assert.Equal("111122223333", request.Account);
    }

    [Fact]
    public void Resolve_CallerArn_GivesTheAccountAndTheCallerArn()
    {
        var fleet = new Fleet([.. Fleet.Nodes, new ManagedNode("i-0a1b2c3d4e5f60099", "us-east-2", "444455556666", [])]);
        var input = SendCommandInputJson.Parse("send-command.json", """{"DocumentName":"YourDocument","InstanceIds":["i-0a1b2c3d4e5f60099"]}""");
        var noCaller = Assert.Throws<SendCommandInputException>(() => SendCommandCall.Resolve(input, fleet, "us-east-2", Caller));
        Assert.Contains("2 accounts (111122223333, 444455556666)", noCaller.Message);
        Assert.Contains("--caller-arn", noCaller.Message);

        var request = SendCommandCall.Resolve(input, fleet, "us-east-2", Caller with { CallerArn = "arn:aws:iam::444455556666:role/Operator" });
        Assert.Equal("444455556666", request.Account);
    }

    [Fact]
    public void Resolve_NoRegion_SaysHowToGiveIt()
    {
        var error = Assert.Throws<SendCommandInputException>(() => Resolve("""{"DocumentName":"YourDocument","InstanceIds":["i-0a1b2c3d4e5f60001"]}""", region: null));
        Assert.Contains("--region", error.Message);
        Assert.Contains("AWS_REGION", error.Message);
    }

    // "Key=InstanceIds,Values=instance-id-1,instance-id-2" (botocore ssm Target, "For Run Command and Maintenance Windows").
    [Fact]
    public void TargetedNodes_InstanceIdsTarget_SelectsTheNamedNodes()
    {
        var request = Resolve("""{"DocumentName":"YourDocument","Targets":[{"Key":"InstanceIds","Values":["i-0a1b2c3d4e5f60002"]}]}""");
        Assert.Equal(["i-0a1b2c3d4e5f60002"], SendCommandAuthorizer.TargetedNodes(request).Select(n => n.InstanceId));
        Assert.Empty(SendCommandCall.Notes(request));
    }

    [Fact]
    public void Notes_TagTargetMatchingNoNode_IsReportedNotRefused()
    {
        var request = Resolve("""{"DocumentName":"YourDocument","Targets":[{"Key":"tag:Finance","Values":["Databases"]}]}""");
        Assert.Empty(SendCommandAuthorizer.TargetedNodes(request));
        var notes = SendCommandCall.Notes(request);
        Assert.Contains(notes, n => n.StartsWith("Targets[0] (tag:Finance = Databases) matches no node", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("the call reaches no node", StringComparison.Ordinal));
        Assert.Equal(2, SendCommandAuthorizer.Expand(request).Length); // the document and the Systems Manager leg
    }

    [Theory]
    [InlineData("""[]""", "$", "must be a JSON object")]
    [InlineData("""{"InstanceIds":["i-0a1b2c3d4e5f60001"]}""", "$.DocumentName", "is required")]
    [InlineData("""{"DocumentName":"AWS-RunShellScript","InstanceIds":["i-0a1b2c3d4e5f60001"],"Instances":[]}""", "$.Instances", "Unknown parameter in input: \"Instances\"")]
    [InlineData("""{"DocumentName":7,"InstanceIds":["i-0a1b2c3d4e5f60001"]}""", "$.DocumentName", "must be a string")]
    [InlineData("""{"DocumentName":"a b","InstanceIds":["i-0a1b2c3d4e5f60001"]}""", "$.DocumentName", "not a document name")]
    [InlineData("""{"DocumentName":"YourDocument","DocumentVersion":"latest","InstanceIds":["i-0a1b2c3d4e5f60001"]}""", "$.DocumentVersion", "not a document version")]
    [InlineData("""{"DocumentName":"YourDocument"}""", "$.InstanceIds", "names no node")]
    [InlineData("""{"DocumentName":"YourDocument","InstanceIds":["i-0a1b2c3d4e5f60001"],"Targets":[{"Key":"tag-key","Values":["a"]}]}""", "$.Targets", "not both")]
    [InlineData("""{"DocumentName":"YourDocument","InstanceIds":["web-1"]}""", "$.InstanceIds[0]", "not a node ID")]
    [InlineData("""{"DocumentName":"YourDocument","InstanceIds":"i-0a1b2c3d4e5f60001"}""", "$.InstanceIds", "must be a JSON array")]
    [InlineData("""{"DocumentName":"YourDocument","Targets":[{"Key":"tag:Finance","Value":["x"]}]}""", "$.Targets[0].Value", "Unknown parameter in input: \"Value\"")]
    [InlineData("""{"DocumentName":"YourDocument","Targets":[{"Key":"resource-groups:Name","Values":["x"]}]}""", "$.Targets[0].Key", "not a key this check resolves")]
    [InlineData("""{"DocumentName":"YourDocument","Targets":[{"Key":"tag:Finance","Values":[]}]}""", "$.Targets[0].Values", "give 1 to 50")]
    [InlineData("""{"DocumentName":"YourDocument","Targets":[{"Key":"tag:Finance","Values":[true]}]}""", "$.Targets[0].Values[0]", "must be a string, not true")]
    [InlineData("""{"DocumentName":"YourDocument","Targets":[{"Key":"InstanceIds","Values":["*"]}]}""", "$.Targets[0].Values[0]", "not for Run Command")]
    [InlineData("""{"DocumentName":"YourDocument","Targets":[{"Key":"tag:A","Values":["1"]},{"Key":"tag:A","Values":["1"]},{"Key":"tag:A","Values":["1"]},{"Key":"tag:A","Values":["1"]},{"Key":"tag:A","Values":["1"]},{"Key":"tag:A","Values":["1"]}]}""", "$.Targets", "give at most 5")]
    [InlineData("""{"DocumentName":"YourDocument","InstanceIds":["i-0a1b2c3d4e5f60001",}""", "$.InstanceIds[1]", "not valid JSON")]
    public void Parse_BadInput_NamesTheFileAndTheJsonPath(string text, string path, string problem)
    {
        var error = Assert.Throws<InputFileException>(() => SendCommandInputJson.Parse("send-command.json", text));
        Assert.Equal(("send-command.json", path), (error.File, error.JsonPath));
        Assert.Contains(problem, error.Problem);
    }

    [Theory]
    [InlineData("""{"DocumentName":"YourDocument","InstanceIds":["i-0a1b2c3d4e5f60001","i-0a1b2c3d4e5f6ffff"]}""", "$.InstanceIds[1]", "not a node of the fleet")]
    [InlineData("""{"DocumentName":"YourDocument","InstanceIds":["i-0a1b2c3d4e5f60010"]}""", "$.InstanceIds[0]", "InvalidInstanceId")]
    [InlineData("""{"DocumentName":"YourDocument","Targets":[{"Key":"InstanceIds","Values":["i-0a1b2c3d4e5f6ffff"]}]}""", "$.Targets[0].Values[0]", "not a node of the fleet")]
    [InlineData("""{"DocumentName":"arn:aws:ssm:eu-west-1:111122223333:document/YourDocument","InstanceIds":["i-0a1b2c3d4e5f60001"]}""", "$.DocumentName", "the document is in eu-west-1")]
    [InlineData("""{"DocumentName":"arn:aws:s3:::bucket/x","InstanceIds":["i-0a1b2c3d4e5f60001"]}""", "$.DocumentName", "not a document ARN")]
    public void Resolve_InputTheFleetContradicts_NamesTheFileAndTheJsonPath(string text, string path, string problem)
    {
        var error = Assert.Throws<InputFileException>(() => Resolve(text));
        Assert.Equal(("send-command.json", path), (error.File, error.JsonPath));
        Assert.Contains(problem, error.Problem);
    }

    // Law: a generated call written as send-command.json, with its fleet as CLI output, reads back as the same call:
    // the same authorizations with the same contexts (in fleet order, which the files may change).
    [ConformanceProperty]
    public bool SendCommandCase_WrittenAsCliInput_ReadsBackToTheSameChecks(SendCommandCase c)
    {
        var request = c.Request;
        var fleet = FleetJson.Parse([new FleetFile("instances.json", FleetJsonTests.DescribeInstances(request.Fleet)),
            new FleetFile("tags.json", FleetJsonTests.GetResources(request.Fleet))], null, null);
        var caller = request.Caller with { CallerArn = $"arn:aws:iam::{request.Account}:role/Operator" };
        var read = SendCommandCall.Resolve(SendCommandInputJson.Parse("send-command.json", SendCommandJson(request)), fleet, request.Region, caller);
        var expected = SendCommandAuthorizer.Expand(request with { Caller = caller });
        var actual = SendCommandAuthorizer.Expand(read);
        // Tag targets list nodes in fleet order, and the files list EC2 nodes before managed ones.
        return expected.Select(Describe).Order(StringComparer.Ordinal).SequenceEqual(actual.Select(Describe).Order(StringComparer.Ordinal));

        static string Describe(AuthorizationCheck check) =>
            $"{check.Leg} {check.ResourceArn} " + string.Join(";", check.Request.Context.Values.OrderBy(v => v.Key, StringComparer.Ordinal)
                .Select(v => $"{v.Key}={string.Join(",", v.Values)}"));
    }

    /// <summary>The call as <c>aws ssm send-command --cli-input-json</c> reads it.</summary>
    internal static string SendCommandJson(SendCommandRequest request) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["DocumentName"] = request.Document is DocumentReference.Shared shared
            ? $"arn:{request.Partition}:ssm:{request.Region}:{shared.OwnerAccount}:document/{shared.Name}"
            : request.Document.Name,
        [request.Targeting is Targeting.ByInstanceIds ? "InstanceIds" : "Targets"] = request.Targeting switch
        {
            Targeting.ByInstanceIds ids => ids.InstanceIds,
            Targeting.ByTargets t => t.Targets.Select(x => new { x.Key, x.Values }),
            _ => throw new InvalidOperationException("unknown targeting"),
        },
        ["Parameters"] = new Dictionary<string, string[]> { ["commands"] = ["uptime"] },
    });

    // The example inputs are what the aws CLI accepts: botocore's own parameter validation of SendCommandRequest.
    [BotocoreFact]
    public void ExampleInputs_PassTheAwsClisParameterValidation()
    {
        var script = Botocore.ValidateInputOf("ssm", "SendCommand");
        var files = Directory.GetFiles(Examples, "send-command-*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var (code, output) = Botocore.Run(Botocore.Python!, script, File.ReadAllText(file));
            Assert.True(code == 0, $"{Path.GetFileName(file)}: {output}");
            _ = SendCommandInputJson.Read(file); // and this reader reads it
        }
        // The CLI refuses an unknown member; so does the reader.
        var (unknownCode, unknownOutput) = Botocore.Run(Botocore.Python!, script, """{"DocumentName":"AWS-RunShellScript","Instances":["i-0a1b2c3d4e5f60001"]}""");
        Assert.Equal(1, unknownCode);
        Assert.Contains("Unknown parameter in input: \"Instances\"", unknownOutput);
    }
}
