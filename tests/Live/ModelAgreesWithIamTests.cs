using Conformance.Campaign;
using Conformance.Iam;
using Conformance.Model.Fixtures;
using Xunit.Abstractions;

namespace Conformance.Live.Tests;

/// <summary>
/// The property "the model agrees with IAM": generated questions (FsCheck generators, seeded) go to IAM
/// SimulateCustomPolicy; every per-resource decision must equal the model's. A divergence is shrunk by asking IAM again
/// (every answer cached, within the call budget), kept as a regression fixture, and reported with the minimal case.
/// </summary>
public sealed class ModelAgreesWithIamTests(ITestOutputHelper output)
{
    [LiveFact]
    public async Task Model_Agrees_With_Iam_On_Generated_Questions()
    {
        var settings = Live.Settings;
        using var oracle = new IamSimulationOracle(Live.OracleOptions, log: line => output.WriteLine(line));
        var options = new CampaignOptions(
            Seed: settings.Seed,
            MaxCalls: settings.MaxCalls,
            MaxWallTime: settings.MaxWallTime,
            FixtureDirectory: settings.FixtureDirectory,
            OracleDescription: oracle.Endpoint.Host.EndsWith("amazonaws.com", StringComparison.Ordinal) || oracle.Endpoint.Host.EndsWith("amazonaws.com.cn", StringComparison.Ordinal)
                ? "live AWS IAM SimulateCustomPolicy"
                : $"IAM SimulateCustomPolicy at {oracle.Endpoint.GetLeftPart(UriPartial.Authority)}",
            OracleKind: FixtureOracleKind.Aws,
            Region: settings.Region,
            Compare: CampaignOptions.LiveAspects,
            AnswerCorpusDirectory: settings.AnswersDirectory,
            OracleEndpoint: oracle.Endpoint.GetLeftPart(UriPartial.Authority));
        var progress = new StringWriter();
        var report = await new ConformanceCampaign(oracle, options, progress).RunAsync(CampaignCases.Generate(settings.Seed));
        var markdown = CampaignMarkdown.Write(report, options.OracleDescription, settings.Seed);

        output.WriteLine(progress.ToString());
        output.WriteLine(markdown);
        Publish(markdown, settings);

        Assert.True(report.Calls <= settings.MaxCalls, $"{report.Calls} calls for a budget of {settings.MaxCalls}");
        Assert.True(report.Divergences.IsEmpty,
            $"the model and {options.OracleDescription} disagree on {report.Divergences.Length} question(s), {report.RootCauses.Length} root cause(s); " +
            $"minimal cases were kept as fixtures ({string.Join(", ", report.RootCauses.Select(c => c.Representative.FixturePath))}). Rerun this campaign with " +
            $"CONFORMANCE__LIVE__SEED={settings.Seed}.\n\n{markdown}");
    }

    /// <summary>The report goes to the configured file and to the GitHub job summary when there is one.</summary>
    private static void Publish(string markdown, LiveSettings settings)
    {
        if (settings.ReportFile is { } file)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            File.WriteAllText(file, markdown);
        }
        if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary)
        {
            File.AppendAllText(summary, markdown + Environment.NewLine);
        }
    }
}
