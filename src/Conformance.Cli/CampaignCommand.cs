using System.Globalization;
using Conformance.Campaign;
using Conformance.Iam;
using Conformance.Model.Fixtures;

namespace Conformance.Cli;

/// <summary><c>conformance campaign</c>: generated questions to IAM (or any IAM endpoint), compared with the model.</summary>
internal static class CampaignCommand
{
    public static int Run(CliApp.CommandIo io)
    {
        Uri? endpoint = null;
        string? profile = null, fixtures = null, report = null, answers = null;
        ulong seed = (ulong)DateTime.UtcNow.Ticks;
        var maxCalls = 200;
        var maxMinutes = 10.0;
        for (var i = 0; i < io.Args.Length; i++)
        {
            var arg = io.Args[i];
            if (arg is "--help" or "-h")
            {
                io.Stdout.Write(HelpText.Campaign);
                return CliApp.Success;
            }
            if (arg is not ("--endpoint" or "--profile" or "--seed" or "--max-calls" or "--max-minutes" or "--fixtures" or "--answers" or "--report"))
            {
                return Usage(io, $"conformance campaign: unknown {(arg.StartsWith('-') ? "option" : "argument")} '{arg}'. Run 'conformance campaign --help' to see the options.");
            }
            if (i + 1 >= io.Args.Length)
            {
                return Usage(io, $"conformance campaign: {arg} needs a value. Run 'conformance campaign --help'.");
            }
            var value = io.Args[++i];
            switch (arg)
            {
                case "--endpoint" when Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https":
                    endpoint = uri;
                    break;
                case "--endpoint":
                    return Usage(io, $"conformance campaign: --endpoint '{value}' is not an http(s) URL. Run 'conformance campaign --help'.");
                case "--profile":
                    profile = value;
                    break;
                case "--seed" when ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s):
                    seed = s;
                    break;
                case "--max-calls" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0:
                    maxCalls = c;
                    break;
                case "--max-minutes" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m > 0:
                    maxMinutes = m;
                    break;
                case "--fixtures":
                    fixtures = value;
                    break;
                case "--answers":
                    answers = value;
                    break;
                case "--report":
                    report = value;
                    break;
                default:
                    return Usage(io, $"conformance campaign: {arg} '{value}' is not valid: {arg} takes a positive whole number" +
                                     (arg == "--max-minutes" ? " of minutes (decimals allowed)" : "") + ". Run 'conformance campaign --help'.");
            }
        }

        var options = new IamOracleOptions(Endpoint: endpoint, Profile: profile);
        if (IamCredentials.Missing(options) is { } missing)
        {
            return Usage(io, $"conformance campaign: {missing}. Give credentials through the AWS SDK chain (environment, AWS_PROFILE, SSO, web identity) or --profile.");
        }
        using var oracle = new IamSimulationOracle(options);
        var description = oracle.Endpoint.Host.EndsWith("amazonaws.com", StringComparison.Ordinal) || oracle.Endpoint.Host.EndsWith(".amazonaws.com.cn", StringComparison.Ordinal)
            ? "live AWS IAM SimulateCustomPolicy"
            : $"IAM SimulateCustomPolicy at {oracle.Endpoint.GetLeftPart(UriPartial.Authority)}";
        var answerDirectory = answers ?? Path.Combine("tests", "Recorded", "live");
        // Steering: the rules AWS has confirmed least get the questions (CampaignCases.Steered, 4 candidates a slot).
        var confirmations = RuleConfirmations.FromRecorded(answerDirectory, Path.Combine("tests", "Fixtures", "aws-recorded"));
        var campaign = new ConformanceCampaign(oracle, new CampaignOptions(
            Seed: seed,
            MaxCalls: maxCalls,
            MaxWallTime: TimeSpan.FromMinutes(maxMinutes),
            FixtureDirectory: fixtures ?? Path.Combine("tests", "Fixtures", "live"),
            OracleDescription: description,
            OracleKind: FixtureOracleKind.Aws,
            Compare: CampaignOptions.LiveAspects,
            AnswerCorpusDirectory: answerDirectory,
            OracleEndpoint: oracle.Endpoint.GetLeftPart(UriPartial.Authority),
            Confirmations: confirmations), io.Stderr);
        io.Stderr.WriteLine($"conformance campaign: seed {seed}, at most {maxCalls} calls and {maxMinutes} minutes, against {description}");
        CampaignReport result;
        try
        {
            result = campaign.RunAsync(CampaignCases.Steered(CampaignCases.Generate(seed), confirmations)).GetAwaiter().GetResult();
        }
        catch (IamCallException e)
        {
            io.Stderr.WriteLine($"conformance campaign: IAM gave no answer: {e.Message}");
            return CliApp.OracleUnavailable;
        }
        var markdown = CampaignMarkdown.Write(result, description, seed);
        if (report is not null)
        {
            File.WriteAllText(report, markdown);
        }
        if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary)
        {
            File.AppendAllText(summary, markdown + Environment.NewLine);
        }
        io.Stdout.WriteLine(
            $"{result.Cases} questions, {result.Calls} calls, {result.Decisions} decisions ({result.DecisionsPerCall.ToString("F1", CultureInfo.InvariantCulture)} a call), " +
            $"{result.RootCauses.Length} root cause(s) in {result.Divergences.Length} divergences; stopped: {result.StopReason}; rerun with --seed {seed}");
        io.Stdout.WriteLine($"  answers kept in {answers ?? Path.Combine("tests", "Recorded", "live")}: {result.AnswersKept} new, {result.AnswersAlreadyKept} already there");
        foreach (var cause in result.RootCauses)
        {
            io.Stdout.WriteLine($"  {cause.Count}× {cause.Signature} — kept as {cause.Representative.FixturePath ?? "(not kept)"}");
        }
        if (!result.Unclassified.IsEmpty)
        {
            io.Stdout.WriteLine($"  {result.Unclassified.Length} divergence(s) not shrunk and not classified (budget spent)");
        }
        return result.Divergences.IsEmpty ? CliApp.Success : CliApp.Mismatch;
    }

    private static int Usage(CliApp.CommandIo io, string message)
    {
        io.Stderr.WriteLine(message);
        return CliApp.InvalidUsageOrInput;
    }
}
