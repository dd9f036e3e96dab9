using System.Collections.Frozen;
using Conformance.Model.Simulation;

namespace Conformance.Model.Fixtures;

/// <summary>
/// An oracle that answers from recorded fixtures: the same question (byte-identical request in canonical form) gets
/// the recorded answer; any other question is "not recorded". Lets the comparison code treat recordings like any
/// other oracle.
/// </summary>
public sealed class FixtureOracle : ISimulationOracle
{
    public const string NotRecorded = "NotRecorded";

    private readonly FrozenDictionary<string, Fixture> _byRequest;

    public FixtureOracle(IEnumerable<Fixture> fixtures)
    {
        var map = new Dictionary<string, Fixture>(StringComparer.Ordinal);
        foreach (var fixture in fixtures)
        {
            map.TryAdd(Key(fixture.Request), fixture);
        }
        _byRequest = map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public string Name => "fixtures";

    public int Count => _byRequest.Count;

    public Task<SimulationOutcome> SimulateAsync(SimulationRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(Answer(request));

    public SimulationOutcome Answer(SimulationRequest request) =>
        _byRequest.TryGetValue(Key(request), out var fixture)
            ? fixture.Answer is { } answer ? SimulationOutcome.Of(answer) : SimulationOutcome.Of(fixture.Error!)
            : SimulationOutcome.Of(new SimulationError(NotRecorded, "no fixture holds this question"));

    private static string Key(SimulationRequest request) => SimulationJson.WriteRequest(request, indented: false);
}
