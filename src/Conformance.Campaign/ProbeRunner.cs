using System.Collections.Immutable;
using Conformance.Model.Fixtures;
using Conformance.Model.Probes;
using Conformance.Model.Simulation;

namespace Conformance.Campaign;

/// <summary>What one probe got: the oracle's answer (to the probe's own request or to a shared one), the hypothesis
/// it satisfied, and whether that is the one the model assumes.</summary>
/// <param name="Held">The hypothesis the answer satisfied; null when none did (an unforeseen answer).</param>
/// <param name="FixturePath">The fixture that keeps the answer, replayed offline against the model from then on.</param>
public sealed record ProbeOutcome(Probe Probe, SimulationOutcome Answer, string? Held, string? FixturePath)
{
    /// <summary>IAM answered against the model's assumption, or with something no hypothesis foresaw.</summary>
    public bool Diverges => Held != Probe.ModelAssumes;

    /// <summary>One line for people: the probe, the hypothesis that held, the model's assumption, the verdict.</summary>
    public string Line => $"{Probe.Id}: {(Held is null ? "no hypothesis held" : $"'{Held}' held")} (the model assumes '{Probe.ModelAssumes}') — " +
                          (Diverges ? "DIVERGES: IAM answered against the model's assumption" : "the model agrees");
}

/// <summary>Where probe answers go and how they are described.</summary>
public sealed record ProbeRunOptions(string FixtureDirectory, string OracleDescription, FixtureOracleKind OracleKind, string? Tool = null);

/// <summary>
/// Puts probes to an oracle in few calls. Probes whose requests differ only in <c>ActionNames</c> and
/// <c>ResourceArns</c> share one call (the union of their actions on the union of their resources: every action is
/// decided on every resource on its own, so each probe reads its own rows back), unless a probe pages, has a resource
/// policy or looks at the top-level names (which the union would change). A shared call the oracle refuses is asked
/// again probe by probe, so that one probe's refusal (which may be its answer) never stands for another's. Each
/// answer is kept as a fixture of the request that was really asked.
/// </summary>
public sealed class ProbeRunner(ISimulationOracle oracle, ProbeRunOptions options)
{
    private const FixtureAspects Aspects =
        FixtureAspects.Decisions | FixtureAspects.MissingContextValues | FixtureAspects.MatchedStatements | FixtureAspects.DecisionDetails;

    public int Calls { get; private set; }

    public async Task<ImmutableArray<ProbeOutcome>> RunAsync(IEnumerable<Probe> probes, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<ProbeOutcome>();
        foreach (var batch in probes.GroupBy(p => BatchKey(p) ?? p.Id))
        {
            var members = batch.ToList();
            if (members.Count > 1)
            {
                var shared = members[0].Request with
                {
                    ActionNames = [.. members.SelectMany(p => p.Request.ActionNames).Distinct(StringComparer.Ordinal)],
                    ResourceArns = [.. members.SelectMany(p => p.Request.ResourceArns).Distinct(StringComparer.Ordinal)],
                };
                var answer = await AskAsync(shared, cancellationToken);
                if (!answer.IsError)
                {
                    var path = Keep($"probes:{string.Join("+", members.Select(p => p.Id))}",
                        "Probes asked in one call: " + string.Join(" / ", members.Select(p => p.Question)), shared, answer);
                    outcomes.AddRange(members.Select(p => Conclude(p, answer, path)));
                    continue;
                }
            }
            foreach (var probe in members)
            {
                var answer = await AskAsync(probe.Request, cancellationToken);
                outcomes.Add(Conclude(probe, answer, Keep($"probe:{probe.Id}", probe.Question, probe.Request, answer)));
            }
        }
        return [.. outcomes];
    }

    /// <summary>The request without its actions and resources, as text; null for a probe that cannot share a call.</summary>
    private static string? BatchKey(Probe probe) =>
        probe.Request.MaxItems is not null || probe.Request.Marker is not null || probe.Request.ResourcePolicy is not null ||
        probe.Hypotheses.Any(h => !h.Expectation.TopLevelNames.IsEmpty)
            ? null
            : SimulationJson.WriteRequest(probe.Request with { ActionNames = [], ResourceArns = [] }, indented: false);

    private async Task<SimulationOutcome> AskAsync(SimulationRequest request, CancellationToken cancellationToken)
    {
        Calls++;
        return await oracle.SimulateAsync(request, cancellationToken);
    }

    private static ProbeOutcome Conclude(Probe probe, SimulationOutcome answer, string path)
    {
        var held = probe.Held(answer);
        return new ProbeOutcome(probe, answer, held.Length == 1 ? held[0].Id : null, path);
    }

    private string Keep(string name, string description, SimulationRequest request, SimulationOutcome answer)
    {
        var fixture = new Fixture(
            Name: name,
            Description: description,
            Oracle: options.OracleKind,
            Provenance: new Provenance(Source: options.OracleDescription, Date: DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
                Tool: options.Tool ?? "conformance probe"),
            Request: request,
            Answer: answer.Result,
            Error: answer.Error,
            Compare: Aspects,
            Status: new FixtureStatus.Agrees());
        return FixtureStore.Write(options.FixtureDirectory, fixture).Path;
    }
}
