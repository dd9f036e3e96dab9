using System.Collections.Immutable;
using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Offline.Tests.Conditions;

/// <summary>
/// Shortcuts in condition evaluation against their definitions: the ASCII path of case-insensitive equality
/// against the recorded folding, and values compiled once per condition against a changed condition.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
/// </summary>
public sealed class ConditionShortcutTests
{
    public sealed record CaseText(string Value)
    {
        public override string ToString() => $"\"{Value}\"";
    }

    [Fact]
    public void EqualsIgnoreCase_Is_Equality_Of_Folded_Text()
    {
        // ASCII letters with the characters whose folding is special: Kelvin sign, dotted capital I, sigmas, long s.
        var texts = Gen.Choose(0, 4)
            .SelectMany(n => Gen.ArrayOf(Gen.Elements('a', 'A', 'k', 'K', 's', 'S', 'i', 'I', '\u212A', '\u0130', '\u03A3', '\u03C3', '\u03C2', '\u017F'), n))
            .Select(chars => new CaseText(new string(chars)))
            .ToArbitrary();
        Prop.ForAll(texts, texts, (a, b) =>
                StringCondition.EqualsIgnoreCase(a.Value, b.Value) ==
                string.Equals(StringCondition.FoldCase(a.Value), StringCondition.FoldCase(b.Value), StringComparison.Ordinal))
            .QuickCheckThrowOnFailure();
    }

    private static Condition StringLike(string value) =>
        new(ConditionOperator.TryParse("StringLike")!, "ssm:resourceTag/Finance", [PolicyTemplate.Literal(value)], "$.Statement.Condition");

    private static RequestContext Tagged(string value) =>
        new([new ContextValue("ssm:resourceTag/Finance", ContextKeyType.String, [value])]);

    [Fact]
    public void Evaluate_ConditionCopiedWithOtherValues_UsesTheNewValues()
    {
        var webServers = StringLike("Web*");
        Assert.True(ConditionEvaluator.Evaluate(webServers, Tagged("WebServers")));

        var databases = webServers with { Values = [PolicyTemplate.Literal("Data*")] };
        Assert.False(ConditionEvaluator.Evaluate(databases, Tagged("WebServers")));
        Assert.True(ConditionEvaluator.Evaluate(databases, Tagged("Databases")));
        Assert.True(ConditionEvaluator.Evaluate(webServers, Tagged("WebServers")));
    }

    [Fact]
    public void Equals_ConditionEvaluatedOrNot_IsEqual()
    {
        var condition = StringLike("Web*");
        var copy = condition with { };
        ConditionEvaluator.Evaluate(condition, Tagged("WebServers"));
        Assert.Equal(condition, copy);
        Assert.Equal(condition.GetHashCode(), copy.GetHashCode());
    }

    [Fact]
    public void Equals_AnyOfTheFourParametersDiffers_IsNotEqual()
    {
        // The record's value is its four parameters (Condition.cs); the cache of compiled values takes no part.
        var condition = StringLike("Web*");
        Assert.NotEqual(condition, condition with { Operator = ConditionOperator.TryParse("StringNotLike")! });
        Assert.NotEqual(condition, condition with { ContextKeyName = "ssm:resourceTag/Owner" });
        Assert.NotEqual(condition, condition with { Values = [PolicyTemplate.Literal("Web*")] });
        Assert.NotEqual(condition, condition with { JsonPath = "$.Statement[1].Condition" });
        Assert.False(condition.Equals(null));
        Assert.Equal("StringLike ssm:resourceTag/Finance [Web*]", condition.ToString());
        Assert.Equal("StringLike ssm:resourceTag/Finance [Web*, Db*]",
            (condition with { Values = [PolicyTemplate.Literal("Web*"), PolicyTemplate.Literal("Db*")] }).ToString());
    }

    [Fact]
    public void Evaluate_ValueWithVariable_IsResolvedForEachRequest()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
        var owner = new Condition(ConditionOperator.TryParse("StringEquals")!, "ssm:resourceTag/Owner",
            [PolicyTemplate.Parse("${aws:username}", substituteVariables: true)], "$.Statement.Condition");
        RequestContext Context(string user) => new([
            new ContextValue("ssm:resourceTag/Owner", ContextKeyType.String, ["alice"]),
            new ContextValue("aws:username", ContextKeyType.String, [user]),
        ]);
        Assert.True(ConditionEvaluator.Evaluate(owner, Context("alice")));
        Assert.False(ConditionEvaluator.Evaluate(owner, Context("bob")));
        Assert.True(ConditionEvaluator.Evaluate(owner, Context("alice")));
    }

    [Fact]
    public void PolicyValue_CompiledOnceOrResolvedEachTime_IsTheSameValue()
    {
        // The law of PolicyValue's cache: a value compiled once equals (with the same hash) the value resolved without it, and
        // matches as it; only Text, LiteralMask and Resolved make a value.
        var compiled = new PrecompiledValue(PolicyTemplate.Literal("Web*")).Value;
        var resolved = new PolicyValue(compiled.Text, compiled.LiteralMask, Resolved: true);
        Assert.Equal(resolved, compiled);
        Assert.Equal(resolved.GetHashCode(), compiled.GetHashCode());
        Assert.NotEqual(resolved, resolved with { Resolved = false });
        Assert.NotEqual(resolved, resolved with { Text = "Web" });
        Assert.NotEqual(resolved, resolved with { LiteralMask = [false, false, false, false] });
        Assert.Equal(resolved.AsWildcardPattern().Matches("WebServers"), compiled.AsWildcardPattern().Matches("WebServers"));
        Assert.True(compiled.AsWildcardPattern().Matches("WebServers"));
        Assert.False(compiled.AsWildcardPattern().Matches("Database"));
    }
}
