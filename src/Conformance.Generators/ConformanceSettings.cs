using Microsoft.Extensions.Configuration;

namespace Conformance.Generators;

/// <summary>
/// Run settings of the conformance suite, read through Microsoft.Extensions.Configuration from environment variables
/// with the prefix <c>CONFORMANCE__</c> (for example <c>CONFORMANCE__MAXTEST=5000</c>). <c>conformance.runsettings</c>
/// sets the defaults as environment variables of the test host, so the same names work from both places.
/// </summary>
/// <param name="DistributionCases">How many generated cases the distribution report classifies
/// (<c>CONFORMANCE__DISTRIBUTIONCASES</c>).</param>
/// <param name="EndSize">FsCheck's largest size parameter for properties (<c>CONFORMANCE__ENDSIZE</c>).</param>
public sealed record ConformanceSettings(int MaxTest, string? Replay, int DistributionCases = ConformanceSettings.DefaultDistributionCases,
    int EndSize = ConformanceSettings.DefaultEndSize)
{
    public const int DefaultMaxTest = 400;
    public const int DefaultDistributionCases = 3000;
    public const int DefaultEndSize = 100;

    public static ConformanceSettings Current { get; } = Load(new ConfigurationBuilder().AddEnvironmentVariables("CONFORMANCE__").Build());

    public static ConformanceSettings Load(IConfiguration configuration)
    {
        var maxTest = PositiveNumber(configuration, "MAXTEST", DefaultMaxTest);
        var distribution = PositiveNumber(configuration, "DISTRIBUTIONCASES", DefaultDistributionCases);
        var endSize = PositiveNumber(configuration, "ENDSIZE", DefaultEndSize);
        var replay = configuration["REPLAY"];
        return new ConformanceSettings(maxTest, string.IsNullOrWhiteSpace(replay) ? null : replay.Trim(), distribution, endSize);
    }

    private static int PositiveNumber(IConfiguration configuration, string name, int fallback)
    {
        var text = configuration[name];
        var value = fallback;
        if (!string.IsNullOrWhiteSpace(text) && (!int.TryParse(text, out value) || value < 1))
        {
            throw new InvalidOperationException($"CONFORMANCE__{name} is \"{text}\": a positive whole number is expected");
        }
        return value;
    }
}
