using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Model.Fixtures;

/// <summary>Compares an oracle's answer with a fixture's recorded answer, on the aspects the fixture names.</summary>
public static class FixtureComparer
{
    // The two sides, named plainly in every difference: the answer kept in the fixture (or the oracle's, in a campaign)
    // and the one being checked against it, which is the model in every caller.
    private const string Recorded = "the oracle's answer";
    private const string Answered = "the model";

    /// <summary>The differences, one line each; empty when the answers agree.</summary>
    public static ImmutableArray<string> Differences(Fixture fixture, SimulationOutcome actual) =>
        fixture.Compare.HasFlag(FixtureAspects.Shape)
            ? ShapeDifferences(fixture.Question, actual)
            : Differences(fixture.Answer, fixture.Error, fixture.Compare, actual);

    /// <summary>The form of a paged answer to <paramref name="question"/> (see <see cref="FixtureAspects.Shape"/>).</summary>
    public static ImmutableArray<string> ShapeDifferences(SimulationRequest question, SimulationOutcome actual)
    {
        if (actual.Error is { } error)
        {
            return [$"the answer should be a page of results; {Answered} answered the error {error}"];
        }
        var result = actual.Result!;
        var problems = ImmutableArray.CreateBuilder<string>();
        var maxItems = question.MaxItems ?? Paging.DefaultMaxItems;
        if (result.EvaluationResults.Length > maxItems)
        {
            problems.Add($"a page holds at most {maxItems} results (MaxItems); {Answered} answered {result.EvaluationResults.Length}");
        }
        if (result.IsTruncated != result.Marker is not null)
        {
            problems.Add($"IsTruncated is {result.IsTruncated} but the answer {(result.Marker is null ? "has no" : "has a")} Marker");
        }
        foreach (var r in result.EvaluationResults)
        {
            if (!question.ActionNames.Contains(r.EvalActionName))
            {
                problems.Add($"a result for {r.EvalActionName}, which the request does not name");
            }
            var resources = r.ResourceSpecificResults.Select(s => s.EvalResourceName);
            if (!question.ResourceArns.IsEmpty && !resources.SequenceEqual(question.ResourceArns))
            {
                problems.Add($"{r.EvalActionName}: per-resource results for [{string.Join(", ", resources)}], not the request's resources");
            }
        }
        return problems.ToImmutable();
    }

    public static ImmutableArray<string> Differences(SimulationResult? expected, SimulationError? expectedError, FixtureAspects compare, SimulationOutcome actual)
    {
        if (expectedError is not null)
        {
            return actual.Error?.Code == expectedError.Code
                ? []
                : [$"{Recorded} is the error {expectedError.Code}; {Answered} answered {(actual.Error is { } e ? "the error " + e : "with decisions")}"];
        }
        if (actual.Error is { } error)
        {
            return [$"{Recorded} has decisions; {Answered} answered the error {error}"];
        }
        var problems = ImmutableArray.CreateBuilder<string>();
        var want = PerResource(expected!);
        var got = PerResource(actual.Result!);
        if (want.Length != got.Length)
        {
            problems.Add($"{Recorded} has {want.Length} results; {Answered} answered {got.Length}");
            return problems.ToImmutable();
        }
        for (var i = 0; i < want.Length; i++)
        {
            var (w, g) = (want[i], got[i]);
            var where = $"{w.Action} on {w.Resource}";
            if (w.Action != g.Action || w.Resource != g.Resource)
            {
                problems.Add($"result {i + 1}: {Recorded} is for {where}; {Answered} answered for {g.Action} on {g.Resource}");
                continue;
            }
            if (w.Decision != g.Decision)
            {
                problems.Add($"{where}: {Recorded} says {w.Decision.WireName()}; {Answered} answered {g.Decision.WireName()}");
            }
            if (compare.HasFlag(FixtureAspects.MissingContextValues) && !Sorted(w.Missing).SequenceEqual(Sorted(g.Missing)))
            {
                problems.Add($"{where}: MissingContextValues: {Recorded} says [{string.Join(", ", Sorted(w.Missing))}]; {Answered} answered [{string.Join(", ", Sorted(g.Missing))}]");
            }
            if (compare.HasFlag(FixtureAspects.MatchedStatements) && !Sorted(w.Matched.Select(Describe)).SequenceEqual(Sorted(g.Matched.Select(Describe))))
            {
                problems.Add($"{where}: MatchedStatements: {Recorded} says [{string.Join("; ", Sorted(w.Matched.Select(Describe)))}]; {Answered} answered [{string.Join("; ", Sorted(g.Matched.Select(Describe)))}]");
            }
        }
        if (compare.HasFlag(FixtureAspects.DecisionDetails))
        {
            problems.AddRange(DetailDifferences(expected!, actual.Result!));
        }
        return problems.ToImmutable();
    }

    /// <summary>The top level of each action's result: its name, aggregate decision and decision details.</summary>
    private static IEnumerable<string> DetailDifferences(SimulationResult expected, SimulationResult actual)
    {
        foreach (var (w, g) in expected.EvaluationResults.Zip(actual.EvaluationResults))
        {
            var where = $"{w.EvalActionName} (top level)";
            if (w.EvalResourceName != g.EvalResourceName)
            {
                yield return $"{where}: EvalResourceName: {Recorded} says {w.EvalResourceName}; {Answered} answered {g.EvalResourceName}";
            }
            if (w.EvalDecision != g.EvalDecision)
            {
                yield return $"{where}: EvalDecision: {Recorded} says {w.EvalDecision.WireName()}; {Answered} answered {g.EvalDecision.WireName()}";
            }
            if (!Equals(w.EvalDecisionDetails, g.EvalDecisionDetails))
            {
                yield return $"{where}: EvalDecisionDetails: {Recorded} says {Show(w.EvalDecisionDetails)}; {Answered} answered {Show(g.EvalDecisionDetails)}";
            }
            if (w.AllowedByPermissionsBoundary != g.AllowedByPermissionsBoundary)
            {
                yield return $"{where}: AllowedByPermissionsBoundary: {Recorded} says {Show(w.AllowedByPermissionsBoundary)}; {Answered} answered {Show(g.AllowedByPermissionsBoundary)}";
            }
            if (w.AllowedByOrganizations != g.AllowedByOrganizations)
            {
                yield return $"{where}: AllowedByOrganizations: {Recorded} says {Show(w.AllowedByOrganizations)}; {Answered} answered {Show(g.AllowedByOrganizations)}";
            }
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "absent",
        bool b => b ? "true" : "false",
        _ => value.ToString()!,
    };

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
