using Conformance.Model.Evaluation;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Evaluation;

/// <summary>A Resource entry with a policy variable: what it matches, and which keys a decision reports missing for it.</summary>
public sealed class ResourceVariablesTests
{
    private const string Bucket = "arn:aws:s3:::stackd-simulation";

    private static AuthorizationRequest GetObject(params ContextValue[] context) =>
        new("s3:GetObject", Bucket + "/a", new RequestContext(context));

    [Fact]
    public void StatementApplies_VariableWithoutValue_MatchesNoResourceAndNeedsNoMissingKeySet()
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl line 162 (simulation.json:missing_resource_variable: Resource
        // ".../${aws:username}" without aws:username is implicitDeny) and
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (Policy variables with no value: in Resource, the entry matches no resource)
        var statement = Parse(Statement("Allow", "s3:GetObject", Bucket + "/${aws:username}")).Statements.Single();
        Assert.False(PolicyEvaluator.StatementApplies(statement, GetObject()));
        Assert.True(PolicyEvaluator.StatementApplies(statement, GetObject(Key("aws:username", "a"))));
    }

    [Fact]
    public void Evaluate_VariableWithoutValue_IsMissingInTheImplicitDeny()
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl line 162 (simulation.json:missing_resource_variable): implicitDeny, MissingContextValues [aws:username]
        var decision = Decide([Statement("Allow", "s3:GetObject", Bucket + "/${aws:username}")], "s3:GetObject", Bucket + "/a");
        Assert.Equal(EvalDecision.ImplicitDeny, decision.Decision);
        Assert.Equal(["aws:username"], decision.MissingContextValues.AsEnumerable());
    }

    [Fact]
    public void Evaluate_VariableSuppliedByTheCaller_IsNotMissing()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html (MissingContextValues: the keys needed that were
        // not given in the request); the variable of line 162 in tests/Recorded/simulate-custom-policy-2.jsonl, here supplied, resolving to another object
        var decision = Decide([Statement("Allow", "s3:GetObject", Bucket + "/${aws:username}")], "s3:GetObject", Bucket + "/a",
            new RequestContext([Key("aws:username", "b")]));
        Assert.Equal(EvalDecision.ImplicitDeny, decision.Decision);
        Assert.Empty(decision.MissingContextValues);
    }

    [Fact]
    public void Evaluate_VariableInAnEntryAfterTheOneThatMatched_IsNotMissing()
    {
        // Open question (tests/Probes/resource-variable-after-match.json): no recording has a variable after a matching Resource
        // entry; the model stops reading at the match (the probe's hypothesis first-match-stops), and the probe asks IAM.
        const string policy = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::stackd-simulation/a", "arn:aws:s3:::stackd-simulation/${aws:username}"], "Condition": {"StringEquals": {"stack:flag": "yes"}}}]}""";
        var decision = Decide([policy], "s3:GetObject", Bucket + "/a");
        Assert.Equal(EvalDecision.ImplicitDeny, decision.Decision);
        Assert.Equal(["stack:flag"], decision.MissingContextValues.AsEnumerable());
    }
}
