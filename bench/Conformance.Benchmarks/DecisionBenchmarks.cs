using BenchmarkDotNet.Attributes;
using Conformance.Benchmarks.Corpus;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Benchmarks;

/// <summary>
/// Per-resource decisions of SendCommand calls. One benchmark operation is one decision
/// (<see cref="BenchmarkAttribute.OperationsPerInvoke"/> is the corpus size), so BenchmarkDotNet's "Mean" is
/// the time per decision and "Allocated" the bytes per decision.
/// </summary>
[Config(typeof(DecisionConfig))]
public class DecisionBenchmarks
{
    /// <summary>Per-resource questions in the default corpus; asserted in <see cref="Setup"/>.</summary>
    public const int Decisions = 2360;

    private ResourceQuestion[] _questions = [];

    [GlobalSetup]
    public void Setup()
    {
        _questions = [.. SendCommandCorpus.Generate(new CorpusSettings()).Questions];
        if (_questions.Length != Decisions)
        {
            throw new InvalidOperationException($"the default corpus has {_questions.Length} questions; set Decisions to that");
        }
    }

    /// <summary>The evaluator on pre-parsed policies and pre-built contexts: the campaign's inner loop.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Decisions)]
    public int Evaluate() => EvaluateAll(_questions);

    /// <summary>How many of <paramref name="questions"/> the evaluator allows; also the baseline of other benchmarks.</summary>
    internal static int EvaluateAll(ResourceQuestion[] questions)
    {
        var allowed = 0;
        foreach (var question in questions)
        {
            if (PolicyEvaluator.Evaluate(question.Policies, question.Request).Decision == EvalDecision.Allowed)
            {
                allowed++;
            }
        }
        return allowed;
    }

    /// <summary>The whole SimulateCustomPolicy answer from its input: validation, parsing, context, shaping.</summary>
    [Benchmark(OperationsPerInvoke = Decisions)]
    public int Simulate()
    {
        var allowed = 0;
        foreach (var question in _questions)
        {
            if (ModelSimulator.Simulate(question.Simulation).Result!.EvaluationResults[0].EvalDecision == EvalDecision.Allowed)
            {
                allowed++;
            }
        }
        return allowed;
    }
}
