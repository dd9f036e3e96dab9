using Conformance.Model.Evaluation;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Conditions;

public sealed class BoolConditionTests
{
    private const string ViaAwsService = "aws:ViaAWSService";

    [Theory]
    [InlineData("true", "true", true)]
    [InlineData("true", "false", false)]
    [InlineData("false", "false", true)]
    [InlineData("false", "true", false)]
    public void Bool_ComparesTrueOrFalse(string policyValue, string requestValue, bool expected)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean (Bool: Boolean matching)
        Assert.Equal(expected, ConditionHolds($$$"""{"Bool": {"aws:ViaAWSService": "{{{policyValue}}}"}}""", Key(ViaAwsService, ContextKeyType.Boolean, requestValue)));
    }

    [Fact]
    public void Bool_PolicyValueAsJsonBoolean_MatchesTrue()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (The policy language and JSON: quotation marks are optional for Boolean values)
        Assert.True(ConditionHolds("""{"Bool": {"aws:ViaAWSService": true}}""", Key(ViaAwsService, ContextKeyType.Boolean, "true")));
    }

    [Fact]
    public void Bool_AbsentKey_DoesNotHold()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html (Important box: a key absent from the request context does not match and the condition is false)
        Assert.False(ConditionHolds("""{"Bool": {"aws:ViaAWSService": "false"}}"""));
    }
}
