using Microsoft.Extensions.Configuration;

namespace Conformance.Generators;

/// <summary>
/// Run settings of the conformance suite, read through Microsoft.Extensions.Configuration from environment variables
/// with the prefix <c>CONFORMANCE__</c> (for example <c>CONFORMANCE__MAXTEST=5000</c>). <c>conformance.runsettings</c>
/// sets the defaults as environment variables of the test host, so the same names work from both places.
/// </summary>
public sealed record ConformanceSettings(int MaxTest, string? Replay)
{
    public const int DefaultMaxTest = 400;

    public static ConformanceSettings Current { get; } = Load(new ConfigurationBuilder().AddEnvironmentVariables("CONFORMANCE__").Build());

    public static ConformanceSettings Load(IConfiguration configuration)
    {
        var maxTestText = configuration["MAXTEST"];
        var maxTest = DefaultMaxTest;
        if (!string.IsNullOrWhiteSpace(maxTestText) && (!int.TryParse(maxTestText, out maxTest) || maxTest < 1))
        {
            throw new InvalidOperationException($"CONFORMANCE__MAXTEST is \"{maxTestText}\": a positive whole number of cases is expected");
        }
        var replay = configuration["REPLAY"];
        return new ConformanceSettings(maxTest, string.IsNullOrWhiteSpace(replay) ? null : replay.Trim());
    }
}
