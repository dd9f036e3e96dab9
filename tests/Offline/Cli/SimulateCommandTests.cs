using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Cli;

public sealed class SimulateCommandTests
{
    private const string InvalidInputPrefix = "An error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: ";

    private static ResourceSpecificResult ResultFor(string stdout, string resource) =>
        SimulationJson.ReadResult(stdout).EvaluationResults.Single().ResourceSpecificResults.Single(r => r.EvalResourceName == resource);

    [Fact]
    public void Simulate_FileInputTaggedInstance_AllowsDocumentAndInstance()
    {
        // https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html ("Restrict Run Command access based on tags")
        var path = CliRequests.TempFile(CliRequests.RunCommand("WebServers"));
        var run = CliRun.Of(["simulate", "--cli-input-json", "file://" + path]);

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Equal(EvalDecision.Allowed, ResultFor(run.Stdout, CliRequests.Document).EvalResourceDecision);
        Assert.Equal(EvalDecision.Allowed, ResultFor(run.Stdout, CliRequests.Instance).EvalResourceDecision);
        Assert.Equal(EvalDecision.Allowed, SimulationJson.ReadResult(run.Stdout).EvaluationResults.Single().EvalDecision);
    }

    [Fact]
    public void Simulate_StdinInputUntaggedInstance_ImplicitlyDeniesInstanceAndNamesMissingTag()
    {
        // https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html ("Restrict Run Command access based on tags")
        var run = CliRun.Of(["simulate", "--cli-input-json", "-"], stdin: CliRequests.RunCommand(financeTag: null));

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        var instance = ResultFor(run.Stdout, CliRequests.Instance);
        Assert.Equal(EvalDecision.ImplicitDeny, instance.EvalResourceDecision);
        Assert.Equal(["ssm:resourceTag/Finance"], instance.MissingContextValues.AsEnumerable());
        Assert.Equal(EvalDecision.Allowed, ResultFor(run.Stdout, CliRequests.Document).EvalResourceDecision);
    }

    [Fact]
    public void Simulate_InlineJsonWithOtherTag_ImplicitlyDeniesInstance()
    {
        // https://docs.aws.amazon.com/cli/v1/userguide/cli-usage-skeleton.html (--cli-input-json takes the JSON text itself)
        var run = CliRun.Of(["simulate", "--cli-input-json", CliRequests.RunCommand("Marketing", CliRequests.Instance)]);

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        var instance = ResultFor(run.Stdout, CliRequests.Instance);
        Assert.Equal(EvalDecision.ImplicitDeny, instance.EvalResourceDecision);
        Assert.Empty(instance.MatchedStatements);
    }

    [Fact]
    public void Simulate_Output_ParsesBackThroughReadResultIdentically()
    {
        // https://docs.aws.amazon.com/cli/latest/reference/iam/simulate-custom-policy.html ("Output")
        var request = CliRequests.RunCommand(financeTag: null);
        var run = CliRun.Of(["simulate", "--cli-input-json", request]);
        Assert.Equal(0, run.ExitCode);

        var readBack = SimulationJson.ReadResult(run.Stdout);
        Assert.Equal(run.Stdout.TrimEnd('\n'), SimulationJson.WriteResult(readBack).ReplaceLineEndings("\n"));
        var model = ModelSimulator.Simulate(SimulationJson.ReadRequestOrThrow(request)).Result!;
        Assert.Equal(SimulationJson.WriteResult(model), SimulationJson.WriteResult(readBack));
        var statement = readBack.EvaluationResults.Single().ResourceSpecificResults[0].MatchedStatements.Single();
        Assert.Equal(("PolicyInputList.1", "IAM Policy"), (statement.SourcePolicyId, statement.SourcePolicyType));
    }

    [Fact]
    public void Simulate_MissingFile_ExitsTwoNamingTheFile()
    {
        // https://docs.aws.amazon.com/cli/v1/userguide/cli-usage-parameters-file.html (file:// prefix)
        var path = Path.Combine(Path.GetTempPath(), $"conformance-no-such-{Guid.NewGuid():N}.json");
        var run = CliRun.Of(["simulate", "--cli-input-json", "file://" + path]);

        Assert.Equal((2, ""), (run.ExitCode, run.Stdout));
        Assert.StartsWith(InvalidInputPrefix, run.Stderr);
        Assert.Contains("file://" + path, run.Stderr);
    }

    [Fact]
    public void Simulate_MalformedJson_ExitsTwoNamingLineAndColumn()
    {
        // https://www.rfc-editor.org/rfc/rfc8259#section-4 (members are separated by commas)
        var text = "{\n    \"PolicyInputList\": [\"{}\"],\n    \"ActionNames\": [\"ssm:SendCommand\"]\n    \"ResourceArns\": []\n}";
        var run = CliRun.Of(["simulate", "--cli-input-json", "-"], stdin: text);

        Assert.Equal((2, ""), (run.ExitCode, run.Stdout));
        Assert.StartsWith(InvalidInputPrefix + "standard input: ", run.Stderr);
        Assert.Contains("(line 4, column 5)", run.Stderr);
        Assert.Contains("not valid JSON", run.Stderr);
    }

    [Fact]
    public void Simulate_UnknownParameter_ExitsTwoNamingPathLineAndColumn()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html ("Request Parameters")
        var text = "{\n    \"PolicyInputList\": [\"{}\"],\n    \"ActionNames\": [\"ssm:SendCommand\"],\n    \"ResourceArn\": [\"*\"]\n}";
        var path = CliRequests.TempFile(text);
        var run = CliRun.Of(["explain", "--cli-input-json", "file://" + path]);

        Assert.Equal((2, ""), (run.ExitCode, run.Stdout));
        Assert.StartsWith(InvalidInputPrefix + "file://" + path + ": $.ResourceArn (line 4, column 5): ", run.Stderr);
        Assert.Contains("ResourceArns", run.Stderr);
    }

    [Fact]
    public void Simulate_PolicyWithLowercaseEffect_ExitsTwoNamingPolicyPathAndPositions()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html ("Valid values for Effect are Allow and Deny", case-sensitive)
        var policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"ssm:SendCommand\",\"Resource\":\"*\"}]}";
        var valid = policy.Replace("\"allow\"", "\"Allow\"", StringComparison.Ordinal);
        var text = $"{{\n  \"ActionNames\": [\"ssm:SendCommand\"],\n  \"PolicyInputList\": [\n    {CliRequests.Json(valid)},\n    {CliRequests.Json(policy)}\n  ]\n}}";
        var run = CliRun.Of(["simulate", "--cli-input-json", "-"], stdin: text);

        Assert.Equal((2, ""), (run.ExitCode, run.Stdout));
        Assert.StartsWith(InvalidInputPrefix + "standard input: $.PolicyInputList[1] (line 5, column 5): PolicyInputList.2 is not a valid policy: ", run.Stderr);
        Assert.Contains("$.Statement[0].Effect (line 1, column 48)", run.Stderr);
        Assert.Contains("\"allow\"", run.Stderr);
    }

    [Fact]
    public void Simulate_WildcardActionName_IsAnsweredAsALiteralName()
    {
        // Recorded: simulate-custom-policy-2.jsonl simulation.json:action_wildcard (s3:* is answered, implicitDeny
        // under an Allow of s3:GetObject) and action_allow_all_wildcard (allowed under Action "*").
        var text = CliRequests.RunCommand("WebServers").Replace("\"ssm:SendCommand\"]", "\"ssm:Send*\"]", StringComparison.Ordinal);
        var run = CliRun.Of(["simulate", "--cli-input-json", text]);

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Contains("\"EvalActionName\": \"ssm:Send*\"", run.Stdout);
        Assert.Contains("\"EvalDecision\": \"implicitDeny\"", run.Stdout);
    }

    [Fact]
    public void Simulate_UnknownContextKeyType_ExitsTwoListingAcceptedTypes()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ContextEntry.html ("ContextKeyType" valid values)
        var text = CliRequests.RunCommand("WebServers").Replace("\"string\"", "\"text\"", StringComparison.Ordinal);
        var run = CliRun.Of(["simulate", "--cli-input-json", "-"], stdin: text);

        Assert.Equal((2, ""), (run.ExitCode, run.Stdout));
        Assert.Contains("$.ContextEntries[0].ContextKeyType (line ", run.Stderr);
        Assert.Contains("stringList", run.Stderr);
    }

    [Fact]
    public void Simulate_CrossAccountResourcePolicy_NeedsBothSidesAndNamesEachPolicyType()
    {
        // Cross-account evaluation needs both accounts to allow (reference_policies_evaluation-logic-cross-account.html);
        // recorded: simulate-custom-policy-2.jsonl simulation.json:composition_cross_no_identity (EvalDecisionDetails
        // keyed by policy type). Here the identity side allows nothing for the document.
        const string request = """
            {
              "PolicyInputList": ["{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"ssm:SendCommand\",\"Resource\":\"arn:aws:ec2:*:*:instance/*\"}}"],
              "ResourcePolicy": "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ssm:SendCommand\",\"Resource\":\"*\"}}",
              "CallerArn": "arn:aws:iam::123456789012:user/alice",
              "ActionNames": ["ssm:SendCommand"],
              "ResourceArns": ["arn:aws:ssm:us-east-1:444455556666:document/Shared"]
            }
            """;
        var run = CliRun.Of(["simulate", "--cli-input-json", "-"], stdin: request);
        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Contains("\"EvalDecision\": \"implicitDeny\"", run.Stdout);
        Assert.Contains("\"Resource Policy\": \"allowed\"", run.Stdout);
        Assert.Contains("\"IAM Policy\": \"implicitDeny\"", run.Stdout);
    }
}
