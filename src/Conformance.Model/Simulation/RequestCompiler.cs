using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using Conformance.Model.Services;

namespace Conformance.Model.Simulation;

/// <summary>
/// Turns a <see cref="SimulationRequest"/> into what the evaluator reads: every policy parsed (each distinct text once,
/// through a <see cref="ParsedPolicyCache"/>) into a <see cref="PolicySet"/>, and the <see cref="RequestContext"/>; or
/// the error IAM would answer, from <see cref="InputRules"/> or from the first policy that does not parse.
/// </summary>
public static class RequestCompiler
{
    public static (SimulationError? Error, (PolicySet Policies, RequestContext Context)? Value) Compile(
        SimulationRequest request, ServiceReference services, ParsedPolicyCache cache)
    {
        if (InputRules.Check(request, services) is { } inputError)
        {
            return (inputError, null);
        }
        var identity = new PolicyDocument[request.PolicyInputList.Length];
        for (var i = 0; i < identity.Length; i++)
        {
            var parsed = cache.Parse(request.PolicyInputList[i], PolicyKind.Identity);
            if (!parsed.IsSuccess)
            {
                return (Malformed($"PolicyInputList.{i + 1}", parsed.Errors), null);
            }
            identity[i] = parsed.Value!;
        }
        if (request.PermissionsBoundaryPolicyInputList.Length > 1)
        {
            return (new SimulationError(SimulationError.InvalidInput, "PermissionsBoundaryPolicyInputList takes at most one policy"), null);
        }
        PolicyDocument? boundary = null;
        if (request.PermissionsBoundaryPolicyInputList.Length == 1)
        {
            var parsed = cache.Parse(request.PermissionsBoundaryPolicyInputList[0], PolicyKind.PermissionsBoundary);
            if (!parsed.IsSuccess)
            {
                return (Malformed("PermissionsBoundaryPolicyInputList.1", parsed.Errors), null);
            }
            boundary = parsed.Value;
        }
        PolicyDocument? resourcePolicy = null;
        if (request.ResourcePolicy is { } text)
        {
            var parsed = cache.Parse(text, PolicyKind.Resource);
            if (!parsed.IsSuccess)
            {
                return (Malformed("ResourcePolicy", parsed.Errors), null);
            }
            resourcePolicy = parsed.Value;
        }
        var levels = ImmutableArray<ImmutableArray<PolicyDocument>>.Empty;
        // Stryker disable once Equality : a fast path; with no levels the loop below builds the same empty list.
        if (request.OrderedOrganizationPolicyInputList.Length > 0)
        {
            var parsedLevels = new ImmutableArray<PolicyDocument>[request.OrderedOrganizationPolicyInputList.Length];
            for (var level = 0; level < parsedLevels.Length; level++)
            {
                var texts = request.OrderedOrganizationPolicyInputList[level].ServiceControlPolicyInputList;
                var scps = new PolicyDocument[texts.Length];
                for (var i = 0; i < texts.Length; i++)
                {
                    // Service control policies have the grammar of identity policies (no Principal).
                    var parsed = cache.Parse(texts[i], PolicyKind.Identity);
                    if (!parsed.IsSuccess)
                    {
                        return (Malformed($"OrderedOrganizationPolicyInputList.{level + 1}.ServiceControlPolicyInputList.{i + 1}", parsed.Errors), null);
                    }
                    scps[i] = parsed.Value!;
                }
                parsedLevels[level] = ImmutableCollectionsMarshal.AsImmutableArray(scps);
            }
            levels = ImmutableCollectionsMarshal.AsImmutableArray(parsedLevels);
        }
        var policies = new PolicySet(ImmutableCollectionsMarshal.AsImmutableArray(identity), boundary, resourcePolicy, levels);
        return (null, (policies, SimulatorContext.Build(request)));
    }

    /// <summary>The statements of every policy of the set: the work one resource of one action takes, at most.</summary>
    public static int StatementCount(PolicySet policies)
    {
        var count = (policies.PermissionsBoundary?.Statements.Length ?? 0) + (policies.ResourcePolicy?.Statements.Length ?? 0);
        foreach (var policy in policies.IdentityPolicies)
        {
            count += policy.Statements.Length;
        }
        foreach (var level in policies.OrganizationLevels)
        {
            foreach (var policy in level)
            {
                count += policy.Statements.Length;
            }
        }
        return count;
    }

    private static SimulationError Malformed(string input, ImmutableArray<PolicyError> errors) =>
        new(SimulationError.InvalidInput, $"{input} is not a valid policy: {string.Join("; ", errors)}");
}
