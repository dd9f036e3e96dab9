using Conformance.Model.Conditions;

namespace Conformance.Offline.Tests.Conditions;

/// <summary>Which operator names a policy may use: qualifier, base operator and IfExists suffix.</summary>
public sealed class ConditionOperatorNameTests
{
    [Fact]
    public void TryParse_NullIfExists_IsNotAnOperator()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists (IfExists may end any condition operator name except the Null condition)
        Assert.Null(ConditionOperator.TryParse("NullIfExists"));
        Assert.Equal(new ConditionOperator(SetQualifier.None, BaseOperator.Null, false), ConditionOperator.TryParse("Null"));
    }

    [Theory]
    [InlineData("ForAllValues:Null")]
    [InlineData("ForAnyValue:Null")]
    [InlineData("ForAllValues:NullIfExists")]
    public void TryParse_NullWithASetQualifier_IsNotAnOperator(string name)
    {
        // Open question (tests/Probes/null-set-qualifier.json): the operators page documents Null without a set qualifier and
        // neither allows nor refuses one; the model refuses it, and the probe asks IAM.
        Assert.Null(ConditionOperator.TryParse(name));
    }

    [Theory]
    [InlineData("ForAllValues:StringLikeIfExists", SetQualifier.ForAllValues, BaseOperator.StringLike, true)]
    [InlineData("ForAnyValue:ArnNotLike", SetQualifier.ForAnyValue, BaseOperator.ArnNotLike, false)]
    [InlineData("NotIpAddressIfExists", SetQualifier.None, BaseOperator.NotIpAddress, true)]
    public void TryParse_QualifierBaseAndSuffix_AreReadApart(string name, SetQualifier qualifier, BaseOperator op, bool ifExists)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html (ForAllValues:/ForAnyValue: prefixes) and the operators page, IfExists (suffix on any operator but Null)
        var parsed = ConditionOperator.TryParse(name);
        Assert.Equal(new ConditionOperator(qualifier, op, ifExists), parsed);
        Assert.Equal(name, parsed!.Name);
    }

    [Theory]
    [InlineData("StringEqualsIfExists", false)]
    [InlineData("StringNotEquals", true)]
    [InlineData("StringNotEqualsIgnoreCase", true)]
    [InlineData("StringNotLike", true)]
    [InlineData("NumericNotEquals", true)]
    [InlineData("DateNotEquals", true)]
    [InlineData("NotIpAddress", true)]
    [InlineData("ArnNotEquals", true)]
    [InlineData("ArnNotLike", true)]
    [InlineData("ArnLike", false)]
    [InlineData("Bool", false)]
    [InlineData("BinaryEquals", false)]
    [InlineData("Null", false)]
    public void IsNegated_EveryNotOperator_AndNoOther(string name, bool negated)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html (negated matching operators: StringNotEquals, StringNotLike, ArnNotLike, NotIpAddress ...) and /work/shared/reference/iam-facts.md §d rule 1
        Assert.Equal(negated, ConditionOperator.TryParse(name)!.IsNegated);
    }
}
