using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Model.SendCommand;

/// <summary>Which authorization a check is: the caller's own call, or the one Systems Manager makes on its behalf.</summary>
public enum Leg
{
    /// <summary>The caller's <c>ssm:SendCommand</c> request: network keys present, <c>aws:ViaAWSService</c> false.</summary>
    Direct,

    /// <summary>Systems Manager acting with the caller's credentials (a forward access session):
    /// <c>aws:ViaAWSService</c> true, <c>aws:CalledVia</c> = ssm.amazonaws.com, no network keys.</summary>
    SystemsManager,
}

/// <summary>One authorization AWS performs for a Run Command call.</summary>
public sealed record AuthorizationCheck(Leg Leg, string ResourceKind, string ResourceArn, AuthorizationRequest Request)
{
    public override string ToString() => $"{Leg} leg, {ResourceKind} {ResourceArn}";

    /// <summary>The same question as SimulateCustomPolicy input, so it can be put to IAM itself.</summary>
    public SimulationRequest ToSimulationRequest(PolicyTexts policies) => new(
        PolicyInputList: policies.IdentityPolicies,
        ActionNames: [Request.Action],
        PermissionsBoundaryPolicyInputList: policies.PermissionsBoundary is { } b ? [b] : [],
        ResourceArns: [ResourceArn],
        CallerArn: Request.CallerArn,
        // Sorted by key: the context's enumeration order depends on per-process string hashing.
        ContextEntries: Request.Context.Values
            .Where(v => v.SuppliedByCaller)
            .OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => new ContextEntry(v.Key, v.Values, v.Type))
            .ToImmutableArray());
}

/// <summary>The policy texts of a scenario, as they would be sent to SimulateCustomPolicy.</summary>
public sealed record PolicyTexts(ImmutableArray<string> IdentityPolicies, string? PermissionsBoundary = null);

/// <summary>The decision for a whole Run Command call.</summary>
/// <param name="FirstDenied">The first check that was not allowed (document first, then nodes in order, then the
/// Systems Manager leg), or null when the call is allowed.</param>
public sealed record SendCommandDecision(
    bool Allowed,
    ImmutableArray<(AuthorizationCheck Check, ResourceDecision Decision)> Checks,
    (AuthorizationCheck Check, ResourceDecision Decision)? FirstDenied)
{
    public string Explain()
    {
        if (FirstDenied is not { } denied)
        {
            return $"allowed: all {Checks.Length} authorizations allow";
        }
        var d = denied.Decision;
        var why = d.Decision == EvalDecision.ExplicitDeny
            ? "explicitly denied by " + string.Join(", ", d.MatchedStatements.Select(m => $"{m.SourcePolicyId} statement {m.Statement.Index + 1}{(m.Statement.Sid is { } sid ? $" ({sid})" : "")}"))
            : d.AllowedByPermissionsBoundary == false
                ? "implicitly denied: the permissions boundary does not allow it"
                : "implicitly denied: no statement allows it";
        var missing = d.MissingContextValues.IsEmpty ? "" : $"; context keys not supplied: {string.Join(", ", d.MissingContextValues)}";
        return $"denied at {denied.Check}: {why}{missing}";
    }
}

/// <summary>An input the scenario cannot decide (for example an instance ID that is not in the fleet).</summary>
public sealed class SendCommandInputException(string message) : Exception(message);

/// <summary>
/// Expands one <c>ssm:SendCommand</c> call into every authorization AWS performs and decides the call.
/// <list type="bullet">
/// <item>The document: <c>ssm:SendCommand</c> on its ARN (a required resource type).</item>
/// <item>Each targeted node: <c>ssm:SendCommand</c> on its ARN, with the node's tags as both
///   <c>ssm:resourceTag/&lt;key&gt;</c> and <c>aws:ResourceTag/&lt;key&gt;</c>
///   (https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html).</item>
/// <item>The Systems Manager leg: the document again, as Systems Manager authorizes it with the caller's credentials
///   (<c>aws:ViaAWSService</c> true and no network keys; the current "Setting up Run Command" page requires policies that
///   use global condition keys to accept it).</item>
/// </list>
/// The call is allowed only if every check allows.
/// </summary>
/// <remarks>
/// Open question (iam-facts §e, inference): which resources the Systems Manager leg authorizes. The documented
/// example grants the <c>aws:ViaAWSService</c> statement on the document only, so the model checks the document there.
/// Open question (probe sendcommand-output-bucket): the Service Authorization Reference lists <c>bucket</c> (the S3
/// bucket of the command's output) among ssm:SendCommand's resource types, not required; the model takes the
/// documented Run Command setup, which authorizes the document and the nodes only, and checks no bucket.
/// Open question (probe aws-owned-document-resource-type): whether the simulator takes an AWS-owned document ARN with
/// an empty account field (<c>arn:aws:ssm:us-east-1::document/AWS-RunShellScript</c>) as a <c>document</c> of
/// ssm:SendCommand; the model says yes (the resource-type rule compares no account: ResourceTypeMatcher).
/// </remarks>
public static class SendCommandAuthorizer
{
    public const string Action = "ssm:SendCommand";
    public const string SystemsManagerPrincipal = "ssm.amazonaws.com";

    public static SendCommandDecision Authorize(PolicySet policies, SendCommandRequest request)
    {
        var checks = Expand(request);
        var results = checks.Select(c => (c, PolicyEvaluator.Evaluate(policies, c.Request))).ToImmutableArray();
        foreach (var result in results)
        {
            if (result.Item2.Decision != EvalDecision.Allowed)
            {
                return new SendCommandDecision(false, results, result);
            }
        }
        return new SendCommandDecision(true, results, null);
    }

    /// <summary>Every authorization the call needs, in a fixed order: document, nodes, Systems Manager leg.</summary>
    public static ImmutableArray<AuthorizationCheck> Expand(SendCommandRequest request)
    {
        var documentArn = request.Document.Arn(request.Partition, request.Region, request.Account);
        var direct = DirectContext(request);
        var checks = ImmutableArray.CreateBuilder<AuthorizationCheck>();
        checks.Add(new AuthorizationCheck(Leg.Direct, "document", documentArn,
            new AuthorizationRequest(Action, documentArn, direct, request.Caller.CallerArn)));
        foreach (var node in TargetedNodes(request))
        {
            var arn = node.Arn(request.Partition);
            var context = direct.With(node.Tags.SelectMany(TagKeys));
            checks.Add(new AuthorizationCheck(Leg.Direct, node.IsManagedInstance ? "managed-instance" : "instance", arn,
                new AuthorizationRequest(Action, arn, context, request.Caller.CallerArn)));
        }
        checks.Add(new AuthorizationCheck(Leg.SystemsManager, "document", documentArn,
            new AuthorizationRequest(Action, documentArn, ServiceLegContext(request), request.Caller.CallerArn)));
        return checks.ToImmutable();
    }

    /// <summary>The nodes the call reaches. Tag targets are resolved in the call's region and account; several
    /// targets must all match (AND), several values of one target are alternatives (OR).</summary>
    /// <remarks>Open question: SSM documents the Targets syntax, not the combination of several targets; AND is the
    /// model's reading of "search criteria".</remarks>
    public static ImmutableArray<ManagedNode> TargetedNodes(SendCommandRequest request)
    {
        switch (request.Targeting)
        {
            case Targeting.ByInstanceIds ids:
                if (ids.InstanceIds.IsEmpty || ids.InstanceIds.Length > 50)
                {
                    throw new SendCommandInputException($"InstanceIds holds {ids.InstanceIds.Length} IDs: give 1 to 50");
                }
                return ids.InstanceIds.Select(id => NamedNode(request, "InstanceIds", id)).ToImmutableArray();
            case Targeting.ByTargets targets:
                if (targets.Targets.IsEmpty || targets.Targets.Length > 5)
                {
                    throw new SendCommandInputException($"Targets holds {targets.Targets.Length} targets: give 1 to 5");
                }
                foreach (var target in targets.Targets)
                {
                    if (target.Key is not ("tag-key" or InstanceIdsKey) && !target.Key.StartsWith("tag:", StringComparison.Ordinal))
                    {
                        throw new SendCommandInputException($"Targets: key \"{target.Key}\" is not supported: use \"tag:<TagKey>\", \"tag-key\" or \"InstanceIds\"");
                    }
                    if (target.Key == InstanceIdsKey)
                    {
                        // A node named by ID must exist: its tags are unknown otherwise.
                        foreach (var id in target.Values)
                        {
                            NamedNode(request, "Targets InstanceIds", id);
                        }
                    }
                    if (target.Values.IsEmpty || target.Values.Length > 50)
                    {
                        throw new SendCommandInputException($"Targets: \"{target.Key}\" has {target.Values.Length} values: give 1 to 50");
                    }
                }
                return request.Fleet.Nodes
                    .Where(n => n.Region == request.Region && n.Account == request.Account)
                    .Where(n => targets.Targets.All(t => Selects(t, n)))
                    .ToImmutableArray();
            default:
                throw new ArgumentOutOfRangeException(nameof(request), request.Targeting, "unknown targeting");
        }
    }

    /// <summary>The target key naming nodes by ID: <c>Key=InstanceIds,Values=instance-id-1,instance-id-2</c>
    /// (botocore ssm <c>Target</c>, "For Run Command and Maintenance Windows").</summary>
    public const string InstanceIdsKey = "InstanceIds";

    private static ManagedNode NamedNode(SendCommandRequest request, string member, string id)
    {
        var node = request.Fleet.Find(id)
            ?? throw new SendCommandInputException($"{member}: \"{id}\" is not a node of the fleet, so its tags are unknown");
        if (node.Region != request.Region || node.Account != request.Account)
        {
            throw new SendCommandInputException($"{member}: \"{id}\" is in {node.Region}/{node.Account}, not in the call's {request.Region}/{request.Account} (SSM answers InvalidInstanceId)");
        }
        return node;
    }

    private static bool Selects(Target target, ManagedNode node) => target.Key switch
    {
        "tag-key" => node.Tags.Any(t => target.Values.Contains(t.Key)),
        InstanceIdsKey => target.Values.Contains(node.InstanceId),
        _ => node.Tags.Any(t => t.Key == target.Key["tag:".Length..] && target.Values.Contains(t.Value)),
    };

    private static IEnumerable<ContextValue> TagKeys(Tag tag) =>
    [
        new($"ssm:resourceTag/{tag.Key}", ContextKeyType.String, [tag.Value]),
        new($"aws:ResourceTag/{tag.Key}", ContextKeyType.String, [tag.Value]),
    ];

    private static RequestContext DirectContext(SendCommandRequest request)
    {
        var values = new List<ContextValue>
        {
            new("aws:ViaAWSService", ContextKeyType.Boolean, ["false"]),
            new("aws:RequestedRegion", ContextKeyType.String, [request.Region]),
        };
        switch (request.Caller.Network)
        {
            case CallerNetwork.PublicEndpoint p:
                values.Add(new ContextValue("aws:SourceIp", ContextKeyType.Ip, [p.SourceIp]));
                break;
            case CallerNetwork.VpcEndpoint v:
                values.Add(new ContextValue("aws:SourceVpce", ContextKeyType.String, [v.SourceVpce]));
                if (v.SourceVpc is { } vpc)
                {
                    values.Add(new ContextValue("aws:SourceVpc", ContextKeyType.String, [vpc]));
                }
                break;
        }
        return new RequestContext(CallerValues(request).Concat(values));
    }

    private static RequestContext ServiceLegContext(SendCommandRequest request) =>
        new(CallerValues(request).Concat(
        [
            new("aws:ViaAWSService", ContextKeyType.Boolean, ["true"]),
            new("aws:RequestedRegion", ContextKeyType.String, [request.Region]),
            new("aws:CalledVia", ContextKeyType.StringList, [SystemsManagerPrincipal]),
            new("aws:CalledViaFirst", ContextKeyType.String, [SystemsManagerPrincipal]),
            new("aws:CalledViaLast", ContextKeyType.String, [SystemsManagerPrincipal]),
        ]));

    /// <summary>What travels with the caller on every leg: principal tags and extra keys. Network keys do not.</summary>
    private static IEnumerable<ContextValue> CallerValues(SendCommandRequest request) =>
        request.Caller.PrincipalTags.Select(t => new ContextValue($"aws:PrincipalTag/{t.Key}", ContextKeyType.String, [t.Value]))
            .Concat(request.Caller.ExtraContext.Select(e => e.ToContextValue()));
}
