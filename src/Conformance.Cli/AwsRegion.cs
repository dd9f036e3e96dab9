using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace Conformance.Cli;

/// <summary>
/// The region a command is about, found as the AWS SDKs and CLI find it: the explicit option, then
/// <c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>, then the <c>region</c> of the shared-config profile (the named one,
/// else <c>AWS_PROFILE</c>, else <c>default</c>), read with AWSSDK.Core's profile store. Instance metadata is not asked:
/// the command answers a question about a call, it does not run on the node.
/// </summary>
internal static class AwsRegion
{
    /// <returns>The region, or null when none is configured.</returns>
    public static string? Resolve(string? region, string? profile, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (region is { Length: > 0 })
        {
            return region;
        }
        foreach (var variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            if (environment(variable) is { Length: > 0 } value)
            {
                return value;
            }
        }
        var name = profile ?? environment("AWS_PROFILE") ?? "default";
        try
        {
            return new CredentialProfileStoreChain().TryGetProfile(name, out var found) ? found.Region?.SystemName : null;
        }
        catch (AmazonClientException)
        {
            return null; // An unreadable shared config holds no region we can use.
        }
    }
}
