using System.Collections.Concurrent;
using Conformance.Model.Simulation;

namespace Conformance.Campaign;

/// <summary>
/// Remembers every answer of an oracle, keyed by the canonical request, and counts the calls that actually reached it.
/// Shrinking asks many similar questions; none is asked twice. With a <paramref name="corpus"/>, every answer the inner
/// oracle gives (agreement or not) is also appended to it.
/// </summary>
public sealed class CachingOracle(ISimulationOracle inner, AnswerCorpus? corpus = null) : ISimulationOracle
{
    private readonly ConcurrentDictionary<string, SimulationOutcome> _answers = new(StringComparer.Ordinal);
    private int _calls;

    public string Name => inner.Name;

    /// <summary>The corpus every answer is appended to, if any.</summary>
    public AnswerCorpus? Corpus => corpus;

    /// <summary>Questions that reached the inner oracle (cache misses).</summary>
    public int Calls => _calls;

    public bool IsCached(SimulationRequest request) => _answers.ContainsKey(Key(request));

    public async Task<SimulationOutcome> SimulateAsync(SimulationRequest request, CancellationToken cancellationToken = default)
    {
        var key = Key(request);
        if (_answers.TryGetValue(key, out var cached))
        {
            return cached;
        }
        Interlocked.Increment(ref _calls);
        var answer = await inner.SimulateAsync(request, cancellationToken).ConfigureAwait(false);
        _answers[key] = answer;
        corpus?.Record(request, answer);
        return answer;
    }

    private static string Key(SimulationRequest request) => SimulationJson.WriteRequest(request, indented: false);
}

/// <summary>The reference model as an oracle.</summary>
public sealed class ModelOracle : ISimulationOracle
{
    public string Name => "model";

    public Task<SimulationOutcome> SimulateAsync(SimulationRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(ModelSimulator.Simulate(request));
}
