using System.Text;
using System.Text.Json;
using Conformance.Model.Simulation;
using Xunit.Abstractions;

namespace Conformance.Offline.Tests.Recorded;

/// <summary>
/// Replays the 184 answers recorded from live AWS SimulateCustomPolicy (tests/Recorded, from radkawar/stackd,
/// Apache-2.0) through the model. Every per-resource decision and every rejection must agree, unless the case is
/// declared in tests/Recorded/declared-differences.json with its reason.
/// </summary>
public sealed class RecordedReplayTests(ITestOutputHelper output)
{
    private sealed record DeclaredDifference(string Name, string Reason);

    private static Dictionary<string, string> DeclaredDifferences()
    {
        var path = Path.Combine(RecordedAnswers.RepositoryRoot, "tests", "Recorded", "declared-differences.json");
        if (!File.Exists(path))
        {
            return [];
        }
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("differences").EnumerateArray()
            .ToDictionary(d => d.GetProperty("name").GetString()!, d => d.GetProperty("reason").GetString()!);
    }

    private static string BaseName(RecordedAnswer answer) => answer.Name[..answer.Name.LastIndexOf(" (line ", StringComparison.Ordinal)];

    public static string? Disagreement(RecordedAnswer answer, SimulationOutcome model)
    {
        if (answer.ErrorCode is not null)
        {
            return model.IsError && model.Error!.Code == answer.ErrorCode
                ? null
                : $"AWS rejected the input ({answer.ErrorCode}); the model answered {(model.IsError ? model.Error!.ToString() : "with decisions")}";
        }
        if (model.IsError)
        {
            return $"AWS answered with decisions; the model rejected the input: {model.Error}";
        }
        var expected = RecordedAnswers.Decisions(answer.Output!);
        var actual = RecordedAnswers.Decisions(model.Result!);
        if (!expected.SequenceEqual(actual))
        {
            return $"AWS: {string.Join(", ", expected)}\n  model: {string.Join(", ", actual)}";
        }
        return null;
    }

    /// <summary>Differences in IAM's detail: MissingContextValues and MatchedStatements (ids and positions), per resource.</summary>
    public static string? DetailDisagreement(RecordedAnswer answer, SimulationOutcome model)
    {
        if (answer.Output is null || model.Result is null || answer.Summarized)
        {
            return null;
        }
        var problems = new List<string>();
        foreach (var (aws, mine) in answer.Output.EvaluationResults.Zip(model.Result.EvaluationResults))
        {
            if (aws.ResourceSpecificResults.IsEmpty)
            {
                Compare($"{aws.EvalActionName}", aws.MissingContextValues, mine.MissingContextValues, aws.MatchedStatements, mine.MatchedStatements, problems);
            }
            foreach (var (a, m) in aws.ResourceSpecificResults.Zip(mine.ResourceSpecificResults))
            {
                Compare($"{aws.EvalActionName} {a.EvalResourceName}", a.MissingContextValues, m.MissingContextValues, a.MatchedStatements, m.MatchedStatements, problems);
            }
        }
        return problems.Count == 0 ? null : string.Join("\n  ", problems);
    }

    private static void Compare(string where, IEnumerable<string> awsMissing, IEnumerable<string> modelMissing,
        IEnumerable<StatementReference> awsMatched, IEnumerable<StatementReference> modelMatched, List<string> problems)
    {
        var am = awsMissing.Order(StringComparer.Ordinal).ToList();
        var mm = modelMissing.Order(StringComparer.Ordinal).ToList();
        if (!am.SequenceEqual(mm))
        {
            problems.Add($"{where}: MissingContextValues AWS [{string.Join(", ", am)}] model [{string.Join(", ", mm)}]");
        }
        var aw = awsMatched.Select(Describe).Order(StringComparer.Ordinal).ToList();
        var mo = modelMatched.Select(Describe).Order(StringComparer.Ordinal).ToList();
        if (!aw.SequenceEqual(mo))
        {
            problems.Add($"{where}: MatchedStatements AWS [{string.Join(", ", aw)}] model [{string.Join(", ", mo)}]");
        }
    }

    private static string Describe(StatementReference s) =>
        $"{s.SourcePolicyId}/{s.SourcePolicyType} {s.StartPosition.Line}:{s.StartPosition.Column}-{s.EndPosition.Line}:{s.EndPosition.Column}";

    [Fact]
    public void RecordedAnswers_MissingContextValuesAndMatchedStatements_AgreeWithTheModel()
    {
        var failures = new List<string>();
        var compared = 0;
        foreach (var answer in RecordedAnswers.Load())
        {
            var model = ModelSimulator.Simulate(answer.Request);
            if (answer.Output is null || answer.Summarized)
            {
                continue;
            }
            compared++;
            if (DetailDisagreement(answer, model) is { } problem)
            {
                failures.Add($"{answer.Name}\n  {problem}");
            }
        }
        output.WriteLine($"answers with full detail compared: {compared}; detail disagreements: {failures.Count}");
        Assert.True(failures.Count == 0, $"{failures.Count} recorded answers differ in detail:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void RecordedAnswers_AllPerResourceDecisions_AgreeWithTheModelOrAreDeclared()
    {
        var answers = RecordedAnswers.Load();
        var declared = DeclaredDifferences();
        Assert.Equal(184, answers.Length);
        var report = new StringBuilder();
        int agree = 0, declaredCount = 0;
        var failures = new List<string>();
        var stillDeclaredButAgreeing = new List<string>();
        foreach (var answer in answers)
        {
            var model = ModelSimulator.Simulate(answer.Request);
            var difference = Disagreement(answer, model);
            var isDeclared = declared.TryGetValue(BaseName(answer), out var reason);
            if (difference is null)
            {
                agree++;
                if (isDeclared)
                {
                    stillDeclaredButAgreeing.Add(answer.Name);
                }
            }
            else if (isDeclared)
            {
                declaredCount++;
                report.AppendLine($"declared: {answer.Name}: {reason}");
            }
            else
            {
                failures.Add($"{answer.Name}\n  {difference}");
            }
        }
        output.WriteLine($"recorded answers: {answers.Length}; agree: {agree}; declared differences: {declaredCount}; undeclared disagreements: {failures.Count}");
        output.WriteLine(report.ToString());
        Assert.True(stillDeclaredButAgreeing.Count == 0,
            "declared differences that no longer differ (remove them from declared-differences.json):\n" + string.Join("\n", stillDeclaredButAgreeing));
        Assert.True(failures.Count == 0, $"{failures.Count} recorded answers disagree with the model:\n" + string.Join("\n", failures));
    }
}
