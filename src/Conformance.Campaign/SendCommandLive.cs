using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Fixtures;
using Conformance.Model.SendCommand;
using Conformance.Model.Simulation;

namespace Conformance.Campaign;

/// <summary>What the oracle answered for one check, beside the model's answer.</summary>
/// <param name="OracleDecision">The oracle's per-resource decision; null when it refused the question.</param>
/// <param name="Differences">One line a difference ("the oracle's answer says … ; the model answered …"); empty when the two agree.</param>
public sealed record LiveVerdict(CheckAnswer Check, EvaluationResultRow? OracleDecision, ImmutableArray<string> Differences)
{
    public bool Agrees => Differences.IsEmpty;
}

/// <summary>The oracle's answer for one resource.</summary>
public sealed record EvaluationResultRow(EvalDecision Decision, ImmutableArray<string> MissingContextValues, ImmutableArray<StatementReference> MatchedStatements);

/// <summary>Every check's verdict, in the answer's order, and the calls it took.</summary>
public sealed record LiveComparison(ImmutableArray<LiveVerdict> Verdicts, int Calls)
{
    public bool Agrees => Verdicts.All(v => v.Agrees);
}

/// <summary>
/// Puts a Run Command call's checks to an oracle (IAM, an endpoint) in batched SimulateCustomPolicy calls and compares
/// each per-resource answer with the model's, on the aspects a live campaign compares (decision,
/// <c>MissingContextValues</c>, <c>MatchedStatements</c>). One call carries many <c>ResourceArns</c> but one
/// <c>ContextEntries</c> list, so checks are batched when their questions differ only in the resource: nodes with the
/// same tags, for example.
/// </summary>
public static class SendCommandLive
{
    /// <summary>Resources a call carries at most. Open question: IAM documents no limit on <c>ResourceArns</c>; 50 keeps
    /// each call the size of a SendCommand's own <c>InstanceIds</c> limit.</summary>
    public const int MaxResourcesPerCall = 50;

    /// <exception cref="Exception">Whatever the oracle throws when it gives no answer (IamCallException for IAM).</exception>
    public static async Task<LiveComparison> CompareAsync(ISimulationOracle oracle, SendCommandAnswer answer, CancellationToken cancellationToken = default)
    {
        var verdicts = new LiveVerdict?[answer.Checks.Length];
        var calls = 0;
        foreach (var batch in Batches(answer.Checks))
        {
            var question = batch[0].Check.Question with { ResourceArns = [.. batch.Select(b => b.Check.Check.ResourceArn)] };
            var outcome = await oracle.SimulateAsync(question, cancellationToken).ConfigureAwait(false);
            calls++;
            var rows = outcome.Result is { } result ? FixtureComparer.PerResource(result) : [];
            foreach (var (check, index) in batch)
            {
                var model = new SimulationResult([new EvaluationResult(check.Check.Request.Action, check.Check.ResourceArn, check.Result.EvalResourceDecision,
                    check.Result.MatchedStatements, check.Result.MissingContextValues, check.Result.AllowedByPermissionsBoundary, null, [check.Result])]);
                if (outcome.Error is { } error)
                {
                    verdicts[index] = new LiveVerdict(check, null, FixtureComparer.Differences(null, error, CampaignOptions.LiveAspects, SimulationOutcome.Of(model)));
                    continue;
                }
                var row = rows.FirstOrDefault(r => r.Resource == check.Check.ResourceArn);
                if (row is null)
                {
                    verdicts[index] = new LiveVerdict(check, null, [$"the oracle's answer has no result for {check.Check.ResourceArn}; the model answered {check.Result.EvalResourceDecision.WireName()}"]);
                    continue;
                }
                var oracleResult = new SimulationResult([new EvaluationResult(row.Action, row.Resource, row.Decision, row.Matched, row.Missing, null, null,
                    [new ResourceSpecificResult(row.Resource, row.Decision, row.Matched, row.Missing, null)])]);
                verdicts[index] = new LiveVerdict(check, new EvaluationResultRow(row.Decision, row.Missing, row.Matched),
                    FixtureComparer.Differences(oracleResult, null, CampaignOptions.LiveAspects, SimulationOutcome.Of(model)));
            }
        }
        return new LiveComparison([.. verdicts.Select(v => v!)], calls);
    }

    /// <summary>Checks whose questions are the same but for the resource, in chunks of <see cref="MaxResourcesPerCall"/>.</summary>
    public static IEnumerable<ImmutableArray<(CheckAnswer Check, int Index)>> Batches(ImmutableArray<CheckAnswer> checks) =>
        checks.Select((c, i) => (Check: c, Index: i))
            .GroupBy(c => SimulationJson.WriteRequest(c.Check.Question with { ResourceArns = [] }, indented: false), StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(MaxResourcesPerCall).Select(chunk => chunk.ToImmutableArray()));
}
