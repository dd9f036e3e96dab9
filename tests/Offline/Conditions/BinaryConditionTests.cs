using Conformance.Model.Evaluation;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Conditions;

public sealed class BinaryConditionTests
{
    [Fact]
    public void BinaryEquals_SameBase64Bytes_Holds()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals (compares key values in binary format, base-64 encoded in the policy)
        Assert.True(ConditionHolds("""{"BinaryEquals": {"key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}""", Key("key", ContextKeyType.Binary, "QmluYXJ5VmFsdWVJbkJhc2U2NA==")));
    }

    [Fact]
    public void BinaryEquals_DifferentBytes_DoesNotHold()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals (compares key values byte for byte)
        Assert.False(ConditionHolds("""{"BinaryEquals": {"key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}""", Key("key", ContextKeyType.Binary, "QmluYXJ5VmFsdWVJbkJhc2U2NQ==")));
    }

    [Fact]
    public void BinaryEquals_StringTypedKeyWithTheSameBase64_Holds()
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl simulation_inputs.json:input_type_match_binary_string (a string-typed YQ== matches BinaryEquals YQ==)
        Assert.True(ConditionHolds("""{"BinaryEquals": {"stack:key": "YQ=="}}""", Key("stack:key", "YQ==")));
    }

    [Theory]
    [InlineData("eWVz")] // simulation_inputs.json:input_context_binary_0 (accepted as a binary value)
    [InlineData("YQ==")] // simulation_inputs.json:input_context_binary_3
    public void BinaryEquals_BinaryValueIamAccepts_HoldsAgainstItsOwnText(string value)
    {
        // tests/Recorded/simulate-custom-policy-2.jsonl simulation_inputs.json:input_context_binary_N as noted (accepted) and the operators page, BinaryEquals (byte for byte)
        Assert.True(ConditionHolds($$$"""{"BinaryEquals": {"key": "{{{value}}}"}}""", Key("key", ContextKeyType.Binary, value)));
    }

    [Fact]
    public void BinaryEquals_AnyOfSeveralPolicyValues_Holds()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html (several values for one key are evaluated with a logical OR)
        Assert.True(ConditionHolds("""{"BinaryEquals": {"key": ["eWVz", "YQ=="]}}""", Key("key", ContextKeyType.Binary, "YQ==")));
        Assert.False(ConditionHolds("""{"BinaryEquals": {"key": ["eWVz", "YQ=="]}}""", Key("key", ContextKeyType.Binary, "Yg==")));
    }

    [Fact]
    public void BinaryEquals_KeyAbsent_DoesNotHold()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html (if the key is not present in the request context, the values do not match)
        Assert.False(ConditionHolds("""{"BinaryEquals": {"key": "YQ=="}}"""));
    }

    [Fact]
    public void BinaryEqualsIfExists_KeyAbsent_Holds()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists (absent key: the condition evaluates to true)
        Assert.True(ConditionHolds("""{"BinaryEqualsIfExists": {"key": "YQ=="}}"""));
    }

    [Theory]
    [InlineData("not base-64!", "not base-64!", true)]
    [InlineData("not base-64!", "bm90IGJhc2UtNjQh", false)]
    [InlineData("YQ==", "a", false)]
    [InlineData("not base-64!", "other text!", false)]
    public void BinaryEquals_ValueNotBase64_ComparesTheText(string policy, string request, bool expected)
    {
        // BinaryCondition.cs open question (unrecorded; the probe: BinaryEquals "not base-64!" against a string-typed key of the same text): the model compares the text
        Assert.Equal(expected, ConditionHolds($$$"""{"BinaryEquals": {"key": "{{{policy}}}"}}""", Key("key", request)));
    }

    [Theory]
    [InlineData("YWJjZGVm", "YWJj ZGVm")] // the same six bytes, the request's base-64 broken by a space
    [InlineData("YWJjZGVm", "YWJj\r\nZGVm")] // and by a line break, as MIME writes base-64
    public void BinaryEquals_TwoSpellingsOfTheSameBytes_Holds(string policy, string request)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals
        // (the key's value is compared in binary: the bytes, not the base-64 text). Open question (BinaryCondition.cs): no recording
        // sends a binary value spelled with white space or non-canonical padding bits.
        Assert.True(ConditionHolds($$$"""{"BinaryEquals": {"key": "{{{policy}}}"}}""", Key("key", ContextKeyType.Binary, request)));
    }
}
