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
    string? Marker = null)
{
    public ImmutableArray<string> PermissionsBoundaryPolicyInputList { get; init; } = PermissionsBoundaryPolicyInputList.IsDefault ? [] : PermissionsBoundaryPolicyInputList;
    public ImmutableArray<string> ResourceArns { get; init; } = ResourceArns.IsDefault ? [] : ResourceArns;
    public ImmutableArray<ContextEntry> ContextEntries { get; init; } = ContextEntries.IsDefault ? [] : ContextEntries;
}

/// <summary>A caller-supplied context value: <c>ContextKeyName</c>, <c>ContextKeyValues</c>, <c>ContextKeyType</c>.</summary>
public sealed record ContextEntry(string ContextKeyName, ImmutableArray<string> ContextKeyValues, ContextKeyType ContextKeyType)
{
    public ContextValue ToContextValue() => new(ContextKeyName, ContextKeyType, ContextKeyValues);
}
