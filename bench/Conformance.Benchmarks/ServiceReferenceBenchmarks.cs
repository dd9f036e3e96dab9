using BenchmarkDotNet.Attributes;
using Conformance.Benchmarks.Corpus;
using Conformance.Generators;
using Conformance.Model.Services;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Benchmarks;

/// <summary>
/// <see cref="ServiceReference.MatchResource"/>, the question the evaluator will ask of every per-resource decision
/// ("is this ARN a resource type of this action?"), beside the decision itself. One operation is one question
/// (<see cref="BenchmarkAttribute.OperationsPerInvoke"/>), so "Mean" is the time per question and the ratio against
/// <c>Evaluate</c> is what the rule would add to a decision.
/// </summary>
[Config(typeof(DecisionConfig))]
public class ServiceReferenceBenchmarks
{
    private ResourceQuestion[] _questions = [];
    private (string Action, string Resource)[] _corpus = [];
    private (string Action, string Resource)[] _generated = [];

    [GlobalSetup]
    public void Setup()
    {
        _questions = [.. SendCommandCorpus.Generate(new CorpusSettings()).Questions];
        if (_questions.Length != DecisionBenchmarks.Decisions)
        {
            throw new InvalidOperationException($"the default corpus has {_questions.Length} questions, not {DecisionBenchmarks.Decisions}");
        }
        _corpus = [.. _questions.Select(q => (q.Request.Action, q.Request.Resource))];
        // As many pairs of any service (matched and mismatched), drawn from a fixed seed.
        _generated = [.. ResourceTypeGenerators.PairGen().Sample(DecisionBenchmarks.Decisions, new Rnd(20261129UL), 50).Select(p => (p.Action, p.Resource))];
        // Load the snapshot and build every matcher used here before measuring.
        MatchCorpus();
        MatchGenerated();
    }

    /// <summary>The evaluator on the corpus, as in <see cref="DecisionBenchmarks"/>: the scale to compare with.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = DecisionBenchmarks.Decisions)]
    public int Evaluate() => DecisionBenchmarks.EvaluateAll(_questions);

    /// <summary>MatchResource on the corpus's SendCommand questions (document, instance, managed-instance ARNs).</summary>
    [Benchmark(OperationsPerInvoke = DecisionBenchmarks.Decisions)]
    public int MatchCorpus() => CountMatches(_corpus);

    /// <summary>MatchResource on generated pairs of many services, about 60% of them matching.</summary>
    [Benchmark(OperationsPerInvoke = DecisionBenchmarks.Decisions)]
    public int MatchGenerated() => CountMatches(_generated);

    private static int CountMatches((string Action, string Resource)[] pairs)
    {
        var matched = 0;
        var reference = ServiceReference.Default;
        foreach (var (action, resource) in pairs)
        {
            if (reference.MatchResource(action, resource) is ResourceTypeMatch.Matches)
            {
                matched++;
            }
        }
        return matched;
    }
}

/// <summary>Reading the embedded snapshot (decompressing, parsing, indexing), which <see cref="ServiceReference.Default"/>
/// does once per process.</summary>
[Config(typeof(DecisionConfig))]
public class ServiceReferenceLoadBenchmarks
{
    [Benchmark]
    public int ReadSnapshot()
    {
        using var stream = typeof(ServiceReference).Assembly.GetManifestResourceStream(ServiceReference.ResourceName)!;
        return ServiceReferenceSnapshot.Read(stream, ServiceReference.ResourceName).ActionCount;
    }
}
