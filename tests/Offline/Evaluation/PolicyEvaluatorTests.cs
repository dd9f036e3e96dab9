using System.Collections.Immutable;
using Conformance.Model.Policies;
using Conformance.Model.Evaluation;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Evaluation;

public sealed class PolicyEvaluatorTests
{
    private const string UserArn = "arn:aws:iam::123456789012:user/alice";
    private const string RoleArn = "arn:aws:iam::123456789012:role/operators";
    private const string BucketArn = "arn:aws:s3:::teambucket";

    private static readonly string AllowSendCommand = Statement("Allow", "ssm:SendCommand", "*");
    private static readonly string DenySendCommand = Statement("Deny", "ssm:SendCommand", "*");
    private static readonly string AllowListCommands = Statement("Allow", "ssm:ListCommands", "*");

    // --- Deny, allow, implicit deny ---

    [Fact]
    public void Evaluate_NoApplicableStatement_IsImplicitDeny()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (Determining whether a request is allowed or denied: by default all requests are implicitly denied)
        var decision = Decide([AllowListCommands], SendCommandAction, InstanceArn);
        Assert.Equal(EvalDecision.ImplicitDeny, decision.Decision);
        Assert.Empty(decision.MatchedStatements);
    }

    [Fact]
    public void Evaluate_ApplicableAllow_IsAllowed()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (an explicit allow in an identity-based policy overrides the default implicit deny)
        Assert.Equal(EvalDecision.Allowed, Decide([AllowSendCommand], SendCommandAction, InstanceArn).Decision);
    }

    [Fact]
    public void Evaluate_DenyAndAllowInDifferentPolicies_ExplicitDenyWins()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (an explicit deny in any policy overrides any allow)
        Assert.Equal(EvalDecision.ExplicitDeny, Decide([AllowSendCommand, DenySendCommand], SendCommandAction, InstanceArn).Decision);
        Assert.Equal(EvalDecision.ExplicitDeny, Decide([DenySendCommand, AllowSendCommand], SendCommandAction, InstanceArn).Decision);
    }

    [Fact]
    public void Evaluate_DenyAndAllowInOnePolicy_ExplicitDenyWinsWhateverTheOrder()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (statements are evaluated together; their order does not matter)
        const string allowThenDeny = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ssm:*", "Resource": "*"}, {"Effect": "Deny", "Action": "ssm:SendCommand", "Resource": "*"}]}""";
        const string denyThenAllow = """{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ssm:SendCommand", "Resource": "*"}, {"Effect": "Allow", "Action": "ssm:*", "Resource": "*"}]}""";
        Assert.Equal(EvalDecision.ExplicitDeny, Decide([allowThenDeny], SendCommandAction, InstanceArn).Decision);
        Assert.Equal(EvalDecision.ExplicitDeny, Decide([denyThenAllow], SendCommandAction, InstanceArn).Decision);
    }

    [Fact]
    public void Evaluate_ExplicitDeny_MatchesOnlyTheDenyStatement()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html (MatchedStatements: when a statement denies, the deny statement is the only entry included)
        var decision = Decide([AllowSendCommand, DenySendCommand], SendCommandAction, InstanceArn);
        var matched = Assert.Single(decision.MatchedStatements);
        Assert.Equal(Conformance.Model.Policies.Effect.Deny, matched.Statement.Effect);
        Assert.Equal("PolicyInputList.2", matched.SourcePolicyId);
    }

    // --- Permissions boundary ---

    [Fact]
    public void Evaluate_IdentityAndBoundaryBothAllow_IsAllowed()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html (effective permissions are the intersection of identity-based policy and boundary)
        var decision = Decide([AllowSendCommand], SendCommandAction, InstanceArn, boundary: Statement("Allow", "ssm:*", "*"));
        Assert.Equal(EvalDecision.Allowed, decision.Decision);
        Assert.True(decision.AllowedByPermissionsBoundary);
    }

    [Fact]
    public void Evaluate_BoundaryDoesNotAllow_IsImplicitDeny()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html (an action allowed by the identity-based policy but not by the boundary is not allowed)
        var decision = Decide([AllowSendCommand], SendCommandAction, InstanceArn, boundary: AllowListCommands);
        Assert.Equal(EvalDecision.ImplicitDeny, decision.Decision);
        Assert.False(decision.AllowedByPermissionsBoundary);
        Assert.Empty(decision.MatchedStatements);
    }

    [Fact]
    public void Evaluate_BoundaryAloneAllows_GrantsNothing()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html (a permissions boundary does not grant permissions on its own)
        var decision = Decide([AllowListCommands], SendCommandAction, InstanceArn, boundary: AllowSendCommand);
        Assert.Equal(EvalDecision.ImplicitDeny, decision.Decision);
        Assert.True(decision.AllowedByPermissionsBoundary);
    }

    [Fact]
    public void Evaluate_DenyInBoundary_IsExplicitDeny()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (an explicit deny in a permissions boundary overrides any allow)
        const string boundary = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "ssm:SendCommand", "Resource": "arn:aws:ec2:*:*:instance/*"}]}""";
        var decision = Decide([AllowSendCommand], SendCommandAction, InstanceArn, boundary: boundary);
        Assert.Equal(EvalDecision.ExplicitDeny, decision.Decision);
        Assert.False(decision.AllowedByPermissionsBoundary);
        Assert.Equal("PermissionsBoundaryPolicyInputList.1", Assert.Single(decision.MatchedStatements).SourcePolicyId);
    }

    // --- Resource-based policy in the same account ---

    private static string BucketPolicy(string principal, string effect = "Allow", string principalElement = "Principal") =>
        $$"""{"Version": "2012-10-17", "Statement": {"Effect": "{{effect}}", "{{principalElement}}": {{principal}}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::teambucket"} }""";

    [Fact]
    public void Evaluate_ResourcePolicyNamesTheCaller_AllowsWithoutIdentityAllow()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (Evaluating identity-based policies with resource-based policies: within one account the union of both is allowed)
        var decision = Decide([AllowListCommands], "s3:ListBucket", BucketArn, resourcePolicy: BucketPolicy($$"""{"AWS": "{{UserArn}}"}"""), callerArn: UserArn);
        Assert.Equal(EvalDecision.Allowed, decision.Decision);
        var matched = Assert.Single(decision.MatchedStatements);
        Assert.Equal("ResourcePolicy", matched.SourcePolicyId);
        Assert.Equal("Resource Policy", matched.SourcePolicyType);
    }

    [Fact]
    public void Evaluate_ResourcePolicyNamesAnotherPrincipal_DoesNotApply()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html (CallerArn: the Principal element of the resource policy is evaluated against the caller)
        var decision = Decide([AllowListCommands], "s3:ListBucket", BucketArn,
            resourcePolicy: BucketPolicy("""{"AWS": "arn:aws:iam::123456789012:user/bob"}"""), callerArn: UserArn);
        Assert.Equal(EvalDecision.ImplicitDeny, decision.Decision);
    }

    [Fact]
    public void Evaluate_ResourcePolicyForIamUser_NotLimitedByBoundary()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html (Resource-based policies: a policy naming an IAM user ARN is not limited by an implicit deny in the boundary)
        var decision = Decide([AllowListCommands], "s3:ListBucket", BucketArn,
            boundary: AllowListCommands, resourcePolicy: BucketPolicy($$"""{"AWS": "{{UserArn}}"}"""), callerArn: UserArn);
        Assert.Equal(EvalDecision.Allowed, decision.Decision);
        Assert.False(decision.AllowedByPermissionsBoundary);
    }

    [Fact]
    public void Evaluate_ResourcePolicyForRole_LimitedByBoundary()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html (Resource-based policies: a policy naming an IAM role ARN is limited by an implicit deny in the boundary)
        var resourcePolicy = BucketPolicy($$"""{"AWS": "{{RoleArn}}"}""");
        Assert.Equal(EvalDecision.ImplicitDeny,
            Decide([AllowListCommands], "s3:ListBucket", BucketArn, boundary: AllowListCommands, resourcePolicy: resourcePolicy, callerArn: RoleArn).Decision);
        Assert.Equal(EvalDecision.Allowed,
            Decide([AllowListCommands], "s3:ListBucket", BucketArn, boundary: Statement("Allow", "s3:*", "*"), resourcePolicy: resourcePolicy, callerArn: RoleArn).Decision);
    }

    [Fact]
    public void Evaluate_DenyWithNotPrincipal_DeniesEveryoneButTheNamedPrincipal()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html (NotPrincipal with Deny: every principal except the ones named is denied)
        var resourcePolicy = BucketPolicy($$"""{"AWS": "{{UserArn}}"}""", effect: "Deny", principalElement: "NotPrincipal");
        var allowList = Statement("Allow", "s3:ListBucket", "*");
        Assert.Equal(EvalDecision.Allowed, Decide([allowList], "s3:ListBucket", BucketArn, resourcePolicy: resourcePolicy, callerArn: UserArn).Decision);
        Assert.Equal(EvalDecision.ExplicitDeny,
            Decide([allowList], "s3:ListBucket", BucketArn, resourcePolicy: resourcePolicy, callerArn: "arn:aws:iam::123456789012:user/bob").Decision);
    }

    [Fact]
    public void Evaluate_ResourcePolicyWithWildcardPrincipal_AppliesToAnyCaller()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html (Principal "*" means all principals)
        Assert.Equal(EvalDecision.Allowed,
            Decide([AllowListCommands], "s3:ListBucket", BucketArn, resourcePolicy: BucketPolicy("\"*\""), callerArn: UserArn).Decision);
    }

    // --- Organizations (service control policies) and cross-account details ---

    private static ResourceDecision WithLevels(params string[][] levels) =>
        PolicyEvaluator.Evaluate(
            new PolicySet([Parse(AllowSendCommand)], OrganizationLevels: [.. levels.Select(level => level.Select(p => Parse(p)).ToImmutableArray())]),
            new AuthorizationRequest(SendCommandAction, InstanceArn, RequestContext.Empty));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Evaluate_EveryLevelOfTheOrganizationAllows_IsAllowed(int levels)
    {
        // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html (an action must be allowed
        // at every level, from the root down to the account); recorded with two levels: simulate-custom-policy-2.jsonl simulation.json:organizations_allow
        var decision = WithLevels([.. Enumerable.Repeat(new[] { Statement("Allow", "*", "*") }, levels)]);
        Assert.Equal(EvalDecision.Allowed, decision.Decision);
        Assert.True(decision.AllowedByOrganizations);
    }

    [Fact]
    public void Evaluate_OneLevelOfThreeAllowsNothing_IsImplicitDeny()
    {
        // The same page (every level must allow); recorded with two levels: simulation.json:organizations_implicit
        var decision = WithLevels([Statement("Allow", "*", "*")], [AllowListCommands], [Statement("Allow", "*", "*")]);
        Assert.Equal(EvalDecision.ImplicitDeny, decision.Decision);
        Assert.False(decision.AllowedByOrganizations);
    }

    [Fact]
    public void Evaluate_TwoLevelsEachDeny_IsExplicitDeny()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (an explicit deny in any policy,
        // a service control policy included, overrides every allow); recorded with one denying level: simulation.json:organizations_union_within_level
        var decision = WithLevels([DenySendCommand, Statement("Allow", "*", "*")], [DenySendCommand, Statement("Allow", "*", "*")]);
        Assert.Equal(EvalDecision.ExplicitDeny, decision.Decision);
        Assert.Empty(decision.MatchedStatements);
    }

    [Fact]
    public void Evaluate_CrossAccountResourcePolicyDenies_ItsDetailIsExplicitDeny()
    {
        // EvalDecisionDetails name each kind of policy's own verdict (recorded: simulate-custom-policy-2.jsonl
        // simulation.json:composition_cross_boundary_implicit); a kind with an applicable Deny is explicitly denied
        // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
        var set = new PolicySet([Parse(Statement("Allow", "s3:ListBucket", "*"))], ResourcePolicy: Parse(BucketPolicy($$"""{"AWS": "{{UserArn}}"}""", "Deny"), PolicyKind.Resource));
        var decision = PolicyEvaluator.Evaluate(set, new AuthorizationRequest("s3:ListBucket", BucketArn, RequestContext.Empty, UserArn, CrossAccount: true));
        Assert.Equal(EvalDecision.ExplicitDeny, decision.Decision);
        Assert.Equal(
            [KeyValuePair.Create("Resource Policy", EvalDecision.ExplicitDeny), KeyValuePair.Create("IAM Policy", EvalDecision.Allowed)],
            decision.PolicyTypeDecisions!.Value.ToArray());
    }
}
