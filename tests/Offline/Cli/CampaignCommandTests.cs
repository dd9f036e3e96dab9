using Conformance.Offline.Tests.Support;

namespace Conformance.Offline.Tests.Cli;

/// <summary>
/// <c>conformance campaign --policy … --exhaustive --model-only</c>: the decision table offline (no credentials, no
/// endpoint), the fleet's nodes placed in it, the bound on classes, and bad input naming the file and the JSON path.
/// </summary>
public sealed class CampaignCommandTests
{
    private static readonly string Examples = RunCommandExamples.Folder;

    private static string Example(string file) => Path.Combine(Examples, file);

    [Fact]
    public void Exhaustive_ModelOnly_PrintsTheClassCountTheTableAndTheFleet_WithoutCredentials()
    {
        var run = CliRun.Of(["campaign", "--exhaustive", "--model-only", "--policy", "file://" + Example("1-finance-webservers.json"),
            "--fleet", Example("instances.json")]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Contains("14 classes of requests (action × resource: 7 × ssm:resourceTag/Finance: 2)", run.Stdout);
        Assert.Contains("S2     PolicyInputList.1 statement 2: Allow Action ssm:SendCommand on Resource arn:aws:ec2:*:*:instance/*; c1 StringLike ssm:resourceTag/Finance [WebServers]", run.Stdout);
        Assert.Contains("model: allowed 3, implicitDeny 11", run.Stdout);
        // docs/examples/run-command/instances.json: web-1 carries Finance=WebServers, web-2 Finance=WebServer (a near miss),
        // web-3 the key in another case (tag keys ignore case in conditions), web-4 the value in another case (StringLike does not).
        Assert.Matches(@"i-0a1b2c3d4e5f60001 +Name=web-1, Finance=WebServers +class \d+: allowed", run.Stdout);
        Assert.Matches(@"i-0a1b2c3d4e5f60002 +Name=web-2, Finance=WebServer +class \d+: implicitDeny", run.Stdout);
        Assert.Matches(@"i-0a1b2c3d4e5f60003 +Name=web-3, finance=WebServers +class \d+: allowed", run.Stdout);
        Assert.Matches(@"i-0a1b2c3d4e5f60004 +Name=web-4, Finance=webservers +class \d+: implicitDeny", run.Stdout);
    }

    [Fact]
    public void Exhaustive_MoreClassesThanMaxClasses_StopsWithAClearMessage()
    {
        var run = CliRun.Of(["campaign", "--exhaustive", "--model-only", "--max-classes", "10", "--policy", Example("2-two-tags.json")]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("stopped: the policies have more than 10 classes of requests (--max-classes)", run.Stderr);
    }

    [Fact]
    public void Policy_Invalid_ExitsTwoNamingTheFileAndTheJsonPath()
    {
        var path = CliRequests.TempFile("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:SendCommand","Resource":"*","Condition":{"StringLike":"x"}}]}""");
        var run = CliRun.Of(["campaign", "--exhaustive", "--model-only", "--policy", path]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains($"{path}: $.Statement[0].Condition", run.Stderr);
    }

    [Fact]
    public void Fleet_Invalid_ExitsTwoNamingTheFileAndTheJsonPath()
    {
        var path = CliRequests.TempFile("""{"Reservations": [{"OwnerId": "111122223333", "Instances": [{"InstanceId": 7}]}]}""");
        var run = CliRun.Of(["campaign", "--exhaustive", "--model-only", "--policy", Example("1-finance-webservers.json"), "--fleet", path]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{Path.GetFileName(path)}: $.Reservations[0].Instances[0].InstanceId", run.Stderr);
    }

    [Theory]
    [InlineData(new[] { "campaign", "--exhaustive", "--model-only" }, "need the policies to ask about: give --policy <file>")]
    [InlineData(new[] { "campaign", "--fleet", "x.json" }, "need the policies to ask about")]
    [InlineData(new[] { "campaign", "--policy", "p.json", "--model-only" }, "--model-only goes with --exhaustive")]
    [InlineData(new[] { "campaign", "--max-classes", "0" }, "--max-classes '0' is not valid")]
    public void Campaign_BadUsage_ExitsTwoSayingWhy(string[] args, string expected)
    {
        var run = CliRun.Of(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
    }
}
