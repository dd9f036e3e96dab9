using System.Collections.Immutable;
using Conformance.Model.Evaluation;

namespace Conformance.Model.Simulation;

/// <summary>
/// The input of IAM <c>SimulateCustomPolicy</c>, in its own vocabulary
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html). Its JSON form is exactly
/// what <c>aws iam simulate-custom-policy --cli-input-json</c> reads (see <see cref="SimulationJson"/>).
/// </summary>
public sealed record SimulationRequest(
    ImmutableArray<string> PolicyInputList,
    ImmutableArray<string> ActionNames,
    ImmutableArray<string> PermissionsBoundaryPolicyInputList = default,
    ImmutableArray<string> ResourceArns = default,
    string? ResourcePolicy = null,
    string? ResourceOwner = null,
    string? CallerArn = null,
    ImmutableArray<ContextEntry> ContextEntries = default,
    string? ResourceHandlingOption = null,
    int? MaxItems = null,
    string? Marker = null,
    ImmutableArray<OrganizationPolicyLevel> OrderedOrganizationPolicyInputList = default)
{
    public ImmutableArray<OrganizationPolicyLevel> OrderedOrganizationPolicyInputList { get; init; } = OrderedOrganizationPolicyInputList.IsDefault ? [] : OrderedOrganizationPolicyInputList;
    public ImmutableArray<string> PermissionsBoundaryPolicyInputList { get; init; } = PermissionsBoundaryPolicyInputList.IsDefault ? [] : PermissionsBoundaryPolicyInputList;
    public ImmutableArray<string> ResourceArns { get; init; } = ResourceArns.IsDefault ? [] : ResourceArns;
    public ImmutableArray<ContextEntry> ContextEntries { get; init; } = ContextEntries.IsDefault ? [] : ContextEntries;
}

/// <summary>A caller-supplied context value: <c>ContextKeyName</c>, <c>ContextKeyValues</c>, <c>ContextKeyType</c>.</summary>
public sealed record ContextEntry(string ContextKeyName, ImmutableArray<string> ContextKeyValues, ContextKeyType ContextKeyType)
{
    /// <summary>The value conditions see: numbers and dates in IAM's canonical text (<see cref="ContextValueFormats.Canonical"/>).</summary>
    public ContextValue ToContextValue()
    {
        // The caller's own list when no value is rewritten (strings, booleans, ...): most entries of most requests.
        for (var i = 0; i < ContextKeyValues.Length; i++)
        {
            if (!ReferenceEquals(ContextValueFormats.Canonical(ContextKeyType, ContextKeyValues[i]), ContextKeyValues[i]))
            {
                return new(ContextKeyName, ContextKeyType, ContextKeyValues.Select(v => ContextValueFormats.Canonical(ContextKeyType, v)).ToImmutableArray());
            }
        }
        return new(ContextKeyName, ContextKeyType, ContextKeyValues);
    }
}

/// <summary>
/// One level of <c>OrderedOrganizationPolicyInputList</c> (the organization root, then each OU, then the account):
/// the service control policies attached at that level. Recorded (simulate-custom-policy-2.jsonl,
/// <c>simulation.json:organizations_*</c>): each level must allow on its own, and the policies within a level are
/// a union.
/// </summary>
public sealed record OrganizationPolicyLevel(ImmutableArray<string> ServiceControlPolicyInputList);
