using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using Conformance.Model.Simulation;
using Conformance.Offline.Tests.Recorded;

namespace Conformance.Offline.Tests.Evaluation;

public sealed class ExplanationTests
{
    private static PolicyDocument Policy(string text) => PolicyParser.Parse(text).GetValueOrThrow("test policy");

    private static Condition OnlyCondition(string conditionJson) =>
        Policy($$$"""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{{{conditionJson}}}}}""")
            .Statements.Single().Conditions.Single();

    private static RequestContext Context(params ContextValue[] values) => new(values);

    [Fact]
    public void Explain_EveryRecordedRequest_AgreesWithTheModelsDecisionAndStatements()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (the decision the explanation restates)
        var explained = 0;
        foreach (var answer in RecordedAnswers.Load())
        {
            // Explanations cover every action; the simulation is asked for all of them on one page too.
            var request = answer.Request with { MaxItems = null, Marker = null };
            var (error, explanations, _) = SimulationExplainer.Explain(request);
            var simulated = ModelSimulator.Simulate(request);
            Assert.Equal(simulated.IsError, error is not null);
            if (error is not null)
            {
                continue;
            }
            var decisions = Conformance.Model.Fixtures.FixtureComparer.PerResource(simulated.Result!).Select(r => (r.Action, r.Resource, r.Decision)).ToArray();
            Assert.Equal(decisions, explanations.Select(e => (e.Request.Action, e.Request.Resource, e.Decision.Decision)).ToArray());
            foreach (var e in explanations)
            {
                Assert.Equal(e.Decision.MatchedStatements.Length, e.DecidingStatements.Count());
                Assert.All(e.DecidingStatements, s => Assert.Equal(StatementOutcome.Applied, s.Outcome));
                Assert.All(e.ConditionFailures, s => Assert.Contains(s.Conditions, c => !c.IsTrue));
                Assert.All(e.Statements.Where(s => s.Outcome == StatementOutcome.Applied), s => Assert.All(s.Conditions, c => Assert.True(c.IsTrue)));
                Assert.All(e.Statements, s => Assert.True(s.StatementText.StartsWith('{') && s.StatementText.EndsWith('}'), s.StatementText));
                explained++;
            }
        }
        Assert.True(explained > 184, $"only {explained} action/resource pairs were explained");
    }

    [Fact]
    public void ExplainCondition_ForAllValuesWithValueOutsideTheSet_IsFalseAndNamesTheValue()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html (ForAllValues)
        var condition = OnlyCondition("""{"ForAllValues:StringEquals":{"aws:TagKeys":["Finance","Owner"]}}""");
        var result = Explainer.ExplainCondition(condition, Context(new ContextValue("aws:TagKeys", ContextKeyType.StringList, ["Finance", "Cost"])));

        Assert.False(result.IsTrue);
        Assert.Equal([new RequestValueResult("Finance", true), new RequestValueResult("Cost", false)], result.ValueResults.AsEnumerable());
        Assert.Contains("\"Cost\" does not", result.Reason);
    }

    [Fact]
    public void ExplainCondition_ForAllValuesAbsentKey_IsTrueBecauseTheSetIsEmpty()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html (ForAllValues "also returns true if there are no context keys")
        var condition = OnlyCondition("""{"ForAllValues:StringEquals":{"aws:TagKeys":["Finance"]}}""");
        var result = Explainer.ExplainCondition(condition, RequestContext.Empty);

        Assert.True(result.IsTrue);
        Assert.Null(result.RequestValue);
        Assert.Contains("ForAllValues holds for an empty set", result.Reason);
    }

    [Fact]
    public void ExplainCondition_ForAnyValueAbsentKey_IsFalseAndReportsTheKeyMissing()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html (ForAnyValue)
        var condition = OnlyCondition("""{"ForAnyValue:StringEquals":{"aws:TagKeys":["Finance"]}}""");
        var result = Explainer.ExplainCondition(condition, RequestContext.Empty);

        Assert.False(result.IsTrue);
        Assert.Equal(["aws:TagKeys"], result.MissingContextValues.AsEnumerable());
        Assert.Contains("ForAnyValue needs at least one value", result.Reason);
    }

    [Fact]
    public void ExplainCondition_IfExistsAbsentKey_IsTrueAndSaysWhy()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
        var condition = OnlyCondition("""{"StringEqualsIfExists":{"ssm:resourceTag/Finance":"WebServers"}}""");
        var result = Explainer.ExplainCondition(condition, RequestContext.Empty);

        Assert.True(result.IsTrue);
        // The key was read and not supplied; an implicit deny lists it (recorded: simulate-custom-policy-2.jsonl
        // simulation.json:missing_failing_present_operator_StringEqualsIfExists).
        Assert.Equal(["ssm:resourceTag/Finance"], result.MissingContextValues.AsEnumerable());
        Assert.Contains("IfExists accepts a missing key", result.Reason);
    }

    [Fact]
    public void ExplainCondition_IfExistsPresentKey_ComparesLikeTheOperatorWithoutIfExists()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
        var condition = OnlyCondition("""{"StringEqualsIfExists":{"ssm:resourceTag/Finance":"WebServers"}}""");
        var result = Explainer.ExplainCondition(condition, Context(new ContextValue("ssm:resourceTag/Finance", ContextKeyType.String, ["Payroll"])));

        Assert.False(result.IsTrue);
        Assert.Contains("compares like StringEquals", result.Reason);
    }

    [Fact]
    public void ExplainCondition_NegatedOperatorMatchingValue_IsFalseAndNamesThePolicyValue()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String (StringNotEquals)
        var condition = OnlyCondition("""{"StringNotEquals":{"ssm:resourceTag/Env":["prod","staging"]}}""");
        var result = Explainer.ExplainCondition(condition, Context(new ContextValue("ssm:resourceTag/Env", ContextKeyType.String, ["staging"])));

        Assert.False(result.IsTrue);
        Assert.Contains("matches the policy value \"staging\", which StringNotEquals forbids", result.Reason);
    }

    [Fact]
    public void ExplainCondition_PolicyVariableWithoutValue_IsUnresolved()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html ("Policy variables with no value")
        var condition = OnlyCondition("""{"StringEquals":{"ssm:resourceTag/Owner":"${aws:username}"}}""");
        var result = Explainer.ExplainCondition(condition, Context(new ContextValue("ssm:resourceTag/Owner", ContextKeyType.String, ["alice"])));

        Assert.False(result.IsTrue);
        Assert.Equal([new PolicyValueExplanation("${aws:username}", null, false)], result.PolicyValues.AsEnumerable());
        Assert.Contains("aws:username", result.MissingContextValues.AsEnumerable());
    }

    [Fact]
    public void Explain_DenyAndAllowBothApply_DenyDecidesAndAllowIsOverridden()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html ("An explicit deny in any policy overrides any allows")
        var policy = Policy("""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Allow","Effect":"Allow","Action":"ssm:SendCommand","Resource":"*"},
              {"Sid":"Deny","Effect":"Deny","Action":"ssm:*","Resource":"*"}]}
            """);
        var explanation = Explainer.Explain(PolicySet.FromIdentityPolicies(policy),
            new AuthorizationRequest("ssm:SendCommand", "*", RequestContext.Empty));

        Assert.Equal(EvalDecision.ExplicitDeny, explanation.Decision.Decision);
        Assert.Equal(["Deny"], explanation.DecidingStatements.Select(s => s.Statement.Sid));
        Assert.Equal(["Allow"], explanation.AppliedButNotDeciding.Select(s => s.Statement.Sid));
        Assert.Equal("{\"Sid\":\"Deny\",\"Effect\":\"Deny\",\"Action\":\"ssm:*\",\"Resource\":\"*\"}", explanation.DecidingStatements.Single().StatementText);
    }
}
