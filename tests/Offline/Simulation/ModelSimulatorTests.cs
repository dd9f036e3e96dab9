using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Json;
using Conformance.Model.Simulation;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Simulation;

public sealed class ModelSimulatorTests
{
    private const string UserArn = "arn:aws:iam::123456789012:user/alice";

    private static EvaluationResult SimulateOne(SimulationRequest request)
    {
        var outcome = ModelSimulator.Simulate(request);
        Assert.False(outcome.IsError, outcome.Error?.ToString());
        return Assert.Single(outcome.Result!.EvaluationResults);
    }

    [Fact]
    public void Simulate_CliDocumentationExample_ReportsTheDocumentedStatementPositions()
    {
        // https://docs.aws.amazon.com/cli/latest/reference/iam/simulate-custom-policy.html (Examples: dynamodb:CreateBackup allowed, StartPosition line 1 column 38, EndPosition line 1 column 167)
        const string policy = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}""";
        var result = SimulateOne(new SimulationRequest([policy], ["dynamodb:CreateBackup"],
            ContextEntries: [new ContextEntry("aws:CurrentTime", ["2019-04-25T11:00:00Z"], ContextKeyType.Date)]));
        Assert.Equal(EvalDecision.Allowed, result.EvalDecision);
        Assert.Equal("*", result.EvalResourceName);
        var matched = Assert.Single(result.MatchedStatements);
        Assert.Equal("PolicyInputList.1", matched.SourcePolicyId);
        Assert.Equal(new TextPosition(1, 38), matched.StartPosition);
        Assert.Equal(new TextPosition(1, 167), matched.EndPosition);
        Assert.Empty(result.MissingContextValues);
    }

    [Fact]
    public void Simulate_CliDocumentationExampleWithEarlierDate_IsImplicitDeny()
    {
        // https://docs.aws.amazon.com/cli/latest/reference/iam/simulate-custom-policy.html (Examples: the date before the one the condition requires gives implicitDeny)
        const string policy = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}""";
        var result = SimulateOne(new SimulationRequest([policy], ["dynamodb:CreateBackup"],
            ContextEntries: [new ContextEntry("aws:CurrentTime", ["2014-04-25T11:00:00Z"], ContextKeyType.Date)]));
        Assert.Equal(EvalDecision.ImplicitDeny, result.EvalDecision);
        Assert.Empty(result.MatchedStatements);
    }

    [Fact]
    public void Simulate_MultiLinePolicy_PositionsCountLinesAndColumnsOfTheSubmittedText()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html (Examples: StartPosition line 4 column 16, EndPosition line 11 column 4 of a multi-line policy)
        // Where exactly a statement starts follows the recorded single-line answers (PolicyParser: after '[' for the
        // first statement, after the previous '}' for later ones; end just after the statement's own '}').
        const string policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"ssm:SendCommand\",\n      \"Resource\": \"*\"\n    },\n    {\n      \"Effect\": \"Deny\",\n      \"Action\": \"ssm:SendCommand\",\n      \"Resource\": \"arn:aws:ec2:*:*:instance/*\"\n    }\n  ]\n}";
        var allowedOnDocument = SimulateOne(new SimulationRequest([policy], [SendCommandAction], ResourceArns: [DocumentArn]));
        var allow = Assert.Single(allowedOnDocument.ResourceSpecificResults.Single().MatchedStatements);
        Assert.Equal(new TextPosition(3, 17), allow.StartPosition);
        Assert.Equal(new TextPosition(8, 6), allow.EndPosition);

        var deniedOnInstance = SimulateOne(new SimulationRequest([policy], [SendCommandAction], ResourceArns: [InstanceArn]));
        var deny = Assert.Single(deniedOnInstance.ResourceSpecificResults.Single().MatchedStatements);
        Assert.Equal(EvalDecision.ExplicitDeny, deniedOnInstance.EvalDecision);
        Assert.Equal(new TextPosition(8, 6), deny.StartPosition);
        Assert.Equal(new TextPosition(13, 6), deny.EndPosition);
    }

    [Fact]
    public void Simulate_SecondPolicyAllows_SourcePolicyIdIsItsOneBasedIndex()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html (Examples: SourcePolicyId PolicyInputList.1 names the first policy of PolicyInputList)
        var result = SimulateOne(new SimulationRequest(
            [Statement("Allow", "ssm:ListCommands", "*"), Statement("Allow", "ssm:SendCommand", "*")], [SendCommandAction]));
        Assert.Equal("PolicyInputList.2", Assert.Single(result.MatchedStatements).SourcePolicyId);
    }

    [Fact]
    public void Simulate_DenyInBoundary_NamesTheBoundaryPolicyAndReportsNotAllowedByBoundary()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PermissionsBoundaryDecisionDetail.html (AllowedByPermissionsBoundary is false when the boundary explicitly denies)
        var result = SimulateOne(new SimulationRequest([Statement("Allow", "ssm:*", "*")], [SendCommandAction],
            PermissionsBoundaryPolicyInputList: [Statement("Deny", "ssm:SendCommand", "*")]));
        Assert.Equal(EvalDecision.ExplicitDeny, result.EvalDecision);
        Assert.False(result.AllowedByPermissionsBoundary);
        Assert.Equal("PermissionsBoundaryPolicyInputList.1", Assert.Single(result.MatchedStatements).SourcePolicyId);
    }

    [Fact]
    public void Simulate_BoundaryDoesNotAllow_ImplicitDenyAndNotAllowedByBoundary()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PermissionsBoundaryDecisionDetail.html (AllowedByPermissionsBoundary is false when the boundary does not allow the action)
        var result = SimulateOne(new SimulationRequest([Statement("Allow", "ssm:*", "*")], [SendCommandAction],
            PermissionsBoundaryPolicyInputList: [Statement("Allow", "ssm:ListCommands", "*")]));
        Assert.Equal(EvalDecision.ImplicitDeny, result.EvalDecision);
        Assert.False(result.AllowedByPermissionsBoundary);
    }

    [Fact]
    public void Simulate_NoBoundary_ReportsNoBoundaryDetail()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html (PermissionsBoundaryDecisionDetail: details about the effect of a boundary, when one is given)
        var result = SimulateOne(new SimulationRequest([Statement("Allow", "ssm:*", "*")], [SendCommandAction]));
        Assert.Null(result.AllowedByPermissionsBoundary);
    }

    [Fact]
    public void Simulate_SameAccountResourcePolicyForUser_AllowedButNotByBoundary()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html (Example "Same-Account Simulation": allowed by the resource policy, AllowedByPermissionsBoundary false, SourcePolicyId ResourcePolicy)
        var result = SimulateOne(new SimulationRequest(
            [Statement("Allow", "iam:GetRole", "*")], ["s3:ListBucket"],
            PermissionsBoundaryPolicyInputList: [Statement("Allow", "iam:*", "*")],
            ResourceArns: ["arn:aws:s3:::teambucket"],
            ResourcePolicy: $$"""{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "{{UserArn}}"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::teambucket"} }""",
            CallerArn: UserArn));
        var resource = Assert.Single(result.ResourceSpecificResults);
        Assert.Equal(EvalDecision.Allowed, resource.EvalResourceDecision);
        Assert.False(resource.AllowedByPermissionsBoundary);
        var matched = Assert.Single(resource.MatchedStatements);
        Assert.Equal("ResourcePolicy", matched.SourcePolicyId);
        Assert.Equal("Resource Policy", matched.SourcePolicyType);
    }

    [Fact]
    public void Simulate_ConditionKeyNotSupplied_ListedInMissingContextValues()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/policies_policy-simulator-how-to.html (missing context keys: the simulation returns an implicit deny and lists the keys in MissingContextValues)
        var policy = WithCondition("""{"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}""");
        var result = SimulateOne(new SimulationRequest([policy], [SendCommandAction]));
        Assert.Equal(EvalDecision.ImplicitDeny, result.EvalDecision);
        Assert.Equal("aws:SourceVpce", Assert.Single(result.MissingContextValues));
    }

    [Fact]
    public void Simulate_ConditionKeyNotSuppliedWithResourceArn_ListedPerResource()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html (MissingContextValues: with specific resource ARNs the keys are listed in ResourceSpecificResults)
        var policy = WithCondition("""{"StringLike": {"ssm:resourceTag/Finance": "WebServers"}}""");
        var result = SimulateOne(new SimulationRequest([policy], [SendCommandAction], ResourceArns: [InstanceArn]));
        var resource = Assert.Single(result.ResourceSpecificResults);
        Assert.Equal(EvalDecision.ImplicitDeny, resource.EvalResourceDecision);
        Assert.Equal("ssm:resourceTag/Finance", Assert.Single(resource.MissingContextValues));
    }

    [Fact]
    public void Simulate_ConditionKeySupplied_NothingMissing()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html (MissingContextValues: keys the policies need that no ContextEntries supplied)
        var policy = WithCondition("""{"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}""");
        var result = SimulateOne(new SimulationRequest([policy], [SendCommandAction],
            ContextEntries: [new ContextEntry("aws:SourceVpce", ["vpce-1a2b3c4d"], ContextKeyType.String)]));
        Assert.Equal(EvalDecision.Allowed, result.EvalDecision);
        Assert.Empty(result.MissingContextValues);
    }

    [Fact]
    public void Simulate_IfExistsKeyNotSupplied_NotListedAsMissing()
    {
        // Recorded AWS answer (tests/Recorded, conditions.json negated_if_exists_absent_key): an IfExists condition accepts the absent key and IAM does not list it
        var allow = Statement("Allow", "ssm:SendCommand", "*");
        var deny = WithCondition("""{"StringNotEqualsIfExists": {"ssm:resourceTag/Finance": "WebServers"}}""", effect: "Deny");
        var result = SimulateOne(new SimulationRequest([allow, deny], [SendCommandAction]));
        Assert.Equal(EvalDecision.ExplicitDeny, result.EvalDecision);
        Assert.Empty(result.MissingContextValues);
        Assert.Equal("PolicyInputList.2", Assert.Single(result.MatchedStatements).SourcePolicyId);
    }

    [Fact]
    public void Simulate_ContextKeyNameInDifferentCase_IsUsed()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html (condition key names are not case-sensitive)
        // Open question (iam-facts §i): whether the simulator itself folds the case of a caller-supplied ContextKeyName is not recorded.
        var policy = WithCondition("""{"StringLike": {"ssm:resourceTag/Finance": "WebServers"}}""");
        var result = SimulateOne(new SimulationRequest([policy], [SendCommandAction], ResourceArns: [InstanceArn],
            ContextEntries: [new ContextEntry("SSM:ResourceTag/finance", ImmutableArray.Create("WebServers"), ContextKeyType.String)]));
        Assert.Equal(EvalDecision.Allowed, result.EvalDecision);
    }
}
