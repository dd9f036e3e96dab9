using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Fixtures;
using Conformance.Model.Simulation;

namespace Conformance.Model.Probes;

/// <summary>
/// An open question of the model in a form live IAM can answer: the question in words, the SimulateCustomPolicy
/// request that settles it, each possible answer with what it would mean, and which one the model assumes now. The
/// code that makes the assumption carries the marker <c>(probe &lt;id&gt;)</c>; tests/Probes holds one file a probe.
/// </summary>
public sealed record Probe(
    string Id,
    string Question,
    SimulationRequest Request,
    ImmutableArray<ProbeHypothesis> Hypotheses,
    string ModelAssumes,
    ProbeStatus Status)
{
    public const int FormatVersion = 1;

    /// <summary>The hypotheses that an answer satisfies (normally one; none when IAM answered something unforeseen).</summary>
    public ImmutableArray<ProbeHypothesis> Held(SimulationOutcome outcome) => [.. Hypotheses.Where(h => h.Expectation.HoldsFor(outcome))];
}

/// <summary>Whether live IAM has answered the probe yet.</summary>
public abstract record ProbeStatus
{
    private ProbeStatus()
    {
    }

    public sealed record Unsettled : ProbeStatus;

    /// <summary>IAM answered: which hypothesis held (null: none), when, and the fixture that keeps the answer.</summary>
    public sealed record Settled(string? Held, string Date, string Fixture) : ProbeStatus;
}

/// <summary>One possible answer and what it would mean for the model.</summary>
public sealed record ProbeHypothesis(string Id, string Meaning, ProbeExpectation Expectation);

/// <summary>
/// What an answer must show for a hypothesis to hold: an error code, or per-resource rows (decision, and optionally
/// <c>MissingContextValues</c> and the <c>SourcePolicyType</c>s of <c>MatchedStatements</c>), and top-level names.
/// </summary>
public sealed record ProbeExpectation(
    string? ErrorCode,
    ImmutableArray<ProbeRow> Rows,
    ImmutableArray<(string Action, string EvalResourceName)> TopLevelNames)
{
    public bool HoldsFor(SimulationOutcome outcome)
    {
        if (ErrorCode is not null)
        {
            return outcome.Error?.Code == ErrorCode;
        }
        if (outcome.Result is not { } result)
        {
            return false;
        }
        var rows = FixtureComparer.PerResource(result);
        foreach (var want in Rows)
        {
            var got = rows.FirstOrDefault(r => r.Action == want.Action && r.Resource == want.Resource);
            if (got is null || got.Decision != want.Decision ||
                (want.MissingContextValues is { } missing && !missing.Order(StringComparer.Ordinal).SequenceEqual(got.Missing.Order(StringComparer.Ordinal))) ||
                (want.SourcePolicyTypes is { } types && !types.Order(StringComparer.Ordinal).SequenceEqual(got.Matched.Select(m => m.SourcePolicyType ?? "").Order(StringComparer.Ordinal))))
            {
                return false;
            }
        }
        foreach (var (action, name) in TopLevelNames)
        {
            if (!result.EvaluationResults.Any(r => r.EvalActionName == action && r.EvalResourceName == name))
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>One action on one resource as a hypothesis expects it.</summary>
public sealed record ProbeRow(
    string Action,
    string Resource,
    EvalDecision Decision,
    ImmutableArray<string>? MissingContextValues = null,
    ImmutableArray<string>? SourcePolicyTypes = null);
