using System.Text;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Benchmarks.Corpus;

/// <summary>
/// What the corpus holds and what the model answers on it: the distribution of decisions (a corpus that is
/// mostly implicit denies would measure little), and a canonical line per question, so that two builds of the
/// model can be compared answer by answer (<c>corpus --dump FILE</c>, then <c>diff</c>).
/// </summary>
public static class CorpusReport
{
    public static string Describe(SendCommandCorpus corpus)
    {
        var questions = corpus.Questions;
        var decisions = questions.Select(q => PolicyEvaluator.Evaluate(q.Policies, q.Request)).ToList();
        var text = new StringBuilder();
        text.AppendLine($"seed {corpus.Settings.Seed}: {corpus.Settings.Cases} cases, {corpus.Fleet.Length} nodes, {questions.Length} per-resource decisions");
        foreach (var kind in new[] { "document/", "instance/", "managed-instance/" })
        {
            var ofKind = decisions.Where((_, i) => questions[i].Request.Resource.Contains($":{kind}", StringComparison.Ordinal)).ToList();
            text.AppendLine($"  {kind,-18} {ofKind.Count,5}: {Tally(ofKind)}");
        }
        text.AppendLine($"  {"all",-18} {decisions.Count,5}: {Tally(decisions)}");
        text.AppendLine($"  with a boundary: {questions.Count(q => q.Policies.PermissionsBoundary is not null)}; " +
                        $"with MissingContextValues: {decisions.Count(d => !d.MissingContextValues.IsEmpty)}");
        return text.ToString();
    }

    private static string Tally(IReadOnlyCollection<ResourceDecision> decisions) =>
        string.Join(", ", Enum.GetValues<EvalDecision>().Select(d =>
            $"{d.WireName()} {decisions.Count(x => x.Decision == d) * 100.0 / Math.Max(1, decisions.Count):0}%"));

    /// <summary>One line per question with everything the evaluator answered and the simulator's whole answer (aws-cli
    /// JSON); also checks that the two decisions agree.</summary>
    public static IEnumerable<string> Answers(SendCommandCorpus corpus)
    {
        foreach (var question in corpus.Questions)
        {
            var decision = PolicyEvaluator.Evaluate(question.Policies, question.Request);
            var outcome = ModelSimulator.Simulate(question.Simulation);
            var simulated = outcome.Result?.EvaluationResults.Single().EvalDecision;
            if (simulated != decision.Decision)
            {
                throw new InvalidOperationException($"case {question.Case} {question.Request.Resource}: Evaluate says {decision.Decision}, Simulate {simulated}");
            }
            var matched = string.Join(" ", decision.MatchedStatements.Select(m => $"{m.SourcePolicyId}#{m.Statement.Index}@{m.Statement.Start}"));
            yield return $"{question.Case} {question.Request.Resource} {decision.Decision.WireName()} " +
                         $"boundary={decision.AllowedByPermissionsBoundary?.ToString() ?? "-"} " +
                         $"matched=[{matched}] missing=[{string.Join(" ", decision.MissingContextValues)}] " +
                         $"simulate={SimulationJson.WriteResult(outcome.Result!, indented: false)}";
        }
    }
}
