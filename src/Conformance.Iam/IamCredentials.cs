using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace Conformance.Iam;

/// <summary>
/// Whether the SDK's credential chain (or the named profile) yields credentials, without calling IAM: lets the live
/// suite skip with a reason instead of failing. Never returns or prints the credentials themselves.
/// </summary>
public static class IamCredentials
{
    /// <returns>Null when credentials were found; otherwise why not, for a skip message.</returns>
    public static string? Missing(IamOracleOptions options)
    {
        try
        {
            if (options.Profile is { } profile)
            {
                return new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out _)
                    ? null
                    : $"no credentials for profile \"{profile}\" in the shared config or credentials file";
            }
            var credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
            return credentials is null ? "the AWS SDK credential chain found no credentials" : null;
        }
        catch (AmazonClientException e)
        {
            // The message says which sources were tried (environment, profile, SSO, web identity, container, instance).
            return "the AWS SDK credential chain found no credentials: " + e.Message.Split('\n')[0];
        }
    }
}
