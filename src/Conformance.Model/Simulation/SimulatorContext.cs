using Conformance.Model.Evaluation;
using Conformance.Model.Matching;

namespace Conformance.Model.Simulation;

/// <summary>
/// The context values the policy simulator fills in by itself when the caller does not supply them
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_testing-policies.html, and recorded in
/// simulation_defaults.json). They are marked as not supplied by the caller, so a condition that fails on them
/// still lists them in <c>MissingContextValues</c>, as AWS does.
/// </summary>
public static class SimulatorContext
{
    /// <summary>Recorded: without <c>CallerArn</c>, <c>aws:userid</c> is this exact string.</summary>
    public const string StubPrincipal = "STUB_PRINCIPAL_FOR_POLICY_SIMULATOR";

    /// <summary>The account the simulator runs in when the request names no caller. The recordings replaced the
    /// real account with 123456789012; the model uses the same placeholder.</summary>
    public const string DefaultAccount = "123456789012";

    public static RequestContext Build(SimulationRequest request)
    {
        var supplied = request.ContextEntries.Select(e => e.ToContextValue()).ToList();
        var defaults = new List<ContextValue>();
        void Default(string key, string value)
        {
            if (!supplied.Any(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase)))
            {
                defaults.Add(new ContextValue(key, ContextKeyType.String, [value], SuppliedByCaller: false));
            }
        }

        if (request.CallerArn is { } caller && Arn.TrySplit(caller, out var arn))
        {
            // Recorded: with a CallerArn, aws:userid is the caller's ARN itself (verified_caller_first_exact).
            Default("aws:userid", caller);
            Default("aws:PrincipalArn", caller);
            Default("aws:PrincipalAccount", arn.Account);
            if (arn.Resource.StartsWith("user/", StringComparison.Ordinal))
            {
                Default("aws:username", arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..]);
            }
        }
        else
        {
            Default("aws:userid", StubPrincipal);
            Default("aws:PrincipalAccount", DefaultAccount);
        }
        // Later entries win in RequestContext: defaults first, then what the caller supplied.
        return new RequestContext(defaults.Concat(supplied));
    }
}
