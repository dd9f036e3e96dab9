using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Conformance.Benchmarks.Corpus;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Benchmarks;

/// <summary>
/// The full <c>Simulate</c> path (policy text in, answer out) of two models in one run: <c>before</c> is the Baseline
/// build configuration (the model as of the commit <c>bench/baseline.sh</c> wrote to <c>bench/.baseline</c>),
/// <c>after</c> the Release build of this tree. The same benchmark code runs against each, so the ratio is the model's.
/// </summary>
[Config(typeof(BeforeAfterConfig))]
public class SimulateBeforeAfterBenchmarks
{
    private SimulationRequest[] _requests = [];

    [GlobalSetup]
    public void Setup()
    {
        _requests = [.. SendCommandCorpus.Generate(new CorpusSettings()).Questions.Select(q => q.Simulation)];
        if (_requests.Length != DecisionBenchmarks.Decisions)
        {
            throw new InvalidOperationException($"the default corpus has {_requests.Length} questions, not {DecisionBenchmarks.Decisions}");
        }
    }

    /// <summary><see cref="ModelSimulator.Simulate(SimulationRequest)"/> on every question of the benchmark corpus; one
    /// operation is one request (one per-resource decision).</summary>
    [Benchmark(OperationsPerInvoke = DecisionBenchmarks.Decisions)]
    public int Simulate() => SimulateAll(_requests);

    internal static int SimulateAll(SimulationRequest[] requests)
    {
        var allowed = 0;
        foreach (var request in requests)
        {
            if (ModelSimulator.Simulate(request).Result!.EvaluationResults[0].EvalDecision == EvalDecision.Allowed)
            {
                allowed++;
            }
        }
        return allowed;
    }
}

/// <summary>
/// One <c>ssm:SendCommand</c> call over a 200-node fleet under the seed's tag policy, every check through the full
/// <c>Simulate</c> path (<see cref="SendCommandFleet"/>); one operation is the whole call (202 requests). Before and
/// after in one run, as <see cref="SimulateBeforeAfterBenchmarks"/>.
/// </summary>
[Config(typeof(BeforeAfterConfig))]
public class SendCommandFleetBeforeAfterBenchmarks
{
    private SimulationRequest[] _requests = [];

    [GlobalSetup]
    public void Setup() => _requests = SendCommandFleet.Requests();

    [Benchmark]
    public int SendCommandCall200Nodes() => SimulateBeforeAfterBenchmarks.SimulateAll(_requests);
}

/// <summary>Two jobs over two builds: <c>before</c> (Baseline configuration, the ratio's baseline) and <c>after</c>
/// (Release). ShortRun settings, so a run fits a shared machine; run it twice and compare ratios.</summary>
public sealed class BeforeAfterConfig : ManualConfig
{
    public BeforeAfterConfig()
    {
        AddJob(Job.ShortRun.WithCustomBuildConfiguration("Baseline").WithId("before").AsBaseline());
        AddJob(Job.ShortRun.WithCustomBuildConfiguration("Release").WithId("after"));
        AddDiagnoser(MemoryDiagnoser.Default);
        // Two full builds of the model on a shared two-core machine take longer than BenchmarkDotNet's default 2 minutes.
        WithBuildTimeout(TimeSpan.FromMinutes(20));
    }
}
