using System.Text.Json;
using Conformance.Campaign;
using Conformance.Cli;
using Conformance.Generators;
using Conformance.Iam.Loopback;
using Conformance.Model.Evaluation;
using Conformance.Model.SendCommand;
using Conformance.Offline.Tests.Cli;
using Conformance.Offline.Tests.Generators;
using Conformance.Offline.Tests.Iam;
using Conformance.Offline.Tests.Support;
using FsCheck.Xunit;

namespace Conformance.Offline.Tests.SendCommand;

/// <summary>
/// <c>conformance sendcommand</c> end to end, on the example policies, fleet and calls of docs/examples/run-command: the
/// four example policies of "Setting up Run Command"
/// (https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html) answered check by check.
/// </summary>
[Properties(Arbitrary = [typeof(GeneratorArbitraries)])]
public sealed class SendCommandCommandTests
{
    private static readonly string Examples = RunCommandExamples.Folder;

    private static string Example(string name) => "file://" + Path.Combine(Examples, name);

    private static readonly string[] FullFleet =
        ["--fleet", Example("instances.json"), "--fleet", Example("managed-instances.json"), "--fleet", Example("managed-instance-tags.json")];

    private static CliRun Run(string call, string policy, params string[] more) => CliRun.Of(
        ["sendcommand", "--cli-input-json", Example(call), "--policy", Example(policy), .. FullFleet, "--region", "us-east-2", .. more]);

    private sealed record CliAnswer(string Decision, Dictionary<string, (string Check, string Decision, JsonElement Element)> Checks, string[] Nodes);

    private static CliAnswer Read(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement.Clone();
        var checks = root.GetProperty("Checks").EnumerateArray().ToDictionary(
            c => $"{c.GetProperty("Check").GetString()} {c.GetProperty("ResourceArn").GetString()!.Split('/')[^1]}",
            c => (c.GetProperty("Check").GetString()!, c.GetProperty("EvalDecision").GetString()!, c));
        return new CliAnswer(root.GetProperty("Decision").GetString()!, checks,
            [.. root.GetProperty("TargetedNodes").EnumerateArray().Select(n => n.GetString()!)]);
    }

    // Example 1: "If the user sends a command to a node that isn't tagged or that has any tag other than Finance: WebServer,
    // the execution results show AccessDenied". Tag-key names in conditions are case-insensitive
    // (reference_policies_elements_condition.html), tag values under StringLike are not.
    [Fact]
    public void Example1_ByInstanceIds_OnlyNodesTaggedAsTheJsonSaysAreAllowed()
    {
        var answer = Read(Run("send-command-by-ids.json", "1-finance-webservers.json"));
        Assert.Equal("implicitDeny", answer.Decision);
        Assert.Equal("allowed", answer.Checks["document AWS-RunShellScript"].Decision);
        Assert.Equal("allowed", answer.Checks["node i-0a1b2c3d4e5f60001"].Decision);   // Finance=WebServers
        Assert.Equal("implicitDeny", answer.Checks["node i-0a1b2c3d4e5f60002"].Decision); // Finance=WebServer
        Assert.Equal("allowed", answer.Checks["node i-0a1b2c3d4e5f60003"].Decision);   // finance=WebServers: key case folded
        Assert.Equal("allowed", answer.Checks["systemsManager AWS-RunShellScript"].Decision);
        var failed = answer.Checks["node i-0a1b2c3d4e5f60002"].Element.GetProperty("FailedConditions").EnumerateArray().Single();
        Assert.Equal("StringLike", failed.GetProperty("Operator").GetString());
        Assert.Equal("ssm:resourceTag/Finance", failed.GetProperty("ContextKeyName").GetString());
        Assert.Equal("WebServer", failed.GetProperty("RequestValues")[0].GetString());
        Assert.Equal(2, failed.GetProperty("Statement").GetInt32());
    }

    // Example 1 grants arn:aws:ec2:*:*:instance/*: a managed (mi-) node's ARN is ssm:…:managed-instance/, so a tag target that
    // reaches one is denied there even with the right tag (list_awssystemsmanager.html, resource types). The node in
    // eu-west-1 with the same tag is not reached: targets resolve in the call's region.
    [Fact]
    public void Example1_ByFinanceTag_ReachesTheManagedNodeWhichThePolicyDoesNotCover()
    {
        var answer = Read(Run("send-command-finance-tag.json", "1-finance-webservers.json"));
        Assert.Equal(["i-0a1b2c3d4e5f60001", "mi-0123456789abcdef0"], answer.Nodes);
        Assert.Equal("allowed", answer.Checks["node i-0a1b2c3d4e5f60001"].Decision);
        Assert.Equal("implicitDeny", answer.Checks["node mi-0123456789abcdef0"].Decision);
        Assert.Equal("implicitDeny", answer.Decision);
    }

    // Example 2: "If a user sends a command to a node that isn't tagged with both of these tags, the execution results show
    // AccessDenied"; AWS-* documents in us-west-1 and us-east-2 are allowed.
    [Fact]
    public void Example2_BothTagsTarget_AllowedOnNodesWithBothTags()
    {
        var answer = Read(Run("send-command-both-tags.json", "2-two-tags.json"));
        Assert.Equal(["i-0a1b2c3d4e5f60005", "mi-0123456789abcdef0"], answer.Nodes);
        Assert.Equal("allowed", answer.Decision);
        var denied = Read(Run("send-command-by-ids.json", "2-two-tags.json"));
        Assert.Equal("implicitDeny", denied.Decision);
        Assert.All(denied.Checks.Values.Where(c => c.Check == "node"), c => Assert.Equal("implicitDeny", c.Decision));
    }

    // Example 3: "allows the user to run commands on either group of tagged nodes, or both groups": one wrongly tagged
    // node (tag_key1=TAG_VALUE1, tag_key2=other: StringLike compares values case-sensitively) denies the whole call.
    [Fact]
    public void Example3_EitherTagKeyTarget_EveryNodeWithEitherTagAllowedButTheWronglyTaggedOne()
    {
        var answer = Read(Run("send-command-either-tag.json", "3-either-tag.json"));
        Assert.Equal(["i-0a1b2c3d4e5f60005", "i-0a1b2c3d4e5f60006", "i-0a1b2c3d4e5f60007", "i-0a1b2c3d4e5f60008", "mi-0123456789abcdef0"], answer.Nodes);
        Assert.Equal("implicitDeny", answer.Decision);
        Assert.Equal("implicitDeny", answer.Checks["node i-0a1b2c3d4e5f60008"].Decision);
        Assert.All(answer.Checks.Where(c => c.Key != "node i-0a1b2c3d4e5f60008"), c => Assert.Equal("allowed", c.Value.Decision));
    }

    // Example 4: "If you use any global condition keys for the SendCommand action in your IAM policies, you must include the
    // aws:ViaAWSService condition key and set the boolean value to true". The direct call is allowed only through the
    // endpoint; Systems Manager's own leg by aws:ViaAWSService; the policy grants no node, so the call is denied there.
    [Fact]
    public void Example4_YourDocument_DocumentThroughTheEndpointAndTheServiceLegAllowedNodesNot()
    {
        var through = Read(Run("send-command-your-document.json", "4-vpce-or-via-aws-service.json", "--context", "aws:SourceVpce=vpce-example1234"));
        Assert.Equal("allowed", through.Checks["document YourDocument"].Decision);
        Assert.Equal("allowed", through.Checks["systemsManager YourDocument"].Decision);
        Assert.Equal("implicitDeny", through.Checks["node i-0a1b2c3d4e5f60001"].Decision);
        Assert.Equal("implicitDeny", through.Decision);

        var outside = Read(Run("send-command-your-document.json", "4-vpce-or-via-aws-service.json", "--context", "aws:SourceIp=203.0.113.10:ip"));
        var document = outside.Checks["document YourDocument"];
        Assert.Equal("implicitDeny", document.Decision);
        Assert.Equal("aws:SourceVpce", document.Element.GetProperty("MissingContextValues")[0].GetString());
    }

    [Fact]
    public void Text_Example1_NamesTheDecidingStatementAndTheFailedCondition()
    {
        var run = Run("send-command-by-ids.json", "1-finance-webservers.json", "--output", "text");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("ssm:SendCommand of arn:aws:ssm:us-east-2::document/AWS-RunShellScript on 3 node(s) in us-east-2/111122223333: implicitDeny", run.Stdout);
        Assert.Contains("PolicyInputList.1 = ", run.Stdout);
        Assert.Contains("node arn:aws:ec2:us-east-2:111122223333:instance/i-0a1b2c3d4e5f60002 {Name=web-2, Finance=WebServer}: implicitDeny", run.Stdout);
        Assert.Contains("[false] StringLike ssm:resourceTag/Finance", run.Stdout);
        Assert.Contains("request value: \"WebServer\"", run.Stdout);
        Assert.Contains("PolicyInputList.1 statement 2, Allow", run.Stdout);
    }

    [Fact]
    public void TargetMatchingNoNode_IsANoteNotAnError()
    {
        var call = Path.Combine(Directory.CreateTempSubdirectory("conformance-sendcommand-").FullName, "send-command.json");
        File.WriteAllText(call, """{"DocumentName":"AWS-RunShellScript","Targets":[{"Key":"tag:Finance","Values":["Databases"]}]}""");
        var run = CliRun.Of(["sendcommand", "--cli-input-json", call, "--policy", Example("1-finance-webservers.json"), .. FullFleet, "--region", "us-east-2"]);
        var answer = Read(run);
        Assert.Empty(answer.Nodes);
        Assert.Equal("allowed", answer.Decision);
        Assert.Contains("matches no node", run.Stdout);
    }

    [Theory]
    [InlineData("""{"DocumentName":"AWS-RunShellScript","InstanceIds":["i-0a1b2c3d4e5f60001"],"Comments":"x"}""", "send-command.json: $.Comments (line 1, column 76): Unknown parameter in input")]
    [InlineData("""{"DocumentName":"AWS-RunShellScript","InstanceIds":["i-0a1b2c3d4e5f6ffff"]}""", "send-command.json: $.InstanceIds[0] (line 1, column 53): \"i-0a1b2c3d4e5f6ffff\" is not a node of the fleet")]
    [InlineData("""{"DocumentName":"AWS-RunShellScript","Targets":[{"Key":"tag:Finance","Values":"WebServers"}]}""", "send-command.json: $.Targets[0].Values (line 1, column 79): Values must be a JSON array")]
    public void BadCall_Exits2NamingTheFileAndTheJsonPath(string text, string message)
    {
        var folder = Directory.CreateTempSubdirectory("conformance-sendcommand-").FullName;
        var call = Path.Combine(folder, "send-command.json");
        File.WriteAllText(call, text);
        var run = CliRun.Of(["sendcommand", "--cli-input-json", "file://" + call, "--policy", Example("1-finance-webservers.json"), .. FullFleet, "--region", "us-east-2"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains(message.Replace("send-command.json", call), run.Stderr);
    }

    [Fact]
    public void BadPolicyAndBadFleet_Exit2NamingTheFileAndTheJsonPath()
    {
        var folder = Directory.CreateTempSubdirectory("conformance-sendcommand-").FullName;
        var policy = Path.Combine(folder, "policy.json");
        File.WriteAllText(policy, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:SendCommand"}]}""");
        var run = CliRun.Of(["sendcommand", "--cli-input-json", Example("send-command-by-ids.json"), "--policy", policy, .. FullFleet, "--region", "us-east-2"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{policy}: $.Statement[0]", run.Stderr);

        var fleet = Path.Combine(folder, "instances.json");
        File.WriteAllText(fleet, """{"Reservations":[{"OwnerId":"111122223333","Instances":[{"InstanceId":"i-0123abcd","Placement":{}}]}]}""");
        run = CliRun.Of(["sendcommand", "--cli-input-json", Example("send-command-by-ids.json"), "--policy", Example("1-finance-webservers.json"), "--fleet", "file://" + fleet, "--region", "us-east-2"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains($"{fleet}: $.Reservations[0].Instances[0].Placement.AvailabilityZone", run.Stderr);
    }

    [Theory]
    [InlineData(new[] { "sendcommand" }, "--cli-input-json is required")]
    [InlineData(new[] { "sendcommand", "--cli-input-json", "x.json", "--fleet", "f.json" }, "--policy is required")]
    [InlineData(new[] { "sendcommand", "--cli-input-json", "x.json", "--policy", "p.json" }, "--fleet is required")]
    [InlineData(new[] { "sendcommand", "--cli-input-json", "x.json", "--policy", "p.json", "--fleet", "f.json", "--output", "yaml" }, "give json or text")]
    [InlineData(new[] { "sendcommand", "--cli-input-json", "x.json", "--policy", "p.json", "--fleet", "f.json", "--endpoint", "http://127.0.0.1:1" }, "give --live too")]
    [InlineData(new[] { "sendcommand", "--bogus" }, "unknown option '--bogus'")]
    public void Usage_Problems_Exit2(string[] args, string message)
    {
        var run = CliRun.Of(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }

    [Theory]
    [InlineData(new[] { "aws:SourceVpce=vpce-1", "aws:SourceIp=203.0.113.10:ip" }, "carries no aws:SourceIp")]
    [InlineData(new[] { "aws:ViaAWSService=true:boolean" }, "set by the scenario")]
    [InlineData(new[] { "ssm:resourceTag/Finance=WebServers" }, "set by the scenario")]
    [InlineData(new[] { "aws:SourceVpc=vpc-1" }, "without aws:SourceVpce")]
    [InlineData(new[] { "SourceIp=1.2.3.4" }, "not a context key name")]
    [InlineData(new[] { "aws:SourceIp=203.0.113.10" }, "give it as aws:SourceIp=<address>:ip")]
    [InlineData(new[] { "aws:PrincipalTag/Team=a", "aws:principaltag/team=b" }, "is given twice")]
    [InlineData(new[] { "ssm:test/Count=many:numeric" }, "IAM would refuse the Direct leg, document")]
    public void Context_Contradictions_Exit2(string[] context, string message)
    {
        var run = Run("send-command-by-ids.json", "1-finance-webservers.json", [.. context.SelectMany(c => new[] { "--context", c })]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public void CallerArn_NotAnArn_Exits2SayingWhatToGive()
    {
        var run = Run("send-command-by-ids.json", "1-finance-webservers.json", "--caller-arn", "Operator");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--caller-arn \"Operator\" is not an ARN", run.Stderr);
    }

    [Fact]
    public void Context_Arguments_MapToTheCallersNetworkAndKeys()
    {
        var caller = CallerContextArguments.Parse(["aws:SourceVpce=vpce-1", "aws:SourceVpc=vpc-1", "aws:PrincipalTag/Team=ops",
            "aws:SourceArn=arn:aws:iam::111122223333:role/x", "aws:CalledVia2=a,b:stringList"], null);
        Assert.Equal(new CallerNetwork.VpcEndpoint("vpce-1", "vpc-1"), caller.Network);
        Assert.Equal([new Tag("Team", "ops")], caller.PrincipalTags.ToArray());
        Assert.Equal("arn:aws:iam::111122223333:role/x", caller.ExtraContext[0].ContextKeyValues.Single()); // colons kept
        Assert.Equal(["a", "b"], caller.ExtraContext[1].ContextKeyValues.ToArray());
        Assert.Equal(ContextKeyType.StringList, caller.ExtraContext[1].ContextKeyType);
        Assert.IsType<CallerNetwork.NotGiven>(CallerContextArguments.Parse([], null).Network);
    }

    [Fact]
    public void Region_FromTheEnvironmentWhenNotGiven_ElseAnErrorSayingHow()
    {
        string[] args = ["--cli-input-json", Example("send-command-by-ids.json"), "--policy", Example("1-finance-webservers.json"), "--fleet", Example("instances.json"),
            "--profile", "conformance-test-no-such-profile"];
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = SendCommandCommand.Run(new CliApp.CommandIo(args, new StringReader(""), stdout, stderr), v => v == "AWS_DEFAULT_REGION" ? "us-east-2" : null);
        Assert.True(code == 0, stderr.ToString());

        code = SendCommandCommand.Run(new CliApp.CommandIo(args, new StringReader(""), stdout, stderr = new StringWriter()), _ => null);
        Assert.Equal(2, code);
        Assert.Contains("give --region, or set AWS_REGION or AWS_DEFAULT_REGION", stderr.ToString());
    }

    // Law: deciding each check through the simulator (what IAM is asked) and through the authorizer give the same answer:
    // every check's decision and MatchedStatements, and the whole call's.
    [ConformanceProperty]
    public bool SendCommandAnswer_Through_TheSimulator_Agrees_With_TheAuthorizer(SendCommandCase c)
    {
        var authorized = c.Authorize();
        var answer = SendCommandSimulation.Answer(c.Policies, c.Request);
        return answer.Checks.Length == authorized.Checks.Length &&
               (answer.Decision == EvalDecision.Allowed) == authorized.Allowed &&
               answer.Checks.Zip(authorized.Checks).All(p =>
                   p.First.Check.ResourceArn == p.Second.Check.ResourceArn &&
                   p.First.Result.EvalResourceDecision == p.Second.Decision.Decision &&
                   p.First.Result.MatchedStatements.Select(m => (m.SourcePolicyId, m.StartPosition)).SequenceEqual(
                       p.Second.Decision.MatchedStatements.Select(m => (m.SourcePolicyId, m.Statement.Start))));
    }

    // --live against the loopback endpoint: every check agrees, one call a batch.
    [Fact]
    public async Task Live_AgainstTheLoopbackEndpoint_EveryCheckAgreesInBatchedCalls()
    {
        await using var iam = await LoopbackIam.StartAsync();
        var answer = Answer("send-command-either-tag.json", "3-either-tag.json");
        using var oracle = iam.Oracle();
        var live = await SendCommandLive.CompareAsync(oracle, answer);
        Assert.True(live.Agrees, string.Join("\n", live.Verdicts.SelectMany(v => v.Differences)));
        Assert.Equal(answer.Checks.Length, live.Verdicts.Length);
        // The five nodes carry different tags, so no two checks share a call here (Batches_NodesWithTheSameTags_ShareOneCall).
        Assert.Equal(SendCommandLive.Batches(answer.Checks).Count(), live.Calls);
    }

    [Fact]
    public void Batches_NodesWithTheSameTags_ShareOneCall()
    {
        var sameTags = new Fleet([.. Enumerable.Range(1, 3).Select(i => new ManagedNode($"i-0a1b2c3d4e5f6000{i}", "us-east-2", "111122223333", [new Tag("Finance", "WebServers")]))]);
        var request = SendCommandCall.Resolve(SendCommandInputJson.Read(Path.Combine(Examples, "send-command-by-ids.json")), sameTags, "us-east-2",
            new CallerContext(new CallerNetwork.NotGiven()));
        var policy = new PolicyTexts([File.ReadAllText(Path.Combine(Examples, "1-finance-webservers.json"))]);
        var batches = SendCommandLive.Batches(SendCommandSimulation.Answer(policy, request).Checks).ToList();
        Assert.Equal(3, batches.Count); // the document, the three nodes together, the Systems Manager leg
        Assert.Equal(3, batches.Single(b => b.Length == 3).Length);
    }

    // With `serve --plant ignore-ssm-resource-tag` the endpoint answers as if no ssm:resourceTag key were given: node checks
    // allowed by an ssm:resourceTag condition diverge, the document checks do not, and the command exits 1.
    [Fact]
    public async Task Live_WithThePlantedResourceTagDifference_MarksTheNodeChecksAndExits1()
    {
        await using var iam = await LoopbackIam.StartAsync();
        Assert.True(PlantedDifferences.TryPlant(iam.Server.Faults, PlantedDifferences.IgnoreSsmResourceTag));
        var answer = Answer("send-command-by-ids.json", "1-finance-webservers.json");
        using (var oracle = iam.Oracle())
        {
            var live = await SendCommandLive.CompareAsync(oracle, answer);
            foreach (var verdict in live.Verdicts)
            {
                var dependsOnTag = verdict.Check.Kind == "node";
                Assert.True(dependsOnTag != verdict.Agrees, $"{verdict.Check.Check}: {string.Join("; ", verdict.Differences)}");
            }
            var allowedNode = live.Verdicts.First(v => v.Check.Kind == "node" && v.Check.Result.EvalResourceDecision == EvalDecision.Allowed);
            Assert.Equal(EvalDecision.ImplicitDeny, allowedNode.OracleDecision!.Decision);
        }

        var run = await RunProcessAsync(["--cli-input-json", Example("send-command-by-ids.json"), "--policy", Example("1-finance-webservers.json"),
            "--fleet", Example("instances.json"), "--region", "us-east-2", "--live", "--endpoint", iam.Server.Endpoint.ToString(), "--output", "text"]);
        Assert.True(run.ExitCode == 1, run.Stderr + run.Stdout);
        Assert.Contains("Live: DIVERGES: IAM answered implicitDeny / the model answered allowed", run.Stdout);
        Assert.Contains("Live: agrees", run.Stdout);
        Assert.DoesNotContain(LoopbackIam.SecretAccessKey, run.Stdout + run.Stderr);
    }

    [Fact]
    public async Task Live_Process_AgainstTheLoopbackEndpoint_PrintsAgreesAndExits0()
    {
        await using var iam = await LoopbackIam.StartAsync();
        var run = await RunProcessAsync(["--cli-input-json", Example("send-command-both-tags.json"), "--policy", Example("2-two-tags.json"),
            .. FullFleet, "--region", "us-east-2", "--live", "--endpoint", iam.Server.Endpoint.ToString()]);
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.All(document.RootElement.GetProperty("Checks").EnumerateArray(), c => Assert.Equal("agrees", c.GetProperty("Live").GetString()));
        Assert.Contains("0 diverge", run.Stderr);
    }

    [Fact]
    public async Task Live_EndpointNotAnswering_Exits4()
    {
        var port = FreePort();
        var run = await RunProcessAsync(["--cli-input-json", Example("send-command-both-tags.json"), "--policy", Example("2-two-tags.json"),
            .. FullFleet, "--region", "us-east-2", "--live", "--endpoint", $"http://127.0.0.1:{port}"]);
        Assert.True(run.ExitCode == 4, run.Stderr + run.Stdout);
        Assert.Contains("IAM gave no answer", run.Stderr);
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static SendCommandAnswer Answer(string call, string policy)
    {
        var fleet = FleetJson.Read([Path.Combine(Examples, "instances.json"), Path.Combine(Examples, "managed-instances.json"),
            Path.Combine(Examples, "managed-instance-tags.json")], "us-east-2", null);
        var request = SendCommandCall.Resolve(SendCommandInputJson.Read(Path.Combine(Examples, call)), fleet, "us-east-2",
            new CallerContext(new CallerNetwork.NotGiven()));
        return SendCommandSimulation.Answer(new PolicyTexts([File.ReadAllText(Path.Combine(Examples, policy))]), request);
    }

    private static Task<CliRun> RunProcessAsync(string[] args) => CliRun.OfProcessWithLoopbackCredentialsAsync(["sendcommand", .. args]);
}
