using System.Diagnostics;
using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Iam;

/// <summary>Runs only when the aws CLI is on PATH: it is the independent client (botocore's own signer and XML parser).</summary>
public sealed class AwsCliFactAttribute : FactAttribute
{
    public AwsCliFactAttribute()
    {
        if (AwsCli.Path is null)
        {
            Skip = "the aws CLI is not on PATH: the loopback endpoint cannot be checked against an independent client here";
        }
    }
}

public static class AwsCli
{
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => System.IO.Path.Combine(dir, "aws"))
        .FirstOrDefault(File.Exists);

    /// <summary>Runs <c>aws</c> with only the given credentials: no profile, config file or instance metadata.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string secret, params string[] args)
    {
        var start = new ProcessStartInfo(Path!, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        var nowhere = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "conformance-no-aws-config-" + Guid.NewGuid().ToString("N"));
        start.Environment["AWS_CONFIG_FILE"] = nowhere;
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = nowhere;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_ACCESS_KEY_ID"] = LoopbackIam.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secret;
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_PAGER"] = "";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"aws {string.Join(' ', args)} did not finish within 60 s");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>
/// The aws CLI (botocore: its own SigV4 signer, query serializer and XML parser) against the loopback endpoint.
/// --cli-input-json, not --policy-input-list file://, which the CLI splits into one member per character.
/// </summary>
public sealed class AwsCliLoopbackTests
{
    [AwsCliFact]
    public async Task SimulateCustomPolicy_ThroughTheAwsCli_PrintsTheModelsAnswer()
    {
        var request = IamRequests.TypedContext;
        var input = Cli.CliRequests.TempFile(SimulationJson.WriteRequest(request));
        await using var iam = await LoopbackIam.StartAsync();

        // --page-size 1: the CLI's paginator follows the endpoint's Marker and merges the two pages.
        var (code, stdout, stderr) = AwsCli.Run(LoopbackIam.SecretAccessKey,
            "iam", "simulate-custom-policy", "--endpoint-url", iam.Server.Endpoint.ToString(),
            "--cli-input-json", "file://" + input, "--page-size", "1", "--output", "json");

        Assert.True(code == 0, $"aws exited {code}: {stderr}");
        Assert.Equal(SimulationJson.WriteResult(ModelSimulator.Simulate(request).Result!),
            SimulationJson.WriteResult(SimulationJson.ReadResult(stdout)));
        Assert.Equal(2, iam.Server.Requests.Length);
        Assert.All(iam.Server.Requests, r => Assert.Equal("content-type;host;x-amz-date", r.SignedHeaders));
    }

    [AwsCliFact]
    public async Task CrossAccountDecisionDetails_ThroughTheAwsCli_ReadAsAwsPrintsThem()
    {
        // Recorded: simulate-custom-policy-2.jsonl simulation.json:composition_cross_boundary_implicit (EvalDecisionDetails
        // with three policy types). botocore reads the endpoint's map, and the result is the recorded one.
        var recorded = Conformance.Offline.Tests.Recorded.RecordedAnswers.Load()
            .Single(a => a.Name.StartsWith("simulation.json:composition_cross_boundary_implicit ", StringComparison.Ordinal));
        var input = Cli.CliRequests.TempFile(SimulationJson.WriteRequest(recorded.Request));
        await using var iam = await LoopbackIam.StartAsync();

        var (code, stdout, stderr) = AwsCli.Run(LoopbackIam.SecretAccessKey,
            "iam", "simulate-custom-policy", "--endpoint-url", iam.Server.Endpoint.ToString(), "--cli-input-json", "file://" + input, "--output", "json");

        Assert.True(code == 0, $"aws exited {code}: {stderr}");
        var read = SimulationJson.ReadResult(stdout).EvaluationResults.Single();
        var want = recorded.Output!.EvaluationResults.Single();
        Assert.Equal(want.EvalDecisionDetails, read.EvalDecisionDetails);
        Assert.Equal(want.AllowedByPermissionsBoundary, read.AllowedByPermissionsBoundary);
        Assert.Equal(want.EvalDecision, read.EvalDecision);
    }

    [AwsCliFact]
    public void OrganizationLevels_TheAwsCliHere_DoesNotKnowTheParameter()
    {
        // The aws CLI v1 on this machine (botocore 1.43) predates OrderedOrganizationPolicyInputList, which aws-cli 2.36
        // sent for the recordings (simulation.json:organizations_*). The model, `conformance serve` and the IAM client carry
        // it; this test notices the day the machine's aws CLI learns it, so that the round trip can be checked through it.
        var input = Cli.CliRequests.TempFile(SimulationJson.WriteRequest(IamRequests.Organizations));
        var (code, _, stderr) = AwsCli.Run(LoopbackIam.SecretAccessKey,
            "iam", "simulate-custom-policy", "--endpoint-url", "http://127.0.0.1:9", "--cli-input-json", "file://" + input);
        Assert.NotEqual(0, code);
        Assert.Contains("Unknown parameter in input: \"OrderedOrganizationPolicyInputList\"", stderr);
    }

    [AwsCliFact]
    public async Task OtherAction_ThroughTheAwsCli_InvalidAction()
    {
        await using var iam = await LoopbackIam.StartAsync();

        var (code, _, stderr) = AwsCli.Run(LoopbackIam.SecretAccessKey, "iam", "list-users", "--endpoint-url", iam.Server.Endpoint.ToString());

        Assert.NotEqual(0, code);
        Assert.Contains("(InvalidAction)", stderr);
        Assert.Equal("ListUsers", iam.Server.Requests.Single().Action);
    }

    [AwsCliFact]
    public async Task WrongSecret_ThroughTheAwsCli_SignatureDoesNotMatch()
    {
        var input = Cli.CliRequests.TempFile(SimulationJson.WriteRequest(IamRequests.Boundary));
        await using var iam = await LoopbackIam.StartAsync();

        var (code, _, stderr) = AwsCli.Run("SECRETCANARY-wrong-secret-fedcba9876543210",
            "iam", "simulate-custom-policy", "--endpoint-url", iam.Server.Endpoint.ToString(), "--cli-input-json", "file://" + input);

        Assert.NotEqual(0, code);
        Assert.Contains("(SignatureDoesNotMatch)", stderr);
        Assert.DoesNotContain("SECRETCANARY", stderr);
        Assert.Single(iam.Server.Requests);
    }
}
