using Conformance.Model.Fixtures;
using Conformance.Model.Simulation;
using Conformance.Offline.Tests.Fixtures;
using Xunit.Abstractions;

namespace Conformance.Offline.Tests.Recorded;

/// <summary>
/// The 413 answers recorded from live AWS SimulateCustomPolicy (tests/Recorded, from radkawar/stackd, Apache-2.0) are
/// kept as regression fixtures under tests/Fixtures/aws-recorded and replayed there. These tests keep the two in step
/// and report the agreement figure.
/// </summary>
public sealed class RecordedReplayTests(ITestOutputHelper output)
{
    private static readonly string RecordedFixtures = Path.Combine(FixtureReplayTests.FixturesRoot, "aws-recorded");

    [Fact]
    public void RecordedAnswers_EachIsAFixture_WithTheSameQuestionAndAnswer()
    {
        var lines = RecordedAnswers.RecordedFiles.SelectMany(File.ReadAllLines).Where(l => l.Length > 0).ToList();
        Assert.Equal(184 + 229, lines.Count);
        var stored = FixtureReplay.FindFiles([RecordedFixtures]).Select(f => Path.GetFileName(f)).ToHashSet();
        foreach (var line in lines)
        {
            var (fixture, problem) = RecordedAnswerImport.FromLine(line, FixtureOracleKind.Aws,
                FixtureAspects.Decisions | FixtureAspects.MissingContextValues | FixtureAspects.MatchedStatements | FixtureAspects.DecisionDetails,
                "aws-cli 2.36");
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
        var refused = results.Count(r => r.Fixture!.Error is not null);
        var shapeOnly = results.Count(r => r.Fixture!.Compare.HasFlag(FixtureAspects.Shape));
        var agree = results.Count(r => r.Verdict == ReplayVerdict.Agrees);
        var declared = results.Count(r => r.Verdict == ReplayVerdict.DeclaredDifference);
        output.WriteLine($"recorded AWS answers: {results.Count}; agree: {agree} ({detailed} of them compared on " +
                         $"MissingContextValues, MatchedStatements and decision details too; {refused} refused by IAM; " +
                         $"{shapeOnly} with an anonymized Marker checked for shape only); declared differences: {declared}");
        Assert.Equal(0, declared);
        Assert.All(results, r => Assert.True(r.Passed, r.ToString()));
    }
}
