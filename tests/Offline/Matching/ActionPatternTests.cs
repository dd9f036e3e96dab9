using Conformance.Model.Evaluation;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Matching;

public sealed class ActionPatternTests
{
    [Theory]
    [InlineData("ssm:SendCommand")]
    [InlineData("SSM:sendcommand")]
    [InlineData("ssm:Sendcommand")]
    public void Action_DifferentCase_Matches(string action)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html (prefixes and action names are case insensitive)
        Assert.Equal(EvalDecision.Allowed, Decide([Statement("Allow", action, "*")], SendCommandAction, InstanceArn).Decision);
    }

    [Theory]
    [InlineData("*", true)]
    [InlineData("ssm:*", true)]
    [InlineData("ssm:Send*", true)]
    [InlineData("ssm:*Command", true)]
    [InlineData("ssm:*Command*", true)]
    [InlineData("ssm:List*", false)]
    [InlineData("ec2:*", false)]
    public void Action_Wildcards_MatchAsDocumented(string pattern, bool allowed)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html (wildcard * for all actions, all actions of a service, or part of an action name)
        Assert.Equal(allowed ? EvalDecision.Allowed : EvalDecision.ImplicitDeny, Decide([Statement("Allow", pattern, "*")], SendCommandAction, InstanceArn).Decision);
    }

    [Fact]
    public void NotActionAllow_ListedAction_IsNotAllowed()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html (NotAction with Allow: everything except the listed actions)
        var policy = """{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "NotAction": "SSM:sendCOMMAND", "Resource": "*"}}""";
        Assert.Equal(EvalDecision.ImplicitDeny, Decide([policy], SendCommandAction, InstanceArn).Decision);
        Assert.Equal(EvalDecision.Allowed, Decide([policy], "ssm:ListCommands", "*").Decision);
    }

    [Fact]
    public void NotActionAllow_ActionOfAnotherService_IsAllowed()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html (NotAction with Allow also allows actions in services that are not listed)
        var policy = """{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "NotAction": "ssm:*", "Resource": "*"}}""";
        Assert.Equal(EvalDecision.Allowed, Decide([policy], "s3:GetObject", "*").Decision);
        Assert.Equal(EvalDecision.ImplicitDeny, Decide([policy], SendCommandAction, InstanceArn).Decision);
    }

    [Fact]
    public void NotActionDeny_DeniesEveryOtherActionAndGrantsNothing()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html (NotAction with Deny denies all actions not listed; it does not grant the listed ones)
        var allowAll = Statement("Allow", "*", "*");
        var deny = """{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "NotAction": "ssm:SendCommand", "Resource": "*"}}""";
        Assert.Equal(EvalDecision.ExplicitDeny, Decide([allowAll, deny], "ssm:ListCommands", "*").Decision);
        Assert.Equal(EvalDecision.Allowed, Decide([allowAll, deny], SendCommandAction, InstanceArn).Decision);
        Assert.Equal(EvalDecision.ImplicitDeny, Decide([deny], SendCommandAction, InstanceArn).Decision);
    }
}
