using System.Collections.Immutable;
using Conformance.Model.Simulation;

namespace Conformance.Model.Fixtures;

/// <summary>The outcome of replaying one fixture against an oracle.</summary>
public enum ReplayVerdict
{
    /// <summary>Status "agrees" and the answers agree.</summary>
    Agrees,

    /// <summary>A declared difference that still differs: the declaration is true.</summary>
    DeclaredDifference,

    /// <summary>Status "agrees" but the answers differ: a regression (or a new gap).</summary>
    Mismatch,

    /// <summary>A declared difference that no longer differs: the declaration must be removed.</summary>
    StoppedDiffering,

    /// <summary>The fixture file could not be read.</summary>
    Unreadable,
}

public sealed record ReplayResult(string File, Fixture? Fixture, ReplayVerdict Verdict, ImmutableArray<string> Details)
{
    public bool Passed => Verdict is ReplayVerdict.Agrees or ReplayVerdict.DeclaredDifference;

    public override string ToString()
    {
        var label = Verdict switch
        {
            ReplayVerdict.Agrees => "ok",
            ReplayVerdict.DeclaredDifference => "declared difference",
            ReplayVerdict.Mismatch => "MISMATCH",
            ReplayVerdict.StoppedDiffering => "STOPPED DIFFERING",
            _ => "UNREADABLE",
        };
        var name = Fixture?.Name ?? Path.GetFileName(File);
        var head = $"{label}: {name} ({File})";
        return Details.IsEmpty ? head : head + "\n  " + string.Join("\n  ", Details);
    }
}

/// <summary>Replays fixtures: each question goes to the oracle, each answer is compared with the recorded one.</summary>
public static class FixtureReplay
{
    /// <summary>Every <c>*.json</c> under the given files and folders, in a stable order.</summary>
    public static ImmutableArray<string> FindFiles(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories));
            }
            else
            {
                files.Add(path);
            }
        }
        return [.. files.Distinct().Order(StringComparer.Ordinal)];
    }

    public static ReplayResult Replay(string file, Func<SimulationRequest, SimulationOutcome> oracle)
    {
        if (!File.Exists(file))
        {
            return new ReplayResult(file, null, ReplayVerdict.Unreadable, ["no such file"]);
        }
        var (fixture, error) = FixtureJson.ReadFile(file);
        if (fixture is null)
        {
            return new ReplayResult(file, null, ReplayVerdict.Unreadable, [error!.ToString()]);
        }
        return Replay(file, fixture, oracle(fixture.Question));
    }

    public static ReplayResult Replay(string file, Fixture fixture, SimulationOutcome actual)
    {
        var differences = FixtureComparer.Differences(fixture, actual);
        return fixture.Status switch
        {
            FixtureStatus.DeclaredDifference declared when differences.IsEmpty => new ReplayResult(file, fixture, ReplayVerdict.StoppedDiffering,
                [$"declared as different ({declared.Reason}) but the answers now agree: remove the declaration or the fixture"]),
            FixtureStatus.DeclaredDifference declared => new ReplayResult(file, fixture, ReplayVerdict.DeclaredDifference,
                [$"reason: {declared.Reason} (source: {declared.Source})", .. differences]),
            _ when differences.IsEmpty => new ReplayResult(file, fixture, ReplayVerdict.Agrees, []),
            _ => new ReplayResult(file, fixture, ReplayVerdict.Mismatch, differences),
        };
    }

    /// <summary>What a line of the answer corpus is compared on: everything an answer carries that the model answers too.</summary>
    public const FixtureAspects AnswerCorpusAspects =
        FixtureAspects.Decisions | FixtureAspects.MissingContextValues | FixtureAspects.MatchedStatements | FixtureAspects.DecisionDetails;

    /// <summary>
    /// Replays each complete line of an answer-corpus file (see <see cref="AnswerCorpusFile"/>) as a fixture, named
    /// <c>file:line</c>; a final fragment a killed run left is skipped, never replayed.
    /// </summary>
    public static IEnumerable<ReplayResult> ReplayAnswerCorpus(string file, Func<SimulationRequest, SimulationOutcome> oracle)
    {
        foreach (var (number, line) in AnswerCorpusFile.CompleteLines(file))
        {
            yield return ReplayAnswerLine($"{file}:{number}", line, oracle);
        }
    }

    public static ReplayResult ReplayAnswerLine(string location, string line, Func<SimulationRequest, SimulationOutcome> oracle)
    {
        var (fixture, problem) = RecordedAnswerImport.FromLine(line, FixtureOracleKind.Aws, AnswerCorpusAspects);
        return fixture is null
            ? new ReplayResult(location, null, ReplayVerdict.Unreadable, [problem ?? "unreadable line"])
            : Replay(location, fixture, oracle(fixture.Question));
    }
}
