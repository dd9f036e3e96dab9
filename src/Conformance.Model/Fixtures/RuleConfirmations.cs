using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Model.Fixtures;

/// <summary>How many AWS answers confirmed one rule of the model, and the latest date of one of them.</summary>
/// <param name="LastConfirmed">The date (yyyy-MM-dd) of the latest confirming answer; null when none, or none dated.</param>
public sealed record RuleConfirmation(string RuleId, int Confirmations, string? LastConfirmed);

/// <summary>
/// Confirmations per rule id (<see cref="RuleIds.All"/>): a per-resource answer of AWS confirms every rule the model's
/// explanation of that decision used, when the model decided the same. Read from the answer corpus
/// (tests/Recorded/live/*.jsonl) and from the AWS fixtures (tests/Fixtures/aws-recorded). Errors confirm nothing.
/// </summary>
public static class RuleConfirmations
{
    /// <summary>Every rule of the closed list, in its order, with its confirmations (zero when none).</summary>
    public static ImmutableArray<RuleConfirmation> Count(IEnumerable<(SimulationRequest Request, SimulationResult Answer, string? Date)> answers)
    {
        var counts = RuleIds.All.ToDictionary(id => id, _ => (Count: 0, Last: (string?)null), StringComparer.Ordinal);
        foreach (var (request, answer, date) in answers)
        {
            var (error, explanations, _) = SimulationExplainer.Explain(request);
            if (error is not null)
            {
                continue;
            }
            var aws = FixtureComparer.PerResource(answer).ToLookup(r => (r.Action, r.Resource));
            foreach (var explanation in explanations)
            {
                var resource = explanation.Request.Resource;
                // Invariant: a confirmation needs AWS's decision on exactly this action and resource.
                var agrees = aws[(explanation.Request.Action, resource)].Any(r => r.Decision == explanation.Decision.Decision);
                if (!agrees)
                {
                    continue;
                }
                foreach (var id in explanation.RuleIds)
                {
                    var (count, last) = counts[id];
                    counts[id] = (count + 1, Later(last, date));
                }
            }
        }
        return [.. RuleIds.All.Select(id => new RuleConfirmation(id, counts[id].Count, counts[id].Last))];
    }

    /// <summary>Confirmations from the answer corpus folder and the AWS fixture folder; a missing folder adds none.</summary>
    public static ImmutableArray<RuleConfirmation> FromRecorded(string corpusDirectory, string awsFixtureDirectory) =>
        Count(CorpusAnswers(corpusDirectory).Concat(FixtureAnswers(awsFixtureDirectory)));

    /// <summary>Answers of the corpus's complete lines; a line that cannot be read, or that holds an error, is skipped.</summary>
    public static IEnumerable<(SimulationRequest, SimulationResult, string?)> CorpusAnswers(string directory)
    {
        foreach (var file in AnswerCorpusFile.Files(directory))
        {
            foreach (var (_, line) in AnswerCorpusFile.CompleteLines(file))
            {
                if (AnswerCorpusFile.ReadLine(line) is { Answer.Result: { } result } read)
                {
                    yield return (read.Request, result, read.Date is { Length: >= 10 } date ? date[..10] : read.Date);
                }
            }
        }
    }

    private static IEnumerable<(SimulationRequest, SimulationResult, string?)> FixtureAnswers(string directory)
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            if (FixtureJson.ReadFile(file).Fixture is { Oracle: FixtureOracleKind.Aws, Answer: { } answer } fixture)
            {
                yield return (fixture.Request, answer, fixture.Provenance.Date is { Length: >= 10 } d ? d[..10] : fixture.Provenance.Date);
            }
        }
    }

    /// <summary>
    /// The least-confirmed rules: those whose count is at most the lowest quartile's bound (the count of the rule at
    /// a quarter of the list sorted by confirmations), so ties at the bound are all in.
    /// </summary>
    public static ImmutableHashSet<string> LeastConfirmed(ImmutableArray<RuleConfirmation> confirmations)
    {
        if (confirmations.IsEmpty)
        {
            return [];
        }
        var sorted = confirmations.Select(c => c.Confirmations).Order().ToList();
        var bound = sorted[(sorted.Count - 1) / 4];
        return [.. confirmations.Where(c => c.Confirmations <= bound).Select(c => c.RuleId)];
    }

    /// <summary>The rules the model's explanations of a question use, over every action and resource; none when it errs.</summary>
    public static ImmutableHashSet<string> RulesOf(SimulationRequest request)
    {
        var (error, explanations, _) = SimulationExplainer.Explain(request);
        return error is not null ? [] : [.. explanations.SelectMany(e => e.RuleIds)];
    }

    private static string? Later(string? a, string? b) =>
        a is null ? b : b is null ? a : string.CompareOrdinal(a, b) >= 0 ? a : b;
}
