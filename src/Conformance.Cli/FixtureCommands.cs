using Conformance.Model.Fixtures;
using Conformance.Model.Simulation;

namespace Conformance.Cli;

/// <summary><c>conformance check</c> and <c>conformance import</c>: replaying and writing regression fixtures.</summary>
internal static class FixtureCommands
{
    public static int Check(CliApp.CommandIo io)
    {
        var paths = new List<string>();
        var verbose = false;
        foreach (var arg in io.Args)
        {
            switch (arg)
            {
                case "--help" or "-h":
                    io.Stdout.Write(HelpText.Check);
                    return CliApp.Success;
                case "--verbose":
                    verbose = true;
                    break;
                case var option when option.StartsWith('-'):
                    io.Stderr.WriteLine($"conformance check: unknown option '{option}'. Run 'conformance check --help' to see the options.");
                    return CliApp.InvalidUsageOrInput;
                default:
                    paths.Add(arg);
                    break;
            }
        }
        if (paths.Count == 0)
        {
            io.Stderr.WriteLine("conformance check: give at least one fixture file or folder, e.g. 'conformance check tests/Fixtures'. Run 'conformance check --help' for the format.");
            return CliApp.InvalidUsageOrInput;
        }
        foreach (var path in paths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                io.Stderr.WriteLine($"conformance check: '{path}' is neither a file nor a folder.");
                return CliApp.InvalidUsageOrInput;
            }
        }
        var files = FixtureReplay.FindFiles(paths);
        if (files.IsEmpty)
        {
            io.Stderr.WriteLine($"conformance check: no *.json fixtures under {string.Join(", ", paths)}.");
            return CliApp.InvalidUsageOrInput;
        }
        var results = files.Select(f => FixtureReplay.Replay(f, ModelSimulator.Simulate)).ToList();
        foreach (var result in results.Where(r => verbose || !r.Passed))
        {
            (result.Passed ? io.Stdout : io.Stderr).WriteLine(result);
        }
        var counts = results.GroupBy(r => r.Verdict).ToDictionary(g => g.Key, g => g.Count());
        io.Stdout.WriteLine(
            $"{results.Count} fixtures: {counts.GetValueOrDefault(ReplayVerdict.Agrees)} agree, " +
            $"{counts.GetValueOrDefault(ReplayVerdict.DeclaredDifference)} declared differences, " +
            $"{counts.GetValueOrDefault(ReplayVerdict.Mismatch)} mismatches, " +
            $"{counts.GetValueOrDefault(ReplayVerdict.StoppedDiffering)} stopped differing, " +
            $"{counts.GetValueOrDefault(ReplayVerdict.Unreadable)} unreadable");
        if (counts.GetValueOrDefault(ReplayVerdict.Unreadable) > 0)
        {
            return CliApp.InvalidUsageOrInput;
        }
        return results.All(r => r.Passed) ? CliApp.Success : CliApp.Mismatch;
    }

    public static int Import(CliApp.CommandIo io)
    {
        string? from = null, to = null, oracleText = null, compareText = null, tool = null;
        for (var i = 0; i < io.Args.Length; i++)
        {
            var arg = io.Args[i];
            if (arg is "--help" or "-h")
            {
                io.Stdout.Write(HelpText.Import);
                return CliApp.Success;
            }
            if (arg is not ("--from" or "--to" or "--oracle" or "--compare" or "--tool"))
            {
                io.Stderr.WriteLine($"conformance import: unknown option '{arg}'. Run 'conformance import --help' to see the options.");
                return CliApp.InvalidUsageOrInput;
            }
            if (i + 1 >= io.Args.Length)
            {
                io.Stderr.WriteLine($"conformance import: {arg} needs a value. Run 'conformance import --help'.");
                return CliApp.InvalidUsageOrInput;
            }
            var value = io.Args[++i];
            switch (arg)
            {
                case "--from": from = value; break;
                case "--to": to = value; break;
                case "--oracle": oracleText = value; break;
                case "--tool": tool = value; break;
                default: compareText = value; break;
            }
        }
        if (from is null || to is null || oracleText is null)
        {
            io.Stderr.WriteLine("conformance import: --from, --to and --oracle are required. Run 'conformance import --help'.");
            return CliApp.InvalidUsageOrInput;
        }
        FixtureOracleKind oracle;
        switch (oracleText)
        {
            case "aws": oracle = FixtureOracleKind.Aws; break;
            case "documentation": oracle = FixtureOracleKind.Documentation; break;
            case "peer": oracle = FixtureOracleKind.Peer; break;
            default:
                io.Stderr.WriteLine($"conformance import: --oracle '{oracleText}' is unknown; use aws, documentation or peer.");
                return CliApp.InvalidUsageOrInput;
        }
        var compare = oracle == FixtureOracleKind.Aws
            ? FixtureAspects.Decisions | FixtureAspects.MissingContextValues | FixtureAspects.MatchedStatements | FixtureAspects.DecisionDetails
            : FixtureAspects.Decisions;
        if (compareText is not null)
        {
            compare = FixtureAspects.Decisions;
            foreach (var aspect in compareText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                compare |= aspect switch
                {
                    "decisions" => FixtureAspects.Decisions,
                    "missingContextValues" => FixtureAspects.MissingContextValues,
                    "matchedStatements" => FixtureAspects.MatchedStatements,
                    "decisionDetails" => FixtureAspects.DecisionDetails,
                    _ => 0,
                };
                if (aspect is not ("decisions" or "missingContextValues" or "matchedStatements" or "decisionDetails"))
                {
                    io.Stderr.WriteLine($"conformance import: --compare '{aspect}' is unknown; use decisions, missingContextValues, matchedStatements.");
                    return CliApp.InvalidUsageOrInput;
                }
            }
        }
        if (!File.Exists(from))
        {
            io.Stderr.WriteLine($"conformance import: '{from}' does not exist.");
            return CliApp.InvalidUsageOrInput;
        }
        int created = 0, existing = 0, lineNumber = 0;
        foreach (var line in File.ReadLines(from))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var (fixture, problem) = RecordedAnswerImport.FromLine(line, oracle, compare, tool);
            if (fixture is null)
            {
                io.Stderr.WriteLine($"conformance import: {from}, line {lineNumber}: {problem}");
                return CliApp.InvalidUsageOrInput;
            }
            var (_, isNew) = FixtureStore.Write(to, fixture);
            _ = isNew ? created++ : existing++;
        }
        io.Stdout.WriteLine($"{created + existing} recorded answers: {created} new fixtures, {existing} already present, in {to}");
        return CliApp.Success;
    }
}
