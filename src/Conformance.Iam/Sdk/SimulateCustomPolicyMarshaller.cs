using System.Collections.Immutable;
using System.Globalization;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Iam.Sdk;

/// <summary>A <see cref="SimulationRequest"/> on its way through the SDK pipeline.</summary>
internal sealed class SimulateCustomPolicyWebRequest(SimulationRequest request) : AmazonWebServiceRequest
{
    public SimulationRequest Request { get; } = request;
}

/// <summary>
/// The query-protocol form of <c>SimulateCustomPolicy</c> (iam-facts §f, "List encoding on the wire"):
/// <c>Name.member.N</c> lists counted from 1, <c>ContextEntries.member.N.ContextKeyValues.member.M</c>, and an empty
/// list as the bare key. The SDK form-encodes the parameters (sorted by name) and sets the content type.
/// </summary>
internal sealed class SimulateCustomPolicyMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
{
    public const string Action = "SimulateCustomPolicy";
    public const string Version = "2010-05-08";

    public static readonly SimulateCustomPolicyMarshaller Instance = new();

    public IRequest Marshall(AmazonWebServiceRequest input)
    {
        var request = ((SimulateCustomPolicyWebRequest)input).Request;
        var wire = new DefaultRequest(input, "IAM") { HttpMethod = "POST", ResourcePath = "/" };
        foreach (var (name, value) in Parameters(request))
        {
            wire.Parameters.Add(name, value);
        }
        return wire;
    }

    /// <summary>Every request member as query-protocol parameters, <c>Action</c> and <c>Version</c> first.</summary>
    public static IEnumerable<(string Name, string Value)> Parameters(SimulationRequest request)
    {
        yield return ("Action", Action);
        yield return ("Version", Version);
        // The two required lists are always sent, even empty, so that IAM (not this client) judges them.
        foreach (var p in List("PolicyInputList", request.PolicyInputList))
        {
            yield return p;
        }
        foreach (var p in List("ActionNames", request.ActionNames))
        {
            yield return p;
        }
        // Optional lists: the model's request does not tell an absent list from an empty one; absent is sent.
        if (!request.PermissionsBoundaryPolicyInputList.IsEmpty)
        {
            foreach (var p in List("PermissionsBoundaryPolicyInputList", request.PermissionsBoundaryPolicyInputList))
            {
                yield return p;
            }
        }
        if (!request.ResourceArns.IsEmpty)
        {
            foreach (var p in List("ResourceArns", request.ResourceArns))
            {
                yield return p;
            }
        }
        for (var i = 0; i < request.ContextEntries.Length; i++)
        {
            var entry = request.ContextEntries[i];
            var prefix = $"ContextEntries.member.{i + 1}.";
            yield return (prefix + "ContextKeyName", entry.ContextKeyName);
            yield return (prefix + "ContextKeyType", entry.ContextKeyType.WireName());
            foreach (var p in List(prefix + "ContextKeyValues", entry.ContextKeyValues))
            {
                yield return p;
            }
        }
        for (var level = 0; level < request.OrderedOrganizationPolicyInputList.Length; level++)
        {
            // Query-protocol form of a list of structures, as for ContextEntries. Open question: not checked against
            // a client that knows the parameter (botocore 1.43 on this machine predates it).
            var policies = request.OrderedOrganizationPolicyInputList[level].ServiceControlPolicyInputList;
            foreach (var p in List($"OrderedOrganizationPolicyInputList.member.{level + 1}.ServiceControlPolicyInputList", policies))
            {
                yield return p;
            }
        }
        foreach (var (name, value) in new[]
                 {
                     ("ResourcePolicy", request.ResourcePolicy),
                     ("ResourceOwner", request.ResourceOwner),
                     ("CallerArn", request.CallerArn),
                     ("ResourceHandlingOption", request.ResourceHandlingOption),
                     ("MaxItems", request.MaxItems?.ToString(CultureInfo.InvariantCulture)),
                     ("Marker", request.Marker),
                 })
        {
            if (value is not null)
            {
                yield return (name, value);
            }
        }
    }

    private static IEnumerable<(string, string)> List(string name, ImmutableArray<string> values)
    {
        if (values.IsDefaultOrEmpty)
        {
            yield return (name, "");
            yield break;
        }
        for (var i = 0; i < values.Length; i++)
        {
            yield return ($"{name}.member.{i + 1}", values[i]);
        }
    }
}
