using Conformance.Model.Fixtures;
using Conformance.Model.Simulation;
using Conformance.Offline.Tests.Recorded;
using Conformance.Offline.Tests.Support;

namespace Conformance.Offline.Tests.Fixtures;

[CollectionDefinition(FixturesFirstOrderer.FixtureCollection)]
public sealed class FixtureReplayCollection;

/// <summary>
/// Replays every regression fixture under tests/Fixtures against the model, one test case per file: status "agrees"
/// must agree, a declared difference must still differ. Adding a regression is adding a JSON file.
/// </summary>
[Collection(FixturesFirstOrderer.FixtureCollection)]
public sealed class FixtureReplayTests
{
    public static string FixturesRoot => Path.Combine(RecordedAnswers.RepositoryRoot, "tests", "Fixtures");

    public static TheoryData<string> FixtureFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in FixtureReplay.FindFiles([FixturesRoot]))
        {
            data.Add(Path.GetRelativePath(FixturesRoot, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void Fixture_ReplayedAgainstTheModel_PassesItsStatus(string relativePath)
    {
        var result = FixtureReplay.Replay(Path.Combine(FixturesRoot, relativePath), ModelSimulator.Simulate);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public void FixtureCorpus_IsSeeded_WithRecordedAwsAnswersAndDocumentedExamples()
    {
        var fixtures = FixtureReplay.FindFiles([FixturesRoot]).Select(f => FixtureJson.ReadFile(f).Fixture!).ToList();
        Assert.Equal(184 + 229, fixtures.Count(f => f.Oracle == FixtureOracleKind.Aws));
        Assert.True(fixtures.Count(f => f.Oracle == FixtureOracleKind.Documentation) >= 15);
    }
}
