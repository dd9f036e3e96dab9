using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Simulation;

/// <summary>
/// The edges of what SimulateCustomPolicy refuses before evaluating, beside the recorded refusals that
/// RecordedErrorMessageTests replays word for word: a resource ARN needs a resource part after its fifth colon
/// (recorded input_resource_format_3 refuses <c>arn:aws:s3:::</c>; input_resource_format_2, _4, _5 are answered), an
/// owner is an account ARN of twelve digits (resource_policy_owner_invalid, composition_numeric_owner_cross), a caller
/// with a resource policy is an IAM user, role or group (resource_policy_caller_root, _assumed_role).
/// </summary>
public sealed class InputRulesTests
{
    private const string Allow = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""";
    private const string Open = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}""";
    private const string Bucket = "arn:aws:s3:::bucket";

    private static string? Refusal(SimulationRequest request) => ModelSimulator.Simulate(request).Error?.Message;

    [Theory]
    [InlineData("arn:aws:s3:::b", null)]
    [InlineData("arn:aws:s3:::*", null)]
    [InlineData("arn:unknown:s3:::name", null)]
    [InlineData("arn:aws:s3:region:account:name", null)]
    [InlineData("arn:aws:s3:::b:c", null)]
    [InlineData("*", null)]
    [InlineData("arn:aws:s3:::", "ResourceNames are not in a valid ARN format: arn:aws:s3:::.")]
    [InlineData("arn:aws:s3::", "ResourceNames are not in a valid ARN format: arn:aws:s3::.")]
    [InlineData("arn:aws:s3", "ResourceNames are not in a valid ARN format: arn:aws:s3.")]
    [InlineData("ARN:aws:s3:::b", "ResourceNames are not in a valid ARN format: ARN:aws:s3:::b.")]
    [InlineData("urn:aws:s3:::b", "ResourceNames are not in a valid ARN format: urn:aws:s3:::b.")]
    public void ResourceArns_NeedAResourcePartAfterTheFifthColon(string resource, string? refusal) =>
        Assert.Equal(refusal, Refusal(new SimulationRequest([Allow], ["s3:GetObject"], ResourceArns: [Bucket, resource])));

    [Theory]
    [InlineData("arn:aws:iam::123456789012:root", null)]
    [InlineData("arn:aws:iam::12345678901:root", "'arn:aws:iam::12345678901:root' is not a valid as a Resource Owner.")]
    [InlineData("arn:aws:iam::1234567890123:root", "'arn:aws:iam::1234567890123:root' is not a valid as a Resource Owner.")]
    [InlineData("arn:aws:iam::12345678901x:root", "'arn:aws:iam::12345678901x:root' is not a valid as a Resource Owner.")]
    [InlineData("aws:iam::123456789012:root", "'aws:iam::123456789012:root' is not a valid as a Resource Owner.")]
    [InlineData("urn:aws:iam::123456789012:root", "'urn:aws:iam::123456789012:root' is not a valid as a Resource Owner.")]
    public void ResourceOwner_IsAnAccountArnOfTwelveDigits(string owner, string? refusal) =>
        Assert.Equal(refusal, Refusal(new SimulationRequest([Allow], ["s3:GetObject"], ResourceArns: [Bucket], ResourceOwner: owner)));

    [Theory]
    [InlineData("arn:aws:iam::123456789012:user/alice", null)]
    [InlineData("arn:aws:iam::123456789012:role/Operators", null)]
    [InlineData("arn:aws:iam::123456789012:group/Admins", null)]
    [InlineData("arn:aws:iam::123456789012:root", "Invalid caller - Caller must be an IAM user, role or group in this context.")]
    [InlineData("arn:aws:iam::123456789012:policy/p", "Invalid caller - Caller must be an IAM user, role or group in this context.")]
    [InlineData("arn:aws:sts::123456789012:assumed-role/Operators/s", "Invalid caller - Caller must be an IAM user, role or group in this context.")]
    [InlineData("arn:aws:s3:::user/alice", "Invalid caller - Caller must be an IAM user, role or group in this context.")]
    [InlineData("alice", "Invalid caller - Caller must be an IAM user, role or group in this context.")]
    public void CallerWithAResourcePolicy_IsAnIamUserRoleOrGroup(string caller, string? refusal) =>
        Assert.Equal(refusal, Refusal(new SimulationRequest([Allow], ["s3:GetObject"], ResourceArns: [Bucket], ResourcePolicy: Open, CallerArn: caller)));

    [Fact]
    public void ResourcePolicy_WithoutResources_IsRefused_ButAResourcelessCallWithoutOneIsAnswered()
    {
        Assert.Equal("Invalid Entity Arn: * does not clearly define entity type and name.",
            Refusal(new SimulationRequest([Allow], ["s3:GetObject"], ResourcePolicy: Open, CallerArn: "arn:aws:iam::123456789012:user/alice")));
        Assert.Null(Refusal(new SimulationRequest([Allow], ["s3:GetObject"], CallerArn: "arn:aws:iam::123456789012:root")));
    }

    [Fact]
    public void Actions_KnownAndUnknownMixed_AreRefusedOnlyWithResources()
    {
        // Recorded input_resources_s3_objects (mixed, with resources: refused) and input_action_groups_unknown (all
        // unknown: answered); without resources every action name is answered (action_unknown_action).
        Assert.Equal("Invalid Input Actions: [s3:GetObject] and [s3:MadeUp] require different authorization information. ",
            Refusal(new SimulationRequest([Allow], ["s3:GetObject", "s3:MadeUp"], ResourceArns: [Bucket])));
        Assert.Null(Refusal(new SimulationRequest([Allow], ["s3:GetObject", "s3:MadeUp"])));
        Assert.Null(Refusal(new SimulationRequest([Allow], ["s3:MadeUp", "madeup:Action"], ResourceArns: [Bucket])));
        Assert.Null(Refusal(new SimulationRequest([Allow], ["s3:GetObject", "s3:PutObject"], ResourceArns: [Bucket])));
    }

    [Fact]
    public void ContextEntries_AreCheckedInOrder_AndAListTypeTakesSeveralValues()
    {
        Assert.Null(Refusal(new SimulationRequest([Allow], ["s3:GetObject"],
            ContextEntries: [new ContextEntry("aws:TagKeys", ["a", "b"], ContextKeyType.StringList), new ContextEntry("aws:x/n", ["1", "2.5"], ContextKeyType.NumericList)])));
        Assert.Equal("Invalid context value for key aws:x/n: expected numeric format.", Refusal(new SimulationRequest([Allow], ["s3:GetObject"],
            ContextEntries: [new ContextEntry("aws:x/n", ["1", "x"], ContextKeyType.NumericList)])));
        Assert.Equal("Context key numeric expected a single value, but received 2.", Refusal(new SimulationRequest([Allow], ["s3:GetObject"],
            ContextEntries: [new ContextEntry("aws:x/n", ["1", "2"], ContextKeyType.Numeric)])));
        Assert.Equal("Invalid context value for key aws:SourceIp: expected IP address format.", Refusal(new SimulationRequest([Allow], ["s3:GetObject"],
            ContextEntries: [new ContextEntry("aws:SourceIp", ["203.0.113.0/24", "x"], ContextKeyType.IpList)])));
        Assert.Null(Refusal(new SimulationRequest([Allow], ["s3:GetObject"], ContextEntries: [new ContextEntry("aws:b/x", ["yes"], ContextKeyType.Boolean)])));
    }

    [Fact]
    public void SeveralRulesBroken_TheFirstInInputRulesOrderIsAnswered()
    {
        // The model checks limits, then Marker, actions, context entries, resources, composition and scenario, and answers
        // the first refusal. Open question: IAM's order when one request breaks several rules is not recorded.
        var all = new SimulationRequest([Allow], ["s3:GetObject", "s3:MadeUp"], ResourceArns: ["not-an-arn"], ResourceOwner: "owner",
            ContextEntries: [new ContextEntry("aws:x/n", ["NaN"], ContextKeyType.Numeric)], Marker: "x", ResourceHandlingOption: "fictional");
        Assert.Equal("Invalid marker for pagination.", Refusal(all));
        Assert.StartsWith("Invalid Input Actions: ", Refusal(all with { Marker = null }));
        Assert.Equal("Invalid context value for key aws:x/n: expected numeric format.", Refusal(all with { Marker = null, ActionNames = ["s3:GetObject"] }));
        Assert.Equal("ResourceNames are not in a valid ARN format: not-an-arn.", Refusal(all with { Marker = null, ActionNames = ["s3:GetObject"], ContextEntries = [] }));
        Assert.Equal("'owner' is not a valid as a Resource Owner.", Refusal(all with { Marker = null, ActionNames = ["s3:GetObject"], ContextEntries = [], ResourceArns = [Bucket] }));
        Assert.Equal("ResourceHandlingOption \"fictional\" is not a scenario of s3:GetObject",
            Refusal(all with { Marker = null, ActionNames = ["s3:GetObject"], ContextEntries = [], ResourceArns = [Bucket], ResourceOwner = null }));
    }
}
