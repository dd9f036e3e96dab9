using System.Collections.Immutable;

namespace Conformance.Model.SendCommand;

/// <summary>A resource tag. Keys are case-sensitive on the resource; IAM folds the key's case when a policy reads it.</summary>
public sealed record Tag(string Key, string Value);

/// <summary>
/// A managed node: an EC2 instance (<c>i-</c>, ARN service <c>ec2</c>, type <c>instance</c>) or a hybrid managed
/// node (<c>mi-</c>, ARN service <c>ssm</c>, type <c>managed-instance</c>), with its tags
/// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html, resource types).
/// </summary>
public sealed record ManagedNode(string InstanceId, string Region, string Account, ImmutableArray<Tag> Tags)
{
    public bool IsManagedInstance => InstanceId.StartsWith("mi-", StringComparison.Ordinal);

    public string Arn(string partition) => IsManagedInstance
        ? $"arn:{partition}:ssm:{Region}:{Account}:managed-instance/{InstanceId}"
        : $"arn:{partition}:ec2:{Region}:{Account}:instance/{InstanceId}";
}

/// <summary>The nodes that exist, with their tags: what tag targets are resolved against.</summary>
public sealed record Fleet(ImmutableArray<ManagedNode> Nodes)
{
    public ManagedNode? Find(string instanceId) => Nodes.FirstOrDefault(n => n.InstanceId == instanceId);
}

/// <summary>The SSM document a command runs.</summary>
public abstract record DocumentReference(string Name)
{
    public abstract string Arn(string partition, string region, string callerAccount);

    /// <summary>A document of the caller's own account.</summary>
    public sealed record Owned(string DocumentName) : DocumentReference(DocumentName)
    {
        public override string Arn(string partition, string region, string callerAccount) =>
            $"arn:{partition}:ssm:{region}:{callerAccount}:document/{Name}";
    }

    /// <summary>An AWS-owned public document such as <c>AWS-RunShellScript</c>: its ARN has an empty account field
    /// (https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html).</summary>
    public sealed record AwsOwned(string DocumentName) : DocumentReference(DocumentName)
    {
        public override string Arn(string partition, string region, string callerAccount) =>
            $"arn:{partition}:ssm:{region}::document/{Name}";
    }

    /// <summary>A document shared from another account, named by its ARN in the call.</summary>
    public sealed record Shared(string OwnerAccount, string DocumentName) : DocumentReference(DocumentName)
    {
        public override string Arn(string partition, string region, string callerAccount) =>
            $"arn:{partition}:ssm:{region}:{OwnerAccount}:document/{Name}";
    }
}

/// <summary>Which nodes the command runs on: <c>InstanceIds</c> or <c>Targets</c>.</summary>
public abstract record Targeting
{
    private Targeting() { }

    /// <summary><c>InstanceIds</c>: at most 50 node IDs.</summary>
    public sealed record ByInstanceIds(ImmutableArray<string> InstanceIds) : Targeting;

    /// <summary><c>Targets</c>: at most 5 targets of <c>tag:&lt;Key&gt;</c>, <c>tag-key</c> or <c>InstanceIds</c> with at most 50 values each.</summary>
    public sealed record ByTargets(ImmutableArray<Target> Targets) : Targeting;
}

/// <summary>One <c>Target</c>: <c>Key</c> is <c>tag:&lt;TagKey&gt;</c> (values are tag values), <c>tag-key</c> (values are tag
/// keys) or <c>InstanceIds</c> (values are node IDs).</summary>
public sealed record Target(string Key, ImmutableArray<string> Values);

/// <summary>How the call reaches Systems Manager, which decides the network keys of the direct leg.</summary>
public abstract record CallerNetwork
{
    private CallerNetwork() { }

    /// <summary>Over the public endpoint: <c>aws:SourceIp</c> is the caller's address.</summary>
    public sealed record PublicEndpoint(string SourceIp) : CallerNetwork;

    /// <summary>Through an interface VPC endpoint: <c>aws:SourceVpce</c> (and <c>aws:SourceVpc</c>) are set and
    /// <c>aws:SourceIp</c> is absent (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip).</summary>
    public sealed record VpcEndpoint(string SourceVpce, string? SourceVpc = null) : CallerNetwork;

    /// <summary>The question does not say: no network key is supplied, as in a SimulateCustomPolicy request without
    /// them (a condition on <c>aws:SourceIp</c> or <c>aws:SourceVpce</c> then lists the key in MissingContextValues).</summary>
    public sealed record NotGiven : CallerNetwork;
}

/// <summary>Who calls and from where.</summary>
/// <param name="CallerArn">The IAM user or role making the call (used for resource policies and simulator defaults).</param>
/// <param name="PrincipalTags">Tags on the caller: <c>aws:PrincipalTag/&lt;key&gt;</c>.</param>
/// <param name="ExtraContext">Further keys the caller's request carries (typed as in SimulateCustomPolicy).</param>
public sealed record CallerContext(
    CallerNetwork Network,
    ImmutableArray<Tag> PrincipalTags = default,
    string? CallerArn = null,
    ImmutableArray<Simulation.ContextEntry> ExtraContext = default)
{
    public ImmutableArray<Tag> PrincipalTags { get; init; } = PrincipalTags.IsDefault ? [] : PrincipalTags;
    public ImmutableArray<Simulation.ContextEntry> ExtraContext { get; init; } = ExtraContext.IsDefault ? [] : ExtraContext;
}

/// <summary>
/// One Run Command call (<c>ssm:SendCommand</c>): where, which document, which nodes, by whom.
/// </summary>
public sealed record SendCommandRequest(
    string Partition,
    string Region,
    string Account,
    DocumentReference Document,
    Targeting Targeting,
    Fleet Fleet,
    CallerContext Caller);
