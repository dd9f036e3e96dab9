using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Cli;

public sealed class ExplainCommandTests
{
    /// <summary>The lines printed for one action on one resource (blocks are separated by a blank line).</summary>
    private static string Block(string stdout, string resource) =>
        stdout.Split("\n\n").Single(b => b.StartsWith($"ssm:SendCommand on {resource}:", StringComparison.Ordinal));

    [Fact]
    public void Explain_UntaggedInstance_NamesFailedConditionAbsentValueAndMissingKey()
    {
        // https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html ("Restrict Run Command access based on tags")
        var run = CliRun.Of(["explain", "--cli-input-json", "-"], stdin: CliRequests.RunCommand(financeTag: null));
        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));

        var block = Block(run.Stdout, CliRequests.Instance);
        Assert.Contains($"ssm:SendCommand on {CliRequests.Instance}: implicitDeny", block);
        Assert.Contains("no Allow statement applies", block);
        Assert.Contains("Action and resource matched, but conditions failed:", block);
        Assert.Contains("PolicyInputList.1 statement 2 (Sid \"TaggedInstances\"), Allow", block);
        Assert.Contains("\"ssm:resourceTag/Finance\": [\"WebServers\"]", block);
        Assert.Contains("[false] StringLike ssm:resourceTag/Finance", block);
        Assert.Contains("policy values: \"WebServers\"", block);
        Assert.Contains("request value: absent", block);
        Assert.Contains("add IfExists to accept a missing key", block);
        Assert.Contains("MissingContextValues: ssm:resourceTag/Finance", block);
        Assert.Contains("Permissions boundary: none given", block);
    }

    [Fact]
    public void Explain_InstanceWithOtherTag_ShowsRequestValueThatDidNotMatch()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String (StringLike)
        var run = CliRun.Of(["explain", "--cli-input-json", CliRequests.RunCommand("Marketing", CliRequests.Instance)]);
        Assert.Equal(0, run.ExitCode);

        var block = Block(run.Stdout, CliRequests.Instance);
        Assert.Contains("request value: \"Marketing\" (string)", block);
        Assert.Contains("the request value \"Marketing\" matches none of the policy values under StringLike", block);
        Assert.Contains("MissingContextValues: none", block);
    }

    [Fact]
    public void Explain_Document_NamesDecidingStatementAtThePositionsSimulateReports()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_Statement.html (StartPosition, EndPosition)
        var request = CliRequests.RunCommand("WebServers");
        var simulated = SimulationJson.ReadResult(CliRun.Of(["simulate", "--cli-input-json", request]).Stdout);
        var matched = simulated.EvaluationResults.Single().ResourceSpecificResults
            .Single(r => r.EvalResourceName == CliRequests.Document).MatchedStatements.Single();

        var block = Block(CliRun.Of(["explain", "--cli-input-json", request]).Stdout, CliRequests.Document);
        Assert.Contains($"{CliRequests.Document}: allowed", block);
        Assert.Contains("Decided by:\n    PolicyInputList.1 statement 1, Allow, " +
            $"line {matched.StartPosition.Line}:{matched.StartPosition.Column} to {matched.EndPosition.Line}:{matched.EndPosition.Column}", block);
        Assert.Contains("\"Resource\": \"arn:aws:ssm:*:*:document/*\"", block);
        Assert.Contains("PolicyInputList.1 statement 2 (Sid \"TaggedInstances\"), Allow, line", block);
        Assert.Contains("Resource does not match", block);
    }

    [Fact]
    public void Explain_BoundaryWithoutSendCommand_SaysBoundaryDoesNotAllow()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html ("Evaluating effective permissions with boundaries")
        var boundary = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ssm:ListCommands\",\"Resource\":\"*\"}]}";
        var request = CliRequests.RunCommand("WebServers", CliRequests.Document)
            .Replace("\"ActionNames\"", $"\"PermissionsBoundaryPolicyInputList\": [{CliRequests.Json(boundary)}],\n    \"ActionNames\"", StringComparison.Ordinal);
        var run = CliRun.Of(["explain", "--cli-input-json", request]);
        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));

        Assert.Contains($"{CliRequests.Document}: implicitDeny", run.Stdout);
        Assert.Contains("a policy allows it, but the permissions boundary does not", run.Stdout);
        Assert.Contains("Applied, but did not decide:\n    PolicyInputList.1 statement 1, Allow", run.Stdout);
        Assert.Contains("PermissionsBoundaryPolicyInputList.1 statement 1, Allow, line 1:38 to 1:99: Action does not match", run.Stdout);
        Assert.Contains("Permissions boundary: does not allow (AllowedByPermissionsBoundary false)", run.Stdout);
    }

    [Fact]
    public void Explain_ExplicitDeny_NamesDenyAndOverriddenAllow()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html ("an explicit deny in any of these policies overrides the allow")
        var deny = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"NoShell\",\"Effect\":\"Deny\",\"Action\":\"ssm:*\",\"Resource\":\"arn:aws:ssm:*:*:document/AWS-RunShellScript\"}}";
        var request = CliRequests.RunCommand("WebServers", CliRequests.Document)
            .Replace("\"PolicyInputList\": [", $"\"PolicyInputList\": [{CliRequests.Json(deny)}, ", StringComparison.Ordinal);
        var run = CliRun.Of(["explain", "--cli-input-json", request]);
        Assert.Equal(0, run.ExitCode);

        Assert.Contains($"{CliRequests.Document}: explicitDeny", run.Stdout);
        Assert.Contains("Decided by:\n    PolicyInputList.1 statement 1 (Sid \"NoShell\"), Deny", run.Stdout);
        Assert.Contains("Applied, but overridden by the explicit deny:\n    PolicyInputList.2 statement 1, Allow", run.Stdout);
    }

    [Fact]
    public void Explain_InvalidPolicy_ExitsTwoWithNothingOnStdout()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html (Effect is Allow or Deny)
        var run = CliRun.Of(["explain", "--cli-input-json", CliRequests.RunCommand("WebServers").Replace("\\\"Allow\\\"", "\\\"Permit\\\"", StringComparison.Ordinal)]);

        Assert.Equal((2, ""), (run.ExitCode, run.Stdout));
        Assert.StartsWith("An error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: --cli-input-json: $.PolicyInputList[0] (line 2, column 25): PolicyInputList.1 is not a valid policy: $.Statement[0].Effect (line 5, column 17)", run.Stderr);
    }
}
