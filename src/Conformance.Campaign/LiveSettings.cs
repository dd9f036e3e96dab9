using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Conformance.Campaign;

/// <summary>
/// Settings of a live campaign, from (later wins) an optional JSON file <c>conformance.live.json</c> (section
/// <c>Live</c>), then environment variables <c>CONFORMANCE__LIVE__*</c>; <c>conformance.runsettings</c> can set those
/// variables too. Credentials are never settings: they come from the AWS SDK's chain.
/// </summary>
/// <param name="Enabled">The explicit opt-in (<c>CONFORMANCE__LIVE__ENABLED=true</c>); nothing calls AWS without it.</param>
/// <param name="Endpoint">An IAM endpoint to use instead of AWS's (a loopback endpoint); <c>AWS_ENDPOINT_URL_IAM</c> works too.</param>
/// <param name="Profile">A shared-config profile for credentials instead of the default chain.</param>
/// <param name="AnswersDirectory">Where every answer is kept as a JSON line (<c>CONFORMANCE__LIVE__ANSWERSDIRECTORY</c>,
/// default tests/Recorded/live).</param>
public sealed record LiveSettings(
    bool Enabled,
    int MaxCalls,
    TimeSpan MaxWallTime,
    ulong Seed,
    string FixtureDirectory,
    string? ReportFile,
    Uri? Endpoint,
    string? Profile,
    string Region,
    string AnswersDirectory)
{
    public const string Prefix = "CONFORMANCE__LIVE__";
    public const string JsonFile = "conformance.live.json";

    public static LiveSettings Load(string? baseDirectory = null)
    {
        var builder = new ConfigurationBuilder();
        var json = Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), JsonFile);
        builder.AddJsonFile(json, optional: true);
        builder.AddEnvironmentVariables("CONFORMANCE__");
        return Load(builder.Build().GetSection("LIVE"), baseDirectory);
    }

    public static LiveSettings Load(IConfiguration live, string? baseDirectory = null)
    {
        string? Text(string key) => string.IsNullOrWhiteSpace(live[key]) ? null : live[key]!.Trim();

        var enabledText = Text("ENABLED");
        var enabled = enabledText is not null && (enabledText.Equals("true", StringComparison.OrdinalIgnoreCase) || enabledText == "1");
        var maxCalls = Number(Text("MAXCALLS"), "MAXCALLS", 200);
        var minutes = Text("MAXMINUTES") is { } m
            ? double.TryParse(m, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new InvalidOperationException($"{Prefix}MAXMINUTES is \"{m}\": a positive number of minutes is expected")
            : 10;
        var seed = Text("SEED") is { } s
            ? ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"{Prefix}SEED is \"{s}\": a whole number is expected")
            : (ulong)DateTime.UtcNow.Ticks;
        var fixtures = Text("FIXTUREDIRECTORY") ?? Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), "tests", "Fixtures", "live");
        var endpoint = Text("ENDPOINT") is { } e
            ? Uri.TryCreate(e, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new InvalidOperationException($"{Prefix}ENDPOINT is \"{e}\": an http(s) URL is expected")
            : null;
        return new LiveSettings(enabled, maxCalls, TimeSpan.FromMinutes(minutes), seed, fixtures, Text("REPORTFILE"), endpoint,
            Text("PROFILE"), Text("REGION") ?? "us-east-1",
            Text("ANSWERSDIRECTORY") ?? Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), "tests", "Recorded", "live"));
    }

    private static int Number(string? text, string name, int fallback)
    {
        if (text is null)
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"{Prefix}{name} is \"{text}\": a positive whole number is expected");
    }
}
