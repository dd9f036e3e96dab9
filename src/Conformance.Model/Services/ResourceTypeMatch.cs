namespace Conformance.Model.Services;

/// <summary>The answer to "is this ARN a resource type of this action?": a closed set of four.</summary>
public abstract record ResourceTypeMatch
{
    private ResourceTypeMatch()
    {
    }

    /// <summary>The service or the action is not in the snapshot.</summary>
    public sealed record UnknownAction : ResourceTypeMatch
    {
        public static readonly UnknownAction Instance = new();
    }

    /// <summary>The action has no resource types: it supports only <c>"Resource": "*"</c>.</summary>
    public sealed record NoResourceTypes : ResourceTypeMatch
    {
        public static readonly NoResourceTypes Instance = new();
    }

    /// <summary>The ARN is of <paramref name="ResourceType"/>, one of the action's resource types.</summary>
    public sealed record Matches(ResourceType ResourceType) : ResourceTypeMatch;

    /// <summary>The action has resource types and the ARN is of none of them.</summary>
    public sealed record NotAResourceType : ResourceTypeMatch
    {
        public static readonly NotAResourceType Instance = new();
    }
}
