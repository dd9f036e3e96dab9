using Conformance.Model.Evaluation;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Conditions;

/// <summary>Rules shared by every operator: absent keys, IfExists, Null, set qualifiers, AND/OR/NOR.</summary>
public sealed class ConditionEvaluatorTests
{
    private const string Tag = "ssm:resourceTag/Finance";
    private const string TagKeys = "aws:TagKeys";

    // --- Absent keys ---

    [Theory]
    [InlineData("StringEquals")]
    [InlineData("StringLike")]
    [InlineData("StringEqualsIgnoreCase")]
    public void PositiveOperator_AbsentKey_DoesNotHold(string op)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html (Important box: a key absent from the request context does not match and the condition is false)
        Assert.False(ConditionHolds($$$"""{"{{{op}}}": {"ssm:resourceTag/Finance": "WebServers"}}"""));
    }

    [Theory]
    [InlineData("StringNotLike", "WebServers")]
    [InlineData("ArnNotLike", "arn:aws:ssm:*:*:document/*")]
    [InlineData("StringNotEquals", "WebServers")]
    public void NegatedOperator_AbsentKey_Holds(string op, string value)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html (Important box: a negated operator such as StringNotLike or ArnNotLike is true when the key is not present)
        Assert.True(ConditionHolds($$$"""{"{{{op}}}": {"ssm:resourceTag/Finance": "{{{value}}}"}}"""));
    }

    // --- IfExists ---

    [Fact]
    public void IfExists_AbsentKey_Holds()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists (if the key is not present, the condition evaluates to true)
        Assert.True(ConditionHolds("""{"StringEqualsIfExists": {"ssm:resourceTag/Finance": "WebServers"}}"""));
    }

    [Fact]
    public void IfExists_PresentKey_BehavesAsTheBaseOperator()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists (if the key is present, the condition is evaluated as the operator specifies)
        const string block = """{"StringEqualsIfExists": {"ssm:resourceTag/Finance": "WebServers"}}""";
        Assert.True(ConditionHolds(block, Key(Tag, "WebServers")));
        Assert.False(ConditionHolds(block, Key(Tag, "Database")));
    }

    [Fact]
    public void IfExists_NegatedOperatorInDenyWithAbsentKey_StillDenies()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists (IfExists makes a missing key true, so a Deny with StringNotEqualsIfExists applies)
        var allow = Statement("Allow", "ssm:SendCommand", "*");
        var deny = WithCondition("""{"StringNotEqualsIfExists": {"ssm:resourceTag/Finance": "WebServers"}}""", effect: "Deny");
        Assert.Equal(EvalDecision.ExplicitDeny, Decide([allow, deny], SendCommandAction, InstanceArn).Decision);
    }

    // --- Null ---

    [Fact]
    public void NullTrue_AbsentKey_Holds()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null (true: the key does not exist, it is null)
        Assert.True(ConditionHolds("""{"Null": {"ssm:resourceTag/Finance": "true"}}"""));
        Assert.False(ConditionHolds("""{"Null": {"ssm:resourceTag/Finance": "true"}}""", Key(Tag, "WebServers")));
    }

    [Fact]
    public void NullFalse_PresentKey_Holds()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null (false: the key exists and its value is not null)
        Assert.True(ConditionHolds("""{"Null": {"ssm:resourceTag/Finance": "false"}}""", Key(Tag, "WebServers")));
        Assert.False(ConditionHolds("""{"Null": {"ssm:resourceTag/Finance": "false"}}"""));
    }

    [Fact]
    public void Null_EmptyStringValue_CountsAsPresent()
    {
        // Recorded AWS answers (tests/Recorded, simulation_defaults.json empty_string_null_true / empty_string_null_false) win over https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html ("The request context": empty values may surface as null)
        Assert.False(ConditionHolds("""{"Null": {"ssm:resourceTag/Finance": "true"}}""", Key(Tag, "")));
        Assert.True(ConditionHolds("""{"Null": {"ssm:resourceTag/Finance": "false"}}""", Key(Tag, "")));
    }

    // --- Set qualifiers ---

    [Fact]
    public void ForAllValues_AbsentKey_IsVacuouslyTrue()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html (the ForAllValues set operator also returns true if there are no context keys in the request)
        Assert.True(ConditionHolds("""{"ForAllValues:StringEquals": {"aws:TagKeys": ["Finance", "Team"]}}"""));
    }

    [Fact]
    public void ForAllValues_EmptySet_IsVacuouslyTrue()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html (missing context keys or keys with empty values evaluate to true unless a Null check is added)
        Assert.True(ConditionHolds("""{"ForAllValues:StringEquals": {"aws:TagKeys": ["Finance", "Team"]}}""", Key(TagKeys, ContextKeyType.StringList)));
    }

    [Fact]
    public void ForAllValues_EveryRequestValueMatchesSomePolicyValue_Holds()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html (ForAllValues: every value in the request must match at least one value in the policy)
        const string block = """{"ForAllValues:StringEquals": {"aws:TagKeys": ["Finance", "Team"]}}""";
        Assert.True(ConditionHolds(block, Key(TagKeys, ContextKeyType.StringList, "Finance")));
        Assert.True(ConditionHolds(block, Key(TagKeys, ContextKeyType.StringList, "Team", "Finance")));
        Assert.False(ConditionHolds(block, Key(TagKeys, ContextKeyType.StringList, "Finance", "Owner")));
    }

    [Theory]
    [InlineData(new[] { "key1:legal" }, false)]
    [InlineData(new[] { "key1:hr", "key1:personnel" }, false)]
    [InlineData(new[] { "key2:audit" }, true)]
    public void ForAllValuesStringNotLike_DocumentedTable_Matches(string[] tagKeys, bool match)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html (Example: Deny a single policy condition value for a multivalued context key, table)
        Assert.Equal(match, ConditionHolds("""{"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}}""", Key(TagKeys, ContextKeyType.StringList, tagKeys)));
    }

    [Fact]
    public void ForAllValuesStringNotLike_DocumentedTableWithoutTagKeys_Matches()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html (Example: Deny a single policy condition value for a multivalued context key, row "No aws:TagKeys in the request context")
        Assert.True(ConditionHolds("""{"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}}"""));
    }

    [Fact]
    public void ForAnyValue_AbsentKey_DoesNotHold()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html (ForAnyValue: at least one request value must match; a missing key returns false)
        Assert.False(ConditionHolds("""{"ForAnyValue:StringEquals": {"aws:TagKeys": ["Finance", "Team"]}}"""));
    }

    [Fact]
    public void ForAnyValue_OneRequestValueMatches_Holds()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html (ForAnyValue: at least one value in the request must match at least one value in the policy)
        const string block = """{"ForAnyValue:StringEquals": {"aws:TagKeys": ["Finance", "Team"]}}""";
        Assert.True(ConditionHolds(block, Key(TagKeys, ContextKeyType.StringList, "Owner", "Team")));
        Assert.False(ConditionHolds(block, Key(TagKeys, ContextKeyType.StringList, "Owner", "Project")));
    }

    // --- Several operators, keys and values ---

    [Fact]
    public void SeveralOperators_AllMustHold()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html (several condition operators or keys: evaluated with a logical AND)
        const string block = """{"StringEquals": {"ssm:resourceTag/Finance": "WebServers"}, "Bool": {"aws:ViaAWSService": "false"}}""";
        var via = Key("aws:ViaAWSService", ContextKeyType.Boolean, "false");
        Assert.True(ConditionHolds(block, Key(Tag, "WebServers"), via));
        Assert.False(ConditionHolds(block, Key(Tag, "Database"), via));
        Assert.False(ConditionHolds(block, Key(Tag, "WebServers"), Key("aws:ViaAWSService", ContextKeyType.Boolean, "true")));
    }

    [Fact]
    public void SeveralKeysUnderOneOperator_AllMustHold()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html (several keys in one operator block: logical AND)
        const string block = """{"StringLike": {"ssm:resourceTag/Finance": "WebServers", "ssm:resourceTag/Stack": "Production"}}""";
        Assert.True(ConditionHolds(block, Key(Tag, "WebServers"), Key("ssm:resourceTag/Stack", "Production")));
        Assert.False(ConditionHolds(block, Key(Tag, "WebServers")));
    }

    [Fact]
    public void SeveralValuesForOneKey_AnyMayMatch()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html (several values for one key: logical OR)
        const string block = """{"StringEquals": {"ssm:resourceTag/Finance": ["WebServers", "Database"]}}""";
        Assert.True(ConditionHolds(block, Key(Tag, "Database")));
        Assert.False(ConditionHolds(block, Key(Tag, "Cache")));
    }

    [Fact]
    public void SeveralValuesUnderNegatedOperator_NoneMayMatch()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html (negated matching with several values: logical NOR)
        const string block = """{"StringNotEquals": {"ssm:resourceTag/Finance": ["WebServers", "Database"]}}""";
        Assert.False(ConditionHolds(block, Key(Tag, "WebServers")));
        Assert.False(ConditionHolds(block, Key(Tag, "Database")));
        Assert.True(ConditionHolds(block, Key(Tag, "Cache")));
    }
}
