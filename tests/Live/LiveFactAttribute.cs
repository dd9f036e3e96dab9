using Conformance.Campaign;
using Conformance.Iam;

namespace Conformance.Live.Tests;

/// <summary>
/// A test that talks to IAM. It runs only with the explicit opt-in (<c>CONFORMANCE__LIVE__ENABLED=true</c>) and when the
/// AWS SDK finds credentials; otherwise it is reported as skipped, with the reason.
/// </summary>
public sealed class LiveFactAttribute : FactAttribute
{
    public LiveFactAttribute()
    {
        if (Live.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>The live settings of this run, read once.</summary>
public static class Live
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static LiveSettings Settings { get; } = LiveSettings.Load(RepositoryRoot);

    public static IamOracleOptions OracleOptions => new(Endpoint: Settings.Endpoint, Profile: Settings.Profile);

    public static string? SkipReason { get; } = FindSkipReason();

    private static string? FindSkipReason()
    {
        if (!Settings.Enabled)
        {
            return "live conformance is off: set CONFORMANCE__LIVE__ENABLED=true and give AWS credentials " +
                   "(environment, AWS_PROFILE, SSO or web identity) allowed iam:SimulateCustomPolicy; see README, \"Live conformance\"";
        }
        return IamCredentials.Missing(OracleOptions) is { } missing
            ? $"live conformance is on, but {missing}; see README, \"Live conformance\""
            : null;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Conformance.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
