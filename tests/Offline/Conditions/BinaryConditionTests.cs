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
}
