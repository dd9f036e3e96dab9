using Conformance.Model.Fixtures;
using Conformance.Model.Simulation;
using Conformance.Offline.Tests.Fixtures;
using Xunit.Abstractions;

namespace Conformance.Offline.Tests.Recorded;

/// <summary>
/// The 184 answers recorded from live AWS SimulateCustomPolicy (tests/Recorded, from radkawar/stackd, Apache-2.0) are
/// kept as regression fixtures under tests/Fixtures/aws-recorded and replayed there. These tests keep the two in step
/// and report the agreement figure.
/// </summary>
public sealed class RecordedReplayTests(ITestOutputHelper output)
{
    private static readonly string RecordedFixtures = Path.Combine(FixtureReplayTests.FixturesRoot, "aws-recorded");

    [Fact]
    public void RecordedAnswers_EachIsAFixture_WithTheSameQuestionAndAnswer()
    {
        var lines = File.ReadAllLines(RecordedAnswers.RecordedFile).Where(l => l.Length > 0).ToList();
        Assert.Equal(184, lines.Count);
        var stored = FixtureReplay.FindFiles([RecordedFixtures]).Select(f => Path.GetFileName(f)).ToHashSet();
        foreach (var line in lines)
        {
            var (fixture, problem) = RecordedAnswerImport.FromLine(line, FixtureOracleKind.Aws,
                FixtureAspects.Decisions | FixtureAspects.MissingContextValues | FixtureAspects.MatchedStatements, "aws-cli 2.36");
            Assert.True(fixture is not null, problem);
            Assert.Contains(FixtureStore.FileName(fixture!), stored);
        }
        Assert.Equal(lines.Count, stored.Count);
    }

    [Fact]
    public void RecordedAnswers_AgreementFigure_IsAllOfThem()
    {
        var results = FixtureReplay.FindFiles([RecordedFixtures]).Select(f => FixtureReplay.Replay(f, ModelSimulator.Simulate)).ToList();
        var detailed = results.Count(r => r.Fixture!.Compare.HasFlag(FixtureAspects.MatchedStatements));
        var agree = results.Count(r => r.Verdict == ReplayVerdict.Agrees);
        var declared = results.Count(r => r.Verdict == ReplayVerdict.DeclaredDifference);
        output.WriteLine($"recorded AWS answers: {results.Count}; agree: {agree} ({detailed} of them compared on " +
                         $"MissingContextValues and MatchedStatements too); declared differences: {declared}");
        Assert.All(results, r => Assert.True(r.Passed, r.ToString()));
    }
}
