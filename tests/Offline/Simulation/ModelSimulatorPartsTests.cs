using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using Conformance.Model.Services;
using Conformance.Model.Simulation;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Simulation;

/// <summary>
/// The parts of the simulator that the end-to-end tests reach only in passing: the work count of a policy set, the
/// resource-type check (recorded simulation.json:resource_wrong_type: a resource that is not one of the action's types
/// is matched by no statement), the cross-account rule (ModelSimulator's open question, probe
/// cross-account-without-resource-policy: without a resource policy the identity side decides alone), the explainer's
/// paging, and EvalDecisionDetails compared as a map.
/// </summary>
public sealed class ModelSimulatorPartsTests
{
    private const string Allow = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Allow","Action":"ssm:*","Resource":"*"}]}""";
    private const string One = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""";
    private const string Open = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},{"Effect":"Allow","Principal":"*","Action":"ec2:*","Resource":"*"}]}""";
    private const string Instance = "arn:aws:ec2:us-east-1:222233334444:instance/i-0123456789abcdef0";
    private const string Bucket = "arn:aws:s3:::bucket";

    [Fact]
    public void StatementCount_CountsEveryPolicyOfTheSet()
    {
        var set = new PolicySet([Parse(Allow), Parse(One)], Parse(Allow), Parse(Open, PolicyKind.Resource), [[Parse(One)], [Parse(Allow), Parse(One)]]);
        Assert.Equal(2 + 1 + 2 + 3 + 1 + 2 + 1, RequestCompiler.StatementCount(set));
        Assert.Equal(3, RequestCompiler.StatementCount(new PolicySet([Parse(Allow), Parse(One)])));
        Assert.Equal(5, RequestCompiler.StatementCount(new PolicySet([Parse(Allow)], null, Parse(Open, PolicyKind.Resource))));
        Assert.Equal(4, RequestCompiler.StatementCount(new PolicySet([Parse(Allow)], Parse(Allow))));
    }

    [Fact]
    public void Name_IsModel() => Assert.Equal("model", new ModelSimulator().Name);

    [Fact]
    public async Task SimulateAsync_AnswersAsSimulate()
    {
        var request = new SimulationRequest([One], ["ssm:SendCommand"]);
        var outcome = await new ModelSimulator().SimulateAsync(request);
        Assert.Equal(SimulationJson.WriteResult(ModelSimulator.Simulate(request).Result!), SimulationJson.WriteResult(outcome.Result!));
    }

    [Fact]
    public void Decide_ResourceNotOfTheActionsTypes_IsMatchedByNoStatement_WithOrWithoutABoundary()
    {
        var context = RequestContext.Empty;
        const string queue = "arn:aws:sqs:us-east-1:123456789012:queue";
        var question = new AuthorizationRequest("ssm:SendCommand", queue, context);
        var withBoundary = ModelSimulator.Decide(new PolicySet([Parse(One)], Parse(One)), question, ServiceReference.Default);
        Assert.Equal((EvalDecision.ImplicitDeny, (bool?)false), (withBoundary.Decision, withBoundary.AllowedByPermissionsBoundary));
        Assert.Empty(withBoundary.MatchedStatements);
        Assert.Empty(withBoundary.MissingContextValues);
        var without = ModelSimulator.Decide(new PolicySet([Parse(One)]), question, ServiceReference.Default);
        Assert.Equal((EvalDecision.ImplicitDeny, (bool?)null), (without.Decision, without.AllowedByPermissionsBoundary));
        var ofItsType = ModelSimulator.Decide(new PolicySet([Parse(One)]), question with { Resource = Instance }, ServiceReference.Default);
        Assert.Equal(EvalDecision.Allowed, ofItsType.Decision);
        Assert.True(ModelSimulator.OfActionResourceType("ssm:SendCommand", "*", ServiceReference.Default));
        Assert.True(ModelSimulator.OfActionResourceType("madeup:Action", queue, ServiceReference.Default));
        Assert.False(ModelSimulator.OfActionResourceType("ssm:SendCommand", queue, ServiceReference.Default));
        // The Service Authorization Reference lists an S3 bucket among SendCommand's resources (the output bucket).
        Assert.True(ModelSimulator.OfActionResourceType("ssm:SendCommand", Bucket, ServiceReference.Default));
    }

    [Fact]
    public void Simulate_ResourceInAnotherAccountWithoutAResourcePolicy_IsDecidedByTheIdentitySideAlone()
    {
        var result = ModelSimulator.Simulate(new SimulationRequest([One], ["ssm:SendCommand"], ResourceArns: [Instance],
            CallerArn: "arn:aws:iam::123456789012:user/alice")).Result!.EvaluationResults.Single();
        Assert.Equal(EvalDecision.Allowed, result.EvalDecision);
        Assert.Same(EvalDecisionDetails.Empty, result.EvalDecisionDetails);
    }

    [Fact]
    public void Simulate_ResourceInTheCallersAccountWithAResourcePolicy_FillsNoDetails_AnotherAccountDoes()
    {
        // Recorded simulation.json:composition_cross_*: EvalDecisionDetails is filled only across accounts.
        var same = ModelSimulator.Simulate(new SimulationRequest([One], ["s3:GetObject"], ResourceArns: ["arn:aws:s3:::bucket/key"], ResourcePolicy: Open,
            CallerArn: "arn:aws:iam::123456789012:user/alice")).Result!.EvaluationResults.Single();
        Assert.Same(EvalDecisionDetails.Empty, same.EvalDecisionDetails);
        var other = ModelSimulator.Simulate(new SimulationRequest([One], ["s3:GetObject"], ResourceArns: ["arn:aws:s3:::bucket/key"], ResourcePolicy: Open,
            ResourceOwner: "arn:aws:iam::222233334444:root", CallerArn: "arn:aws:iam::123456789012:user/alice")).Result!.EvaluationResults.Single();
        Assert.NotEmpty(other.EvalDecisionDetails!.Entries);
        var owned = ModelSimulator.Simulate(new SimulationRequest([One], ["ec2:StartInstances"], ResourceArns: [Instance], ResourcePolicy: Open,
            ResourceOwner: "arn:aws:iam::123456789012:root", CallerArn: "arn:aws:iam::123456789012:user/alice")).Result!.EvaluationResults.Single();
        Assert.NotEmpty(owned.EvalDecisionDetails!.Entries); // the ARN's own account comes before ResourceOwner
    }

    [Fact]
    public void Explain_PageOfTheRequest_NamesTheNextMarkerOnlyWhenActionsAreLeft()
    {
        var request = new SimulationRequest([One], ["ssm:SendCommand", "ssm:GetDocument", "ssm:ListDocuments"], MaxItems: 2);
        var (error, explanations, next) = SimulationExplainer.Explain(request);
        Assert.Null(error);
        Assert.Equal(["ssm:SendCommand", "ssm:GetDocument"], explanations.Select(e => e.Request.Action).ToArray());
        Assert.Equal("2", next);
        (_, explanations, next) = SimulationExplainer.Explain(request with { Marker = "2" });
        Assert.Equal(["ssm:ListDocuments"], explanations.Select(e => e.Request.Action).ToArray());
        Assert.Null(next);
        (_, _, next) = SimulationExplainer.Explain(request with { MaxItems = 3 });
        Assert.Null(next);
        (error, explanations, _) = SimulationExplainer.Explain(request with { ActionNames = [] });
        Assert.NotNull(error);
        Assert.Empty(explanations);
    }

    [Fact]
    public void EvalDecisionDetails_AreEqualAsMaps()
    {
        static EvalDecisionDetails Of(params (string Key, EvalDecision Value)[] entries) => new([.. entries.Select(e => KeyValuePair.Create(e.Key, e.Value))]);
        var iam = (EvalDecisionDetails.IamPolicy, EvalDecision.Allowed);
        var resource = (EvalDecisionDetails.ResourcePolicy, EvalDecision.ImplicitDeny);
        Assert.Equal(Of(iam, resource), Of(resource, iam));
        Assert.NotEqual(Of(iam, resource), Of(iam));
        Assert.NotEqual(Of(iam), Of(iam, resource));
        Assert.NotEqual(Of(iam), Of((EvalDecisionDetails.IamPolicy, EvalDecision.ExplicitDeny)));
        Assert.NotEqual(Of(iam), Of((EvalDecisionDetails.ResourcePolicy, EvalDecision.Allowed)));
        Assert.False(Of(iam).Equals(null));
        Assert.Equal(Of(iam, resource).GetHashCode(), Of(resource, iam).GetHashCode());
    }

    [Fact]
    public void ReadResult_NonListMissingValues_AreNone_AndAnUnknownDecisionIsNamed()
    {
        var result = SimulationJson.ReadResult("""{"EvaluationResults":[{"EvalActionName":"a:b","EvalDecision":"allowed","MissingContextValues":null}]}""");
        Assert.Empty(result.EvaluationResults.Single().MissingContextValues);
        var error = Assert.Throws<FormatException>(() => SimulationJson.ReadResult("""{"EvaluationResults":[{"EvalActionName":"a:b","EvalDecision":"Allowed"}]}"""));
        Assert.Equal("unknown decision \"Allowed\"", error.Message);
    }
}
