using BenchmarkDotNet.Attributes;
using Conformance.Benchmarks.Corpus;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using Conformance.Model.Services;
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

    /// <summary>
    /// The evaluator behind the simulator's first question: is the resource one of the action's resource types in the
    /// Service Authorization Reference? (Before/after the check, side by side with <see cref="Evaluate"/>.)
    /// </summary>
    [Benchmark(OperationsPerInvoke = Decisions)]
    public int EvaluateCheckingResourceType()
    {
        var allowed = 0;
        var services = ServiceReference.Default;
        foreach (var question in _questions)
        {
            if (ModelSimulator.OfActionResourceType(question.Request.Action, question.Request.Resource, services) &&
                PolicyEvaluator.Evaluate(question.Policies, question.Request).Decision == EvalDecision.Allowed)
            {
                allowed++;
            }
        }
        return allowed;
    }

    /// <summary>The whole answer with a service reference that knows no service: no resource-type check, no
    /// action-group rule (the "before" of <see cref="Simulate"/>).</summary>
    [Benchmark(OperationsPerInvoke = Decisions)]
    public int SimulateWithoutServiceReference()
    {
        var allowed = 0;
        foreach (var question in _questions)
        {
            if (ModelSimulator.Simulate(question.Simulation, NoServices).Result!.EvaluationResults[0].EvalDecision == EvalDecision.Allowed)
            {
                allowed++;
            }
        }
        return allowed;
    }

    private static readonly ServiceReference NoServices = new(ServiceReference.Default.Provenance, []);

#if !BASELINE
    /// <summary>The whole answer with every policy parsed afresh (<see cref="ParsedPolicyCache.None"/>): what the
    /// policy cache saves, beside <see cref="Simulate"/>. Not in the Baseline build, whose model has no cache.</summary>
    [Benchmark(OperationsPerInvoke = Decisions)]
    public int SimulateWithoutCache()
    {
        var allowed = 0;
        foreach (var question in _questions)
        {
            if (ModelSimulator.Simulate(question.Simulation, ServiceReference.Default, ParsedPolicyCache.None).Result!.EvaluationResults[0].EvalDecision == EvalDecision.Allowed)
            {
                allowed++;
            }
        }
        return allowed;
    }
#endif

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
