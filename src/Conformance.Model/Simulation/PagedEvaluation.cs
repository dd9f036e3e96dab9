using System.Collections.Immutable;
using Conformance.Model.Evaluation;

namespace Conformance.Model.Simulation;

/// <summary>
/// Evaluates only the page of results a request asks for, within a bound on the work and the output of one request.
/// Results are one per action, so the page is the actions <c>[Marker, Marker + MaxItems)</c> (<c>MaxItems</c> defaults
/// to 100; <c>Marker</c> is the index of the next result). IAM documents that a page may hold fewer than
/// <c>MaxItems</c> results even when more are available ("check IsTruncated after every call",
/// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html, MaxItems): the model cuts a
/// page early when the next action would cross the page's bound, and answers <c>PolicyEvaluation</c> only when one
/// action on its own would cross the larger bound of a single result (found by the robustness run: 1,000 actions ×
/// 1,000 resources were all evaluated before the first page of 100 was cut; two 5,000-statement policies × 50
/// resources × 3 actions took 77 s, 8 GB and printed 790 MB; later, pages of 31 results × 1,000 resources passed 1 s
/// on a busy machine, so a page now holds a quarter of the work and an eighth of the output one result may take).
/// </summary>
public static class PagedEvaluation
{
    /// <summary>Statements × resources of one action: a result that would take more is refused.</summary>
    public const long MaxStatementEvaluations = 200_000;

    /// <summary>The estimated size of one result in characters (aws-cli JSON, indented): a larger one is refused.</summary>
    public const long MaxOutputCharacters = 8 * 1024 * 1024;

    /// <summary>Statements × resources × actions of a page of more than one result: the page is cut before it passes this.</summary>
    public const long PageStatementEvaluations = 50_000;

    /// <summary>The estimated size of a page of more than one result: the page is cut before it passes this.</summary>
    public const long PageOutputCharacters = 1024 * 1024;

    // Rough sizes of the fixed text around each element of the aws-cli JSON answer, to estimate it before writing it.
    private const int ResultOverhead = 300;
    private const int ResourceOverhead = 200;
    private const int StatementReferenceSize = 320;
    private const int MissingValueOverhead = 20;

    /// <summary>The page's results, evaluated with <paramref name="evaluate"/> one action at a time, or the error IAM would give.</summary>
    public static SimulationOutcome Run(SimulationRequest request, int statementCount, Func<string, EvaluationResult> evaluate)
    {
        var (start, end, error) = Plan(request, statementCount);
        if (error is not null)
        {
            return SimulationOutcome.Of(error);
        }
        var actions = request.ActionNames;
        // Stryker disable once Arithmetic : a capacity; a larger one only makes ToImmutable copy below instead of MoveToImmutable, with the same results.
        var page = ImmutableArray.CreateBuilder<EvaluationResult>(end - start);
        long output = 0;
        for (var i = start; i < end; i++)
        {
            var result = evaluate(actions[i]);
            var size = OutputCharacters(result);
            if (page.Count == 0 && size > MaxOutputCharacters)
            {
                return SimulationOutcome.Of(TooMuch($"the result of action \"{Printable(actions[i])}\" alone would be about {size / 1024 / 1024} MB of output"));
            }
            if (page.Count > 0 && output + size > PageOutputCharacters)
            {
                break;
            }
            output += size;
            page.Add(result);
        }
        var next = start + page.Count;
        // Stryker disable once Conditional,Equality : MoveToImmutable and ToImmutable give the same results; the first only saves a copy.
        var results = page.Count == page.Capacity ? page.MoveToImmutable() : page.ToImmutable();
        return SimulationOutcome.Of(next < actions.Length
            ? new SimulationResult(results, IsTruncated: true, Marker: Paging.Marker(next))
            : new SimulationResult(results));
    }

    /// <summary>
    /// The actions <c>[Start, End)</c> a page may hold within the work bound (at least one when any is left), or the
    /// error when one action alone is over it. Shared by <see cref="Run"/> and <see cref="SimulationExplainer"/>, so
    /// that explaining a request never takes more work than simulating it.
    /// </summary>
    public static (int Start, int End, SimulationError? Error) Plan(SimulationRequest request, int statementCount)
    {
        var actions = request.ActionNames;
        // InputRules refused a marker this simulator did not hand out.
        var start = request.Marker is { } marker && Paging.TryReadMarker(marker, out var at) ? Math.Min(at, actions.Length) : 0;
        var end = (int)Math.Min((long)start + (request.MaxItems ?? Paging.DefaultMaxItems), actions.Length);
        var perAction = (long)Math.Max(1, statementCount) * Math.Max(1, request.ResourceArns.Length);
        if (start < end && perAction > MaxStatementEvaluations)
        {
            return (start, start, TooMuch(
                $"one action takes {statementCount} statements × {Math.Max(1, request.ResourceArns.Length)} resources = {perAction} statement evaluations"));
        }
        // Invariant: a page holds at least one action when one is left, so paging always moves on.
        var fit = Math.Max(1, PageStatementEvaluations / perAction);
        return (start, (int)Math.Min(end, start + fit), null);
    }

    private static SimulationError TooMuch(string what) =>
        new(SimulationError.PolicyEvaluation,
            $"The request is larger than the model evaluates in one request: {what}, over its bound of " +
            $"{MaxStatementEvaluations} statement evaluations and {MaxOutputCharacters / 1024 / 1024} MB of output per result. " +
            "Simulate fewer resources per request, or fewer or smaller policies.");

    private static string Printable(string text) => text.Length > 64 ? text[..64] + "…" : text;

    private static long OutputCharacters(EvaluationResult result)
    {
        long size = ResultOverhead + result.EvalActionName.Length + result.EvalResourceName.Length +
                    (long)result.MatchedStatements.Length * StatementReferenceSize + Missing(result.MissingContextValues);
        foreach (var resource in result.ResourceSpecificResults)
        {
            size += ResourceOverhead + resource.EvalResourceName.Length +
                    (long)resource.MatchedStatements.Length * StatementReferenceSize + Missing(resource.MissingContextValues);
        }
        return size;
    }

    private static long Missing(ImmutableArray<string> values)
    {
        long size = 0;
        foreach (var value in values)
        {
            size += MissingValueOverhead + value.Length;
        }
        return size;
    }
}
