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

    /// <summary>The answer corpus every campaign appends to (tests/Recorded/live/*.jsonl).</summary>
    public static string AnswerCorpusRoot => Path.Combine(RecordedAnswers.RepositoryRoot, "tests", "Recorded", "live");

    /// <summary>Shown in place of the lines while the corpus is empty: xunit refuses a theory without data.</summary>
    public const string NoAnswersYet = "(no recorded live answers yet)";

    public static TheoryData<string, int> AnswerCorpusLines()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in AnswerCorpusFile.Files(AnswerCorpusRoot))
        {
            foreach (var (number, _) in AnswerCorpusFile.CompleteLines(file))
            {
                data.Add(Path.GetFileName(file), number);
            }
        }
        if (data.Count == 0)
        {
            data.Add(NoAnswersYet, 0);
        }
        return data;
    }

    /// <summary>Every answer a campaign ever got, agreement or not, is replayed offline: the model may not regress on it.</summary>
    [Theory]
    [MemberData(nameof(AnswerCorpusLines))]
    public void RecordedLiveAnswer_ReplayedAgainstTheModel_Agrees(string file, int line)
    {
        if (file == NoAnswersYet)
        {
            return;
        }
        var path = Path.Combine(AnswerCorpusRoot, file);
        var text = AnswerCorpusFile.CompleteLines(path).Single(l => l.Number == line).Line;
        var result = FixtureReplay.ReplayAnswerLine($"{path}:{line}", text, ModelSimulator.Simulate);
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
