using Conformance.Model.Evaluation;
using Conformance.Model.Fixtures;
using Conformance.Model.Simulation;
using Conformance.Offline.Tests.Cli;

namespace Conformance.Offline.Tests.Fixtures;

public sealed class FixtureFormatTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("conformance-fixtures-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string AllowAll = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"ssm:SendCommand\",\"Resource\":\"*\"}}";

    private static readonly SimulationRequest Request = new([AllowAll], ["ssm:SendCommand"]);

    private static SimulationResult Answer(EvalDecision decision) =>
        new([new EvaluationResult("ssm:SendCommand", "*", decision, [], [], null, null, [])]);

    private static Fixture Make(EvalDecision recorded, FixtureStatus status) =>
        new("allow-all", null, FixtureOracleKind.Documentation, new Provenance("test", Date: "2026-11-29"), Request,
            Answer(recorded), null, FixtureAspects.Decisions, status);

    private string Store(Fixture fixture) => FixtureStore.Write(_folder, fixture).Path;

    [Fact]
    public void Replay_AgreeingFixture_Passes()
    {
        var result = FixtureReplay.Replay(Store(Make(EvalDecision.Allowed, new FixtureStatus.Agrees())), ModelSimulator.Simulate);
        Assert.Equal(ReplayVerdict.Agrees, result.Verdict);
    }

    [Fact]
    public void Replay_FixtureThatDisagrees_IsAMismatchNamingBothDecisions()
    {
        var result = FixtureReplay.Replay(Store(Make(EvalDecision.ImplicitDeny, new FixtureStatus.Agrees())), ModelSimulator.Simulate);
        Assert.Equal(ReplayVerdict.Mismatch, result.Verdict);
        Assert.Contains("the oracle's answer says implicitDeny; the model answered allowed", result.ToString());
    }

    [Fact]
    public void Replay_DeclaredDifferenceThatStillDiffers_Passes()
    {
        var fixture = Make(EvalDecision.ImplicitDeny, new FixtureStatus.DeclaredDifference("the oracle is wrong here", "test"));
        Assert.Equal(ReplayVerdict.DeclaredDifference, FixtureReplay.Replay(Store(fixture), ModelSimulator.Simulate).Verdict);
    }

    [Fact]
    public void Replay_DeclaredDifferenceThatStoppedDiffering_Fails()
    {
        var fixture = Make(EvalDecision.Allowed, new FixtureStatus.DeclaredDifference("was different once", "test"));
        var result = FixtureReplay.Replay(Store(fixture), ModelSimulator.Simulate);
        Assert.Equal(ReplayVerdict.StoppedDiffering, result.Verdict);
        Assert.False(result.Passed);
    }

    [Fact]
    public void Write_ThenRead_RoundTripsEveryField()
    {
        var fixture = Make(EvalDecision.Allowed, new FixtureStatus.DeclaredDifference("reason", "source")) with
        {
            Description = "d",
            Provenance = new Provenance("live AWS", "2026-11-29", "us-east-1", "123,456", "conformance 0.1", "https://example.invalid", "me"),
            Compare = FixtureAspects.Decisions | FixtureAspects.MissingContextValues,
        };
        var (read, error) = FixtureJson.Read(FixtureJson.Write(fixture), "memory");
        Assert.Null(error);
        Assert.Equal(FixtureJson.Write(fixture), FixtureJson.Write(read!));
        Assert.Equal(fixture.Provenance, read!.Provenance);
        Assert.Equal(fixture.Status, read.Status);
        Assert.Equal(fixture.Compare, read.Compare);
    }

    [Fact]
    public void Store_SameContentTwice_WritesOneFileAndLeavesNoTemporaryFile()
    {
        var fixture = Make(EvalDecision.Allowed, new FixtureStatus.Agrees());
        var (first, created) = FixtureStore.Write(_folder, fixture);
        var (second, createdAgain) = FixtureStore.Write(_folder, fixture with { Description = "same question and answer" });
        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first, second);
        Assert.Equal([first], Directory.GetFiles(_folder));
    }

    [Fact]
    public void Read_BadStatus_NamesFileJsonPathLineAndColumn()
    {
        var text = FixtureJson.Write(Make(EvalDecision.Allowed, new FixtureStatus.Agrees())).Replace("\"kind\": \"agrees\"", "\"kind\": \"agreed\"");
        var (fixture, error) = FixtureJson.Read(text, "tests/Fixtures/x.json");
        Assert.Null(fixture);
        Assert.Equal("$.status.kind", error!.JsonPath);
        var line = text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains("\"agreed\"")).i + 1;
        Assert.Equal(line, error.Position!.Value.Line);
        Assert.StartsWith("tests/Fixtures/x.json: $.status.kind (line", error.ToString());
    }

    [Fact]
    public void Read_UnknownRequestMember_PointsIntoTheRequest()
    {
        var text = FixtureJson.Write(Make(EvalDecision.Allowed, new FixtureStatus.Agrees())).Replace("\"ActionNames\"", "\"ActionName\"");
        var (_, error) = FixtureJson.Read(text, "f.json");
        Assert.Equal("$.request.ActionName", error!.JsonPath);
        Assert.NotNull(error.Position);
    }

    [Fact]
    public void Check_MismatchingFixture_ExitsOneAndNamesIt()
    {
        var path = Store(Make(EvalDecision.ImplicitDeny, new FixtureStatus.Agrees()));
        var run = CliRun.Of(["check", _folder]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("MISMATCH", run.Stderr);
        Assert.Contains(path, run.Stderr);
        Assert.Contains("1 mismatches", run.Stdout);
    }

    [Fact]
    public void Check_RepositoryCorpus_ExitsZero()
    {
        var run = CliRun.Of(["check", FixtureReplayTests.FixturesRoot]);
        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Contains("0 mismatches", run.Stdout);
    }

    [Fact]
    public void Check_UnreadableFixture_ExitsTwoWithItsPosition()
    {
        File.WriteAllText(Path.Combine(_folder, "broken.json"), "{\n  \"fixtureVersion\": 1,\n  \"name\": \n}");
        var run = CliRun.Of(["check", _folder]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("broken.json", run.Stderr);
        Assert.Contains("line 4", run.Stderr);
    }

    [Fact]
    public void Check_NoPath_ExitsTwo()
    {
        var run = CliRun.Of(["check"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("conformance check", run.Stderr);
    }

    [Fact]
    public void FixtureOracle_RecordedQuestion_GetsTheRecordedAnswer()
    {
        var oracle = new FixtureOracle([Make(EvalDecision.ImplicitDeny, new FixtureStatus.Agrees())]);
        Assert.Equal(EvalDecision.ImplicitDeny, oracle.Answer(Request).Result!.EvaluationResults[0].EvalDecision);
        Assert.Equal(FixtureOracle.NotRecorded, oracle.Answer(Request with { ActionNames = ["ssm:GetDocument"] }).Error!.Code);
    }
}
