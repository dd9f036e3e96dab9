using BenchmarkDotNet.Attributes;
using Conformance.Benchmarks.Corpus;
using Conformance.Generators;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;
using Conformance.Peer;
using FsCheck.Fluent;

namespace Conformance.Benchmarks;

/// <summary>
/// The model and the peer (@cloud-copilot/iam-simulate in its own Node process, tools/peer) on the SAME questions, in
/// one run, one operation per per-resource decision. The peer's figure includes its JSON Lines round trip (one pipelined
/// exchange for the whole slice), as that is how the suite uses it. <see cref="Evaluate"/> is the baseline, so the
/// Ratio column is how many times slower each line is than the model's evaluator.
/// </summary>
[Config(typeof(DecisionConfig))]
public class PeerComparisonBenchmarks
{
    /// <summary>The first questions of the default corpus: enough for a stable figure, few enough for the slow peer.</summary>
    public const int Questions = 500;

    private ResourceQuestion[] _questions = [];
    private SimulationRequest[] _requests = [];
    private PeerOracle? _peer;

    [GlobalSetup]
    public void Setup()
    {
        _questions = [.. SendCommandCorpus.Generate(new CorpusSettings()).Questions.Take(Questions)];
        _requests = [.. _questions.Select(q => q.Simulation)];
        var directory = PeerOracle.FindPeerDirectory(AppContext.BaseDirectory) ?? PeerOracle.FindPeerDirectory()
            ?? throw new InvalidOperationException("tools/peer not found above the benchmark; run `npm ci` in tools/peer first");
        _peer = PeerOracle.StartAsync(directory).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _peer?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The model's evaluator on pre-parsed policies: the campaign's inner loop.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Questions)]
    public int Evaluate()
    {
        var allowed = 0;
        foreach (var question in _questions)
        {
            allowed += PolicyEvaluator.Evaluate(question.Policies, question.Request).Decision == EvalDecision.Allowed ? 1 : 0;
        }
        return allowed;
    }

    /// <summary>The model from the SimulateCustomPolicy input (validation and parsing included), as the peer works.</summary>
    [Benchmark(OperationsPerInvoke = Questions)]
    public int Simulate()
    {
        var allowed = 0;
        foreach (var request in _requests)
        {
            allowed += ModelSimulator.Simulate(request).Result!.EvaluationResults[0].EvalDecision == EvalDecision.Allowed ? 1 : 0;
        }
        return allowed;
    }

    /// <summary>The peer on the same inputs, through its JSON Lines process.</summary>
    [Benchmark(OperationsPerInvoke = Questions)]
    public int Peer()
    {
        var answers = _peer!.AskManyAsync(_requests).GetAwaiter().GetResult();
        return answers.Count(a => a.Decisions.Length > 0 && a.Decisions[0].Decision == EvalDecision.Allowed);
    }
}

/// <summary>Generator throughput: generated cases per second (Decisions/s reads as cases/s here).</summary>
[Config(typeof(DecisionConfig))]
public class GeneratorBenchmarks
{
    public const int Cases = 1000;

    [Benchmark(OperationsPerInvoke = Cases)]
    public int PolicyCases() =>
        PolicyGenerators.CaseGen(GeneratorSettings.Default).Sample(Cases, new FsCheck.Rnd(20261129UL), 50).Length;

    [Benchmark(OperationsPerInvoke = Cases)]
    public int SendCommandCases() =>
        SendCommandGenerators.CaseGen(GeneratorSettings.Default).Sample(Cases, new FsCheck.Rnd(20261129UL), 50).Length;
}
