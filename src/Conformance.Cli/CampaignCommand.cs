using System.Collections.Immutable;
using System.Globalization;
using Conformance.Campaign;
using Conformance.Campaign.Directed;
using Conformance.Campaign.Exhaustive;
using Conformance.Iam;
using Conformance.Model.Fixtures;
using Conformance.Model.Policies;

namespace Conformance.Cli;

/// <summary><c>conformance campaign</c>: generated questions to IAM (or any IAM endpoint), compared with the model.</summary>
internal static class CampaignCommand
{
    public static int Run(CliApp.CommandIo io)
    {
        Uri? endpoint = null;
        string? profile = null, fixtures = null, report = null, answers = null, boundary = null;
        ulong seed = (ulong)DateTime.UtcNow.Ticks;
        var maxCalls = 200;
        var maxMinutes = 10.0;
        var maxClasses = EquivalenceClasses.DefaultMaxClasses;
        bool exhaustive = false, modelOnly = false;
        var policies = new List<string>();
        var fleets = new List<string>();
        for (var i = 0; i < io.Args.Length; i++)
        {
            var arg = io.Args[i];
            if (arg is "--help" or "-h")
            {
                io.Stdout.Write(HelpText.Campaign);
                return CliApp.Success;
            }
            if (arg is "--exhaustive" or "--model-only")
            {
                exhaustive |= arg == "--exhaustive";
                modelOnly |= arg == "--model-only";
                continue;
            }
            if (arg is not ("--endpoint" or "--profile" or "--seed" or "--max-calls" or "--max-minutes" or "--fixtures" or "--answers" or "--report"
                or "--policy" or "--permissions-boundary" or "--fleet" or "--max-classes"))
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
                case "--policy":
                    policies.Add(value);
                    break;
                case "--permissions-boundary" when boundary is null:
                    boundary = value;
                    break;
                case "--permissions-boundary":
                    return Usage(io, "conformance campaign: --permissions-boundary is given twice; SimulateCustomPolicy takes one boundary.");
                case "--fleet":
                    fleets.Add(value);
                    break;
                case "--max-classes" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k > 0:
                    maxClasses = k;
                    break;
                default:
                    return Usage(io, $"conformance campaign: {arg} '{value}' is not valid: {arg} takes a positive whole number" +
                                     (arg == "--max-minutes" ? " of minutes (decimals allowed)" : "") + ". Run 'conformance campaign --help'.");
            }
        }

        if (policies.Count == 0 && (exhaustive || modelOnly || boundary is not null || fleets.Count > 0))
        {
            return Usage(io, "conformance campaign: --exhaustive, --model-only, --permissions-boundary and --fleet need the policies to ask about: give --policy <file>. Run 'conformance campaign --help'.");
        }
        if (modelOnly && !exhaustive)
        {
            return Usage(io, "conformance campaign: --model-only goes with --exhaustive (a campaign without IAM has nothing to compare). Run 'conformance campaign --help'.");
        }
        CampaignPolicies? given = null;
        if (policies.Count > 0)
        {
            try
            {
                given = CampaignPolicies.Read(policies, boundary, fleets, AwsRegion.Resolve(null, profile));
            }
            catch (CampaignInputException e)
            {
                return Usage(io, $"conformance campaign: {e.Message}");
            }
        }
        if (given is not null && exhaustive && modelOnly)
        {
            return Exhaustive(io, given, maxClasses, null, maxCalls);
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
        if (given is not null && exhaustive)
        {
            return Exhaustive(io, given, maxClasses, (oracle, description), maxCalls);
        }
        var questions = given is null
            ? CampaignCases.Steered(CampaignCases.Generate(seed), confirmations)
            : PolicyDirectedCases.Generate(given.Texts, given.BoundaryTexts, DirectedVocabulary.From(given.Questions, given.Fleet), seed);
        io.Stderr.WriteLine($"conformance campaign: seed {seed}, at most {maxCalls} calls and {maxMinutes} minutes, against {description}" +
                            (given is null ? "" : $"; questions about {string.Join(", ", policies)}"));
        CampaignReport result;
        try
        {
            result = campaign.RunAsync(questions).GetAwaiter().GetResult();
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
            io.Stdout.WriteLine($"  {cause.Count}× {cause.Signature} — found in call {cause.Representative.CallsWhenFound}, kept as {cause.Representative.FixturePath ?? "(not kept)"}");
        }
        if (!result.Unclassified.IsEmpty)
        {
            io.Stdout.WriteLine($"  {result.Unclassified.Length} divergence(s) not shrunk and not classified (budget spent)");
        }
        return result.Divergences.IsEmpty ? CliApp.Success : CliApp.Mismatch;
    }

    /// <summary><c>--exhaustive</c>: the classes, the decision table on standard output, and IAM's answers when an oracle is given.</summary>
    private static int Exhaustive(CliApp.CommandIo io, CampaignPolicies given, int maxClasses, (IamSimulationOracle Oracle, string Description)? live, int maxCalls)
    {
        EquivalenceClasses classes;
        try
        {
            classes = EquivalenceClasses.Enumerate(given.Questions, maxClasses);
        }
        catch (EnumerationBoundException e)
        {
            io.Stderr.WriteLine($"conformance campaign --exhaustive: stopped: {e.Message}");
            return CliApp.InvalidUsageOrInput;
        }
        ExhaustiveReport report;
        try
        {
            report = ExhaustiveRun.RunAsync(classes, live?.Oracle, maxCalls).GetAwaiter().GetResult();
        }
        catch (IamCallException e)
        {
            io.Stderr.WriteLine($"conformance campaign: IAM gave no answer: {e.Message}");
            return CliApp.OracleUnavailable;
        }
        io.Stdout.Write(DecisionTable.Write(report, live is null ? null : "IAM"));
        if (given.Fleet is { } fleet)
        {
            io.Stdout.Write(FleetTable.Write(classes, report, fleet));
        }
        if (live is { } asked)
        {
            io.Stderr.WriteLine($"conformance campaign --exhaustive: {report.Classes.Count} classes, {report.Calls} calls to {asked.Description}, {report.Divergences} diverging");
        }
        return report.Divergences > 0 ? CliApp.Mismatch : CliApp.Success;
    }

    private static int Usage(CliApp.CommandIo io, string message)
    {
        io.Stderr.WriteLine(message);
        return CliApp.InvalidUsageOrInput;
    }
}
