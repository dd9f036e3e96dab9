using Conformance.Model.Evaluation;
using Conformance.Model.Policies;

namespace Conformance.Offline.Tests.Evaluation;

/// <summary>
/// The evaluator reuses one workspace per thread for the statements that apply and the missing keys. A decision
/// must not depend on the decisions made before it, on this thread or on others.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
/// </summary>
public sealed class PolicyEvaluatorWorkspaceTests
{
    private static readonly PolicySet Policies = PolicySet.FromIdentityPolicies(PolicyParser.Parse("""
        {
          "Version": "2012-10-17",
          "Statement": [
            { "Effect": "Allow", "Action": "ssm:SendCommand", "Resource": "arn:aws:ssm:*:*:document/*" },
            {
              "Effect": "Allow", "Action": "ssm:SendCommand", "Resource": "arn:aws:ec2:*:*:instance/*",
              "Condition": { "StringLike": { "ssm:resourceTag/Finance": "WebServers" } }
            },
            {
              "Effect": "Deny", "Action": "ssm:SendCommand", "Resource": "arn:aws:ec2:*:*:instance/*",
              "Condition": { "StringEquals": { "aws:ResourceTag/Environment": "Production" } }
            }
          ]
        }
        """).GetValueOrThrow("test policy"));

    private static AuthorizationRequest Node(params (string Key, string Value)[] tags) => new(
        "ssm:SendCommand", "arn:aws:ec2:us-east-2:111122223333:instance/i-0123456789abcdef0",
        new RequestContext(tags.Select(t => new ContextValue(t.Key, ContextKeyType.String, [t.Value]))));

    private static readonly AuthorizationRequest[] Requests =
    [
        Node(),
        Node(("ssm:resourceTag/Finance", "WebServers")),
        Node(("ssm:resourceTag/Finance", "WebServers"), ("aws:ResourceTag/Environment", "Production")),
        new("ssm:SendCommand", "arn:aws:ssm:us-east-2::document/AWS-RunShellScript", RequestContext.Empty),
    ];

    private static string Describe(ResourceDecision decision) =>
        $"{decision.Decision} [{string.Join(" ", decision.MatchedStatements.Select(m => m.Statement.Index))}] " +
        $"[{string.Join(" ", decision.MissingContextValues)}]";

    [Fact]
    public void Evaluate_SameRequestAfterOthers_GivesTheSameAnswer()
    {
        var first = Requests.Select(r => Describe(PolicyEvaluator.Evaluate(Policies, r))).ToList();
        var again = Requests.Reverse().Select(r => Describe(PolicyEvaluator.Evaluate(Policies, r))).Reverse().ToList();
        Assert.Equal(first, again);
        Assert.Equal("ImplicitDeny [] [aws:ResourceTag/Environment ssm:resourceTag/Finance]", first[0]);
        Assert.Equal("Allowed [1] []", first[1]);
        Assert.Equal("ExplicitDeny [2] []", first[2]);
    }

    [Fact]
    public void Evaluate_OnManyThreads_GivesTheAnswersOfOneThread()
    {
        var expected = Requests.Select(r => Describe(PolicyEvaluator.Evaluate(Policies, r))).ToArray();
        var answers = new string[4000];
        Parallel.For(0, answers.Length, i => answers[i] = Describe(PolicyEvaluator.Evaluate(Policies, Requests[i % Requests.Length])));
        Assert.All(Enumerable.Range(0, answers.Length), i => Assert.Equal(expected[i % Requests.Length], answers[i]));
    }
}
