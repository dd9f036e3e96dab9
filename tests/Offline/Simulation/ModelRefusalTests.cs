using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Simulation;

/// <summary>
/// The refusals whose words are the model's own, because IAM's were not recorded: each names the parameter, and a
/// policy that does not parse is named by IAM's SourcePolicyId for it (PolicyInputList.N,
/// PermissionsBoundaryPolicyInputList.1, ResourcePolicy; organization levels as OrderedOrganizationPolicyInputList.L.
/// ServiceControlPolicyInputList.N), the name the command line uses to point at it.
/// </summary>
public sealed class ModelRefusalTests
{
    private const string Allow = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""";
    private const string Broken = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*"}}""";
    private const string BrokenErrors = "$.Statement (line 1, column 37): the statement has neither Resource nor NotResource: exactly one is required";
    private const string User = "arn:aws:iam::123456789012:user/alice";
    private const string Document = "arn:aws:ssm:us-east-1::document/AWS-RunShellScript";

    private static SimulationRequest Valid() => new([Allow], ["ssm:SendCommand"]);

    public static TheoryData<string, SimulationRequest, string> Refusals() => new()
    {
        { "no action", Valid() with { ActionNames = [] }, "ActionNames is required: give at least one action such as ssm:SendCommand" },
        { "second identity policy", Valid() with { PolicyInputList = [Allow, Broken] }, $"PolicyInputList.2 is not a valid policy: {BrokenErrors}" },
        { "two boundaries", Valid() with { PermissionsBoundaryPolicyInputList = [Allow, Allow] }, "PermissionsBoundaryPolicyInputList takes at most one policy" },
        { "boundary", Valid() with { PermissionsBoundaryPolicyInputList = [Broken] }, $"PermissionsBoundaryPolicyInputList.1 is not a valid policy: {BrokenErrors}" },
        { "resource policy", Valid() with { ResourcePolicy = Broken, CallerArn = User, ResourceArns = [Document] },
            $"ResourcePolicy is not a valid policy: {BrokenErrors}; $.Statement (line 1, column 37): a resource-based policy statement needs a Principal or NotPrincipal" },
        { "resource policy without caller", Valid() with { ResourcePolicy = Allow, ResourceArns = [Document] }, "CallerArn is required when a ResourcePolicy is given" },
        { "organization level", Valid() with { OrderedOrganizationPolicyInputList = [new([Allow]), new([Allow, Broken])] },
            $"OrderedOrganizationPolicyInputList.2.ServiceControlPolicyInputList.2 is not a valid policy: {BrokenErrors}" },
        { "scenario of another action", Valid() with { ActionNames = ["ec2:RunInstances", "ssm:SendCommand"], ResourceHandlingOption = "EC2-VPC-EBS" },
            "ResourceHandlingOption \"EC2-VPC-EBS\" is not a scenario of ssm:SendCommand" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Simulate_InputTheModelRefuses_IsInvalidInputNamingIt(string what, SimulationRequest request, string message)
    {
        Assert.NotEmpty(what);
        var outcome = ModelSimulator.Simulate(request);
        Assert.True(outcome.IsError, $"{what}: the model answered with decisions");
        Assert.Null(outcome.Result);
        Assert.Equal((SimulationError.InvalidInput, message), (outcome.Error!.Code, outcome.Error.Message));
        Assert.Equal($"InvalidInput: {message}", outcome.Error.ToString());
    }

    [Fact]
    public void Simulate_ScenarioOfEveryAction_IsAnswered()
    {
        // Recorded service_reference.json:simulation[0] to [39] answer an action's own scenario.
        var outcome = ModelSimulator.Simulate(Valid() with { ActionNames = ["ec2:RunInstances"], ResourceHandlingOption = "EC2-VPC-EBS" });
        Assert.False(outcome.IsError, outcome.Error?.ToString());
    }

    [Fact]
    public void Simulate_OrganizationLevels_AreEachParsedAndEvaluated()
    {
        // Recorded simulation.json:organizations_*: each level must allow on its own.
        const string deny = """{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"ssm:SendCommand","Resource":"*"}}""";
        var allowed = ModelSimulator.Simulate(Valid() with { OrderedOrganizationPolicyInputList = [new([Allow]), new([Allow])] });
        Assert.Equal(EvalDecision.Allowed, allowed.Result!.EvaluationResults.Single().EvalDecision);
        var denied = ModelSimulator.Simulate(Valid() with { OrderedOrganizationPolicyInputList = [new([Allow]), new([Allow, deny])] });
        Assert.Equal(EvalDecision.ExplicitDeny, denied.Result!.EvaluationResults.Single().EvalDecision);
        Assert.Equal(false, denied.Result.EvaluationResults.Single().AllowedByOrganizations);
    }
}
