using System.Collections.Immutable;
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
        var entries = request.ContextEntries;
        // Later entries win in RequestContext: defaults first, then what the caller supplied.
        var values = new List<ContextValue>(entries.Length + 4);
        if (request.CallerArn is { } caller && Arn.TrySplit(caller, out var arn))
        {
            // Recorded: with a CallerArn, aws:userid is the caller's ARN itself (verified_caller_first_exact).
            Default(values, entries, "aws:userid", caller);
            Default(values, entries, "aws:PrincipalArn", caller);
            Default(values, entries, "aws:PrincipalAccount", arn.Account);
            if (arn.Resource.StartsWith("user/", StringComparison.Ordinal))
            {
                Default(values, entries, "aws:username", arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..]);
            }
        }
        else
        {
            Default(values, entries, "aws:userid", StubPrincipal);
            Default(values, entries, "aws:PrincipalAccount", DefaultAccount);
        }
        foreach (var entry in entries)
        {
            values.Add(entry.ToContextValue());
        }
        return new RequestContext(values);
    }

    /// <summary>Adds the simulator's own value of <paramref name="key"/> unless the caller supplied the key.</summary>
    private static void Default(List<ContextValue> values, ImmutableArray<ContextEntry> supplied, string key, string value)
    {
        foreach (var entry in supplied)
        {
            // Stryker disable once Statement,Block : adding the simulator's value anyway changes nothing: the caller's entry comes later and wins in RequestContext.
            if (string.Equals(entry.ContextKeyName, key, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }
        values.Add(new ContextValue(key, ContextKeyType.String, [value], SuppliedByCaller: false));
    }
}
