using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Simulation;

/// <summary>
/// The context values the policy simulator supplies by itself (recorded simulation_defaults.json in
/// simulate-custom-policy-2.jsonl; https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_testing-policies.html):
/// without a caller, aws:userid is STUB_PRINCIPAL_FOR_POLICY_SIMULATOR; with one, aws:userid is the caller's ARN
/// (verified_caller_first_exact), beside aws:PrincipalArn, aws:PrincipalAccount and, for a user, aws:username.
/// A value the caller supplies, in any case of its name, replaces the simulator's.
/// </summary>
public sealed class SimulatorContextTests
{
    private static Dictionary<string, (string Value, bool Supplied)> Values(SimulationRequest request) =>
        SimulatorContext.Build(request).Values.ToDictionary(v => v.Key, v => (string.Join(",", v.Values), v.SuppliedByCaller), StringComparer.OrdinalIgnoreCase);

    private static SimulationRequest Request(string? caller, params ContextEntry[] entries) =>
        new(["{}"], ["ssm:SendCommand"], CallerArn: caller, ContextEntries: [.. entries]);

    [Fact]
    public void Build_WithoutCaller_SuppliesTheStubPrincipalAndTheDefaultAccount()
    {
        Assert.Equal(new Dictionary<string, (string, bool)>
        {
            ["aws:userid"] = ("STUB_PRINCIPAL_FOR_POLICY_SIMULATOR", false),
            ["aws:PrincipalAccount"] = ("123456789012", false),
        }, Values(Request(null)));
    }

    [Fact]
    public void Build_UserCaller_SuppliesItsArnAccountAndName()
    {
        Assert.Equal(new Dictionary<string, (string, bool)>
        {
            ["aws:userid"] = ("arn:aws:iam::111122223333:user/division/alice", false),
            ["aws:PrincipalArn"] = ("arn:aws:iam::111122223333:user/division/alice", false),
            ["aws:PrincipalAccount"] = ("111122223333", false),
            ["aws:username"] = ("alice", false),
        }, Values(Request("arn:aws:iam::111122223333:user/division/alice")));
    }

    [Fact]
    public void Build_RoleCaller_HasNoUserName()
    {
        var values = Values(Request("arn:aws:iam::111122223333:role/Operators"));
        Assert.Equal(["aws:PrincipalAccount", "aws:PrincipalArn", "aws:userid"], values.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("111122223333", values["aws:PrincipalAccount"].Value);
    }

    [Fact]
    public void Build_CallerThatIsNotAnArn_IsTreatedAsNoCaller()
    {
        Assert.Equal("STUB_PRINCIPAL_FOR_POLICY_SIMULATOR", Values(Request("alice"))["aws:userid"].Value);
    }

    [Fact]
    public void Build_SuppliedKeys_ReplaceTheSimulatorsInAnyCase_AndAreMarkedSupplied()
    {
        var values = Values(Request("arn:aws:iam::111122223333:user/alice",
            new ContextEntry("AWS:USERNAME", ["bob"], ContextKeyType.String),
            new ContextEntry("aws:userid", ["AIDAEXAMPLE"], ContextKeyType.String),
            new ContextEntry("aws:SourceVpce", ["vpce-1a2b3c4d"], ContextKeyType.String)));
        Assert.Equal(("bob", true), values["aws:username"]);
        Assert.Equal(("AIDAEXAMPLE", true), values["aws:userid"]);
        Assert.Equal(("vpce-1a2b3c4d", true), values["aws:SourceVpce"]);
        Assert.Equal(("111122223333", false), values["aws:PrincipalAccount"]);
        Assert.Equal(5, values.Count);
        values = Values(Request(null, new ContextEntry("aws:PrincipalAccount", ["444455556666"], ContextKeyType.String)));
        Assert.Equal(("444455556666", true), values["aws:PrincipalAccount"]);
    }
}
