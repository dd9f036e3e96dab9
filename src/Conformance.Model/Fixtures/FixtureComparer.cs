using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Model.Fixtures;

/// <summary>Compares an oracle's answer with a fixture's recorded answer, on the aspects the fixture names.</summary>
public static class FixtureComparer
{
    /// <summary>The differences, one line each; empty when the answers agree.</summary>
    public static ImmutableArray<string> Differences(Fixture fixture, SimulationOutcome actual) =>
        Differences(fixture.Answer, fixture.Error, fixture.Compare, actual);

    public static ImmutableArray<string> Differences(SimulationResult? expected, SimulationError? expectedError, FixtureAspects compare, SimulationOutcome actual)
    {
        if (expectedError is not null)
        {
            return actual.Error?.Code == expectedError.Code
                ? []
                : [$"expected the error {expectedError.Code}; got {(actual.Error is { } e ? e.ToString() : "an answer with decisions")}"];
        }
        if (actual.Error is { } error)
        {
            return [$"expected decisions; got the error {error}"];
        }
        var problems = ImmutableArray.CreateBuilder<string>();
        var want = PerResource(expected!);
        var got = PerResource(actual.Result!);
        if (want.Length != got.Length)
        {
            problems.Add($"expected {want.Length} results; got {got.Length}");
            return problems.ToImmutable();
        }
        for (var i = 0; i < want.Length; i++)
        {
            var (w, g) = (want[i], got[i]);
            var where = $"{w.Action} on {w.Resource}";
            if (w.Action != g.Action || w.Resource != g.Resource)
            {
                problems.Add($"result {i + 1}: expected {where}; got {g.Action} on {g.Resource}");
                continue;
            }
            if (w.Decision != g.Decision)
            {
                problems.Add($"{where}: expected {w.Decision.WireName()}; got {g.Decision.WireName()}");
            }
            if (compare.HasFlag(FixtureAspects.MissingContextValues) && !Sorted(w.Missing).SequenceEqual(Sorted(g.Missing)))
            {
                problems.Add($"{where}: MissingContextValues expected [{string.Join(", ", Sorted(w.Missing))}]; got [{string.Join(", ", Sorted(g.Missing))}]");
            }
            if (compare.HasFlag(FixtureAspects.MatchedStatements) && !Sorted(w.Matched.Select(Describe)).SequenceEqual(Sorted(g.Matched.Select(Describe))))
            {
                problems.Add($"{where}: MatchedStatements expected [{string.Join("; ", Sorted(w.Matched.Select(Describe)))}]; got [{string.Join("; ", Sorted(g.Matched.Select(Describe)))}]");
            }
        }
        return problems.ToImmutable();
    }

    /// <summary>One action on one resource, as an answer decides it.</summary>
    public sealed record Row(string Action, string Resource, EvalDecision Decision, ImmutableArray<string> Missing, ImmutableArray<StatementReference> Matched);

    /// <summary>Per-resource rows: <c>ResourceSpecificResults</c> when present (IAM's top level is an aggregate), else the top level.</summary>
    public static ImmutableArray<Row> PerResource(SimulationResult result) =>
        result.EvaluationResults.SelectMany(r => r.ResourceSpecificResults.IsEmpty
            ? [new Row(r.EvalActionName, r.EvalResourceName, r.EvalDecision, r.MissingContextValues, r.MatchedStatements)]
            : r.ResourceSpecificResults.Select(s => new Row(r.EvalActionName, s.EvalResourceName, s.EvalResourceDecision, s.MissingContextValues, s.MatchedStatements)))
        .ToImmutableArray();

    private static IEnumerable<string> Sorted(IEnumerable<string> values) => values.Order(StringComparer.Ordinal);

    private static string Describe(StatementReference s) =>
        $"{s.SourcePolicyId} {s.StartPosition.Line}:{s.StartPosition.Column}-{s.EndPosition.Line}:{s.EndPosition.Column}";
}
