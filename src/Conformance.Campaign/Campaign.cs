using System.Collections.Immutable;
using System.Diagnostics;
using Conformance.Model.Evaluation;
using Conformance.Model.Fixtures;
using Conformance.Model.Simulation;

namespace Conformance.Campaign;

/// <summary>How much a campaign may spend and where it keeps what it finds.</summary>
/// <param name="MaxCalls">Calls to the oracle under test, shrinking included.</param>
/// <param name="MaxWallTime">Wall time for the whole campaign, shrinking included.</param>
/// <param name="FixtureDirectory">Where new regression fixtures are written (atomically, by content hash).</param>
/// <param name="Compare">What is compared besides decisions, where the oracle's answer is stable.</param>
/// <param name="MaxShrinkCalls">Calls one shrink may spend.</param>
/// <param name="MaxShrunkDivergences">Divergences shrunk and kept; later ones are counted and reported unshrunk, so
/// that one root cause found again and again does not eat the budget.</param>
public sealed record CampaignOptions(
    ulong Seed,
    int MaxCalls = 200,
    TimeSpan? MaxWallTime = null,
    int MaxCases = int.MaxValue,
    string? FixtureDirectory = null,
    string OracleDescription = "live AWS IAM SimulateCustomPolicy",
    FixtureOracleKind OracleKind = FixtureOracleKind.Aws,
    string? Region = "us-east-1",
    FixtureAspects Compare = FixtureAspects.Decisions,
    int MaxShrinkCalls = 60,
    int MaxShrunkDivergences = 5)
{
    public TimeSpan WallTime => MaxWallTime ?? TimeSpan.FromMinutes(10);

    /// <summary>
    /// What a live campaign compares: per-resource decisions, and per resource also MissingContextValues and
    /// MatchedStatements (ids and positions), on which the model agrees with all 164 detailed recorded answers. The
    /// top level of a multi-resource answer is an aggregate and is never compared.
    /// </summary>
    public const FixtureAspects LiveAspects = FixtureAspects.Decisions | FixtureAspects.MissingContextValues | FixtureAspects.MatchedStatements;
}

/// <summary>A disagreement between the oracle and the model, shrunk to a minimal question.</summary>
public sealed record Divergence(
    SimulationRequest Original,
    SimulationRequest Minimal,
    SimulationOutcome OracleAnswer,
    SimulationOutcome ModelAnswer,
    ImmutableArray<string> Differences,
    int ShrinkCalls,
    string? FixturePath,
    bool Shrunk = true);

/// <summary>What a campaign did: questions, calls, decisions, divergences, and whether the budget stopped it.</summary>
/// <param name="Coverage">How many questions used each operator family on each kind of condition key.</param>
/// <param name="Rejections">Questions the oracle rejected (for example InvalidInput) instead of answering.</param>
public sealed record CampaignReport(
    int Cases,
    int Calls,
    int Decisions,
    ImmutableDictionary<EvalDecision, int> DecisionsByClass,
    ImmutableArray<Divergence> Divergences,
    TimeSpan Elapsed,
    string StopReason,
    ImmutableDictionary<(Model.Conditions.OperatorFamily Family, Generators.KeyKind Kind), int>? Coverage = null,
    int Rejections = 0)
{
    /// <summary>Calls spent shrinking divergences, out of <see cref="Calls"/>.</summary>
    public int ShrinkCalls => Divergences.Sum(d => d.ShrinkCalls);

    public double DecisionsPerCall => Calls == 0 ? 0 : (double)Decisions / Calls;
}

/// <summary>
/// Puts generated questions to an oracle (live IAM, a loopback endpoint, another simulator), compares every
/// per-resource decision with the model, shrinks each divergence by asking the same oracle (every answer cached, the
/// budget covering shrinking), and keeps each minimal divergence as a regression fixture. It never knows which oracle
/// it holds.
/// </summary>
public sealed class ConformanceCampaign(ISimulationOracle oracle, CampaignOptions options, TextWriter? progress = null)
{
    private readonly CachingOracle _oracle = new(oracle);
    private readonly Stopwatch _clock = new();

    public async Task<CampaignReport> RunAsync(IEnumerable<SimulationRequest> cases, CancellationToken cancellationToken = default)
    {
        _clock.Start();
        var divergences = ImmutableArray.CreateBuilder<Divergence>();
        var byClass = Enum.GetValues<EvalDecision>().ToDictionary(d => d, _ => 0);
        var coverage = new Dictionary<(Model.Conditions.OperatorFamily, Generators.KeyKind), int>();
        int count = 0, decisions = 0, rejections = 0;
        var stop = "every case was tried";
        foreach (var request in cases)
        {
            if (count >= options.MaxCases)
            {
                stop = $"case limit ({options.MaxCases}) reached";
                break;
            }
            if (OutOfBudget() is { } reason)
            {
                stop = reason;
                break;
            }
            cancellationToken.ThrowIfCancellationRequested();
            count++;
            var answer = await _oracle.SimulateAsync(request, cancellationToken).ConfigureAwait(false);
            var model = ModelSimulator.Simulate(request);
            foreach (var cell in CoverageOf(request))
            {
                coverage[cell] = coverage.GetValueOrDefault(cell) + 1;
            }
            if (answer.Error is not null)
            {
                rejections++;
            }
            if (answer.Result is { } result)
            {
                foreach (var row in PerResource(result))
                {
                    decisions++;
                    byClass[row.Decision]++;
                }
            }
            var differences = Compare(answer, model);
            if (!differences.IsEmpty)
            {
                if (divergences.Count(d => d.Shrunk) < options.MaxShrunkDivergences)
                {
                    progress?.WriteLine($"divergence in question {count}: {differences[0]}; shrinking");
                    divergences.Add(await ShrinkAndKeepAsync(request, answer, model, differences, cancellationToken).ConfigureAwait(false));
                }
                else
                {
                    progress?.WriteLine($"divergence in question {count}: {differences[0]}; not shrunk ({options.MaxShrunkDivergences} already were)");
                    divergences.Add(new Divergence(request, request, answer, model, differences, 0, null, Shrunk: false));
                }
            }
            if (count % 25 == 0)
            {
                progress?.WriteLine($"{count} questions, {_oracle.Calls}/{options.MaxCalls} calls, {decisions} decisions, " +
                                    $"{divergences.Count} divergences, {_clock.Elapsed:mm\\:ss} of {options.WallTime:mm\\:ss}");
            }
        }
        return new CampaignReport(count, _oracle.Calls, decisions, byClass.ToImmutableDictionary(), divergences.ToImmutable(), _clock.Elapsed, stop,
            coverage.ToImmutableDictionary(), rejections);
    }

    /// <summary>The (operator family, key kind) pairs a question's policies use, once each.</summary>
    private static HashSet<(Model.Conditions.OperatorFamily, Generators.KeyKind)> CoverageOf(SimulationRequest request)
    {
        var cells = new HashSet<(Model.Conditions.OperatorFamily, Generators.KeyKind)>();
        var texts = request.PolicyInputList.Select(t => (t, Model.Policies.PolicyKind.Identity))
            .Concat(request.PermissionsBoundaryPolicyInputList.Select(t => (t, Model.Policies.PolicyKind.PermissionsBoundary)));
        foreach (var (text, kind) in texts)
        {
            var parsed = Model.Policies.PolicyParser.Parse(text, kind);
            if (!parsed.IsSuccess)
            {
                continue;
            }
            foreach (var condition in parsed.Value!.Statements.SelectMany(s => s.Conditions))
            {
                cells.Add((condition.Operator.Family, Generators.CaseClassifier.KindOf(condition.ContextKeyName)));
            }
        }
        return cells;
    }

    private string? OutOfBudget() =>
        _oracle.Calls >= options.MaxCalls ? $"call budget ({options.MaxCalls}) spent"
        : _clock.Elapsed >= options.WallTime ? $"wall-time budget ({options.WallTime}) spent"
        : null;

    /// <summary>The oracle's answer is the expectation; the model's answer is compared with it.</summary>
    private ImmutableArray<string> Compare(SimulationOutcome oracleAnswer, SimulationOutcome modelAnswer) =>
        FixtureComparer.Differences(oracleAnswer.Result, oracleAnswer.Error, options.Compare, modelAnswer);

    private async Task<Divergence> ShrinkAndKeepAsync(SimulationRequest request, SimulationOutcome answer, SimulationOutcome model,
        ImmutableArray<string> differences, CancellationToken cancellationToken)
    {
        var callsBefore = _oracle.Calls;
        var (current, currentAnswer, currentModel, currentDifferences) = (request, answer, model, differences);
        var improved = true;
        while (improved)
        {
            improved = false;
            foreach (var candidate in RequestShrinker.Candidates(current, Focus(currentAnswer, currentModel)))
            {
                if (OutOfBudget() is not null || _oracle.Calls - callsBefore >= options.MaxShrinkCalls)
                {
                    improved = false;
                    break;
                }
                var candidateModel = ModelSimulator.Simulate(candidate);
                var candidateAnswer = await _oracle.SimulateAsync(candidate, cancellationToken).ConfigureAwait(false);
                var candidateDifferences = Compare(candidateAnswer, candidateModel);
                if (!candidateDifferences.IsEmpty)
                {
                    (current, currentAnswer, currentModel, currentDifferences) = (candidate, candidateAnswer, candidateModel, candidateDifferences);
                    improved = true;
                    break;
                }
            }
        }
        var shrinkCalls = _oracle.Calls - callsBefore;
        string? path = null;
        if (options.FixtureDirectory is { } directory)
        {
            var fixture = new Fixture(
                Name: $"divergence {DescribeFocus(current)}",
                Description: $"found by a campaign against {oracle.Name}: {string.Join("; ", currentDifferences)}",
                Oracle: options.OracleKind,
                Provenance: new Provenance(options.OracleDescription, DateTime.UtcNow.ToString("yyyy-MM-dd"), options.Region,
                    options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), $"conformance campaign ({oracle.Name})"),
                Request: current,
                Answer: currentAnswer.Result,
                Error: currentAnswer.Error,
                Compare: options.Compare,
                Status: new FixtureStatus.Agrees());
            path = FixtureStore.Write(directory, fixture).Path;
        }
        return new Divergence(request, current, currentAnswer, currentModel, currentDifferences, shrinkCalls, path);
    }

    private static string DescribeFocus(SimulationRequest request) =>
        $"{string.Join(",", request.ActionNames)} on {(request.ResourceArns.IsEmpty ? "*" : string.Join(",", request.ResourceArns))}";

    /// <summary>The first action and resource on which the two answers decide differently, if any.</summary>
    private static (string Action, string Resource)? Focus(SimulationOutcome oracleAnswer, SimulationOutcome modelAnswer)
    {
        if (oracleAnswer.Result is null || modelAnswer.Result is null)
        {
            return null;
        }
        var model = PerResource(modelAnswer.Result).ToDictionary(r => (r.Action, r.Resource), r => r.Decision);
        foreach (var row in PerResource(oracleAnswer.Result))
        {
            if (!model.TryGetValue((row.Action, row.Resource), out var decision) || decision != row.Decision)
            {
                return (row.Action, row.Resource);
            }
        }
        return null;
    }

    private static ImmutableArray<FixtureComparer.Row> PerResource(SimulationResult result) => FixtureComparer.PerResource(result);
}
