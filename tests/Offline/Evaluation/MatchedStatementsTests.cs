using Conformance.Model.Evaluation;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Evaluation;

/// <summary>Which statements a decision lists in <c>MatchedStatements</c>, by the kind of policy they come from.</summary>
public sealed class MatchedStatementsTests
{
    private const string UserArn = "arn:aws:iam::123456789012:user/alice";
    private const string BucketArn = "arn:aws:s3:::teambucket";

    private static string BucketPolicy(string effect) =>
        $$"""{"Version": "2012-10-17", "Statement": [{"Effect": "{{effect}}", "Principal": {"AWS": "{{UserArn}}"}, "Action": "s3:ListBucket", "Resource": "{{BucketArn}}"}]}""";

    [Fact]
    public void Evaluate_ExplicitDenyOnlyInTheResourcePolicy_ListsTheResourcePolicysDeny()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html (MatchedStatements: the statements that determine the result; when a statement denies, the deny statement is the only entry included)
        var decision = Decide([Statement("Allow", "s3:ListBucket", "*")], "s3:ListBucket", BucketArn,
            resourcePolicy: BucketPolicy("Deny"), callerArn: UserArn);
        Assert.Equal(EvalDecision.ExplicitDeny, decision.Decision);
        var matched = Assert.Single(decision.MatchedStatements);
        Assert.Equal("ResourcePolicy", matched.SourcePolicyId);
        Assert.Equal(Conformance.Model.Policies.Effect.Deny, matched.Statement.Effect);
    }

    [Fact]
    public void Evaluate_ExplicitDenyOnlyInTheBoundary_ListsTheBoundarysDeny()
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl line 165 (simulation.json:boundary_deny): explicitDeny, MatchedStatements [PermissionsBoundaryPolicyInputList.1]
        var decision = Decide([Statement("Allow", "s3:GetObject", "*")], "s3:GetObject", BucketArn + "/a",
            boundary: Statement("Deny", "s3:GetObject", "*"));
        Assert.Equal(EvalDecision.ExplicitDeny, decision.Decision);
        Assert.Equal("PermissionsBoundaryPolicyInputList.1", Assert.Single(decision.MatchedStatements).SourcePolicyId);
    }

    [Fact]
    public void Evaluate_AllowedWithABoundaryThatAllows_ListsOnlyTheIdentityAllow()
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl line 163 (simulation.json:boundary_allow): the boundary allows too, yet MatchedStatements holds only PolicyInputList.1
        var allowGet = Statement("Allow", "s3:GetObject", "*");
        var decision = Decide([allowGet], "s3:GetObject", BucketArn + "/a", boundary: allowGet);
        Assert.Equal(EvalDecision.Allowed, decision.Decision);
        Assert.True(decision.AllowedByPermissionsBoundary);
        Assert.Equal("PolicyInputList.1", Assert.Single(decision.MatchedStatements).SourcePolicyId);
    }

    [Fact]
    public void Evaluate_AllowedByIdentityAndResourcePolicy_ListsBoth()
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl line 212 (simulation.json:composition_same_direct_identity): allowed, MatchedStatements [ResourcePolicy, PolicyInputList.1]
        var decision = Decide([Statement("Allow", "s3:ListBucket", "*")], "s3:ListBucket", BucketArn,
            resourcePolicy: BucketPolicy("Allow"), callerArn: UserArn);
        Assert.Equal(EvalDecision.Allowed, decision.Decision);
        Assert.Equal(["PolicyInputList.1", "ResourcePolicy"], decision.MatchedStatements.Select(m => m.SourcePolicyId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Evaluate_ImplicitDeny_ListsNoStatement()
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl line 164 (simulation.json:boundary_implicit): implicitDeny with an identity Allow, MatchedStatements []
        var decision = Decide([Statement("Allow", "s3:GetObject", "*")], "s3:GetObject", BucketArn + "/a",
            boundary: Statement("Allow", "s3:PutObject", "*"));
        Assert.Equal(EvalDecision.ImplicitDeny, decision.Decision);
        Assert.Empty(decision.MatchedStatements);
        Assert.False(decision.AllowedByPermissionsBoundary);
    }
}
