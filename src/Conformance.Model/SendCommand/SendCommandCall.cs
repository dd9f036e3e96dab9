using System.Collections.Immutable;
using Conformance.Model.Matching;

namespace Conformance.Model.SendCommand;

/// <summary>
/// From what the caller wrote (<see cref="SendCommandInput"/>), the fleet, the region and who calls from where
/// (<see cref="CallerContext"/>) to one <see cref="SendCommandRequest"/>: the call's account, its document reference,
/// and its targets checked against the fleet.
/// </summary>
public static class SendCommandCall
{
    /// <summary>Prefixes AWS reserves for its own documents: "You can't use the following strings as document name
    /// prefixes … aws, amazon, amzn" (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateDocument.html,
    /// Name). A document so named is AWS-owned, and its ARN has an empty account field (run-command-setting-up.html).</summary>
    public static readonly ImmutableArray<string> ReservedDocumentPrefixes = ["aws", "amazon", "amzn"];

    /// <param name="region">The call's region (<c>--region</c>, <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the profile's);
    /// null is an error that says how to give it.</param>
    /// <exception cref="InputFileException">A value of the input file that the fleet or the call's setting contradicts.</exception>
    /// <exception cref="SendCommandInputException">The region or the account is unknown.</exception>
    public static SendCommandRequest Resolve(SendCommandInput input, Fleet fleet, string? region, CallerContext caller)
    {
        if (region is null)
        {
            throw new SendCommandInputException("the call's region is unknown: give --region, or set AWS_REGION or AWS_DEFAULT_REGION, " +
                                                "or use a profile (--profile, AWS_PROFILE) with a region");
        }
        Arn callerArn = default;
        var hasCaller = caller.CallerArn is { } c && Arn.TrySplit(c, out callerArn);
        if (caller.CallerArn is not null && !hasCaller)
        {
            throw new SendCommandInputException($"--caller-arn \"{caller.CallerArn}\" is not an ARN: give arn:aws:iam::<account>:role/<name> or :user/<name>");
        }
        var account = hasCaller ? callerArn.Account : FleetAccount(fleet);
        var partition = hasCaller ? callerArn.Partition : "aws";
        var document = Document(input, region, account, ref partition);
        var request = new SendCommandRequest(partition, region, account, document, input.Targeting, fleet, caller);
        CheckInstanceIds(input, request);
        return request;
    }

    /// <summary>Notes for people about the targets: a target that matches no node of the call's region and account, or a
    /// call that reaches no node at all (then only the document and the Systems Manager leg are checked).</summary>
    public static ImmutableArray<string> Notes(SendCommandRequest request)
    {
        var notes = ImmutableArray.CreateBuilder<string>();
        if (request.Targeting is Targeting.ByTargets targets)
        {
            for (var i = 0; i < targets.Targets.Length; i++)
            {
                var target = targets.Targets[i];
                var alone = request with { Targeting = new Targeting.ByTargets([target]) };
                if (SendCommandAuthorizer.TargetedNodes(alone).IsEmpty)
                {
                    notes.Add($"Targets[{i}] ({target.Key} = {string.Join(" or ", target.Values)}) matches no node of the fleet in {request.Region}/{request.Account}");
                }
            }
        }
        if (SendCommandAuthorizer.TargetedNodes(request).IsEmpty)
        {
            notes.Add("the call reaches no node: only the document and the Systems Manager leg are checked (SSM would run the command nowhere)");
        }
        return notes.ToImmutable();
    }

    private static string FleetAccount(Fleet fleet)
    {
        var accounts = fleet.Nodes.Select(n => n.Account).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return accounts.Count == 1
            ? accounts[0]
            : throw new SendCommandInputException((accounts.Count == 0 ? "the fleet holds no node, so the call's account is unknown" :
                                                  $"the fleet holds nodes of {accounts.Count} accounts ({string.Join(", ", accounts)}), so the call's account is unknown") +
                                                  ": give --caller-arn arn:aws:iam::<account>:role/<name>");
    }

    private static DocumentReference Document(SendCommandInput input, string region, string account, ref string partition)
    {
        var name = input.DocumentName;
        var (path, position) = input.DocumentAt;
        if (!name.StartsWith("arn:", StringComparison.Ordinal))
        {
            return ReservedDocumentPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase))
                ? new DocumentReference.AwsOwned(name)
                : new DocumentReference.Owned(name);
        }
        if (!Arn.TrySplit(name, out var arn) || arn.Service != "ssm" || !arn.Resource.StartsWith("document/", StringComparison.Ordinal) ||
            arn.Resource.Length == "document/".Length)
        {
            throw input.Error(path, position, $"\"{name}\" is not a document ARN: give arn:aws:ssm:<region>:<account>:document/<name>, or the name alone");
        }
        if (arn.Region != region)
        {
            throw input.Error(path, position, $"the document is in {arn.Region}, the call in {region}: Run Command runs a document of the call's region");
        }
        partition = arn.Partition;
        var documentName = arn.Resource["document/".Length..];
        return arn.Account.Length == 0 ? new DocumentReference.AwsOwned(documentName)
            : arn.Account == account ? new DocumentReference.Owned(documentName)
            : new DocumentReference.Shared(arn.Account, documentName);
    }

    /// <summary>A node named by ID must be in the fleet (its tags decide), in the call's region and account.</summary>
    private static void CheckInstanceIds(SendCommandInput input, SendCommandRequest request)
    {
        var ids = request.Targeting switch
        {
            Targeting.ByInstanceIds byIds => byIds.InstanceIds,
            Targeting.ByTargets t => [.. t.Targets.Where(x => x.Key == "InstanceIds").SelectMany(x => x.Values)],
            _ => [],
        };
        foreach (var id in ids)
        {
            var (path, position) = input.ValueAt.TryGetValue("id:" + id, out var at) ? at : ("$", default);
            var node = request.Fleet.Find(id)
                ?? throw input.Error(path, position, $"\"{id}\" is not a node of the fleet, so its tags are unknown: add it to a --fleet file");
            if (node.Region != request.Region || node.Account != request.Account)
            {
                throw input.Error(path, position, $"\"{id}\" is in {node.Region}/{node.Account}, not in the call's {request.Region}/{request.Account} (SSM answers InvalidInstanceId)");
            }
        }
    }
}
