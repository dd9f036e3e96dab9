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
/// <param name="MaxShrunkDivergences">Divergences shrunk at most; a divergence whose pre-signature matches a known root
/// cause is never shrunk (see <see cref="ConformanceCampaign"/>), so this only bounds how many distinct-looking ones are.</param>
/// <param name="AnswerCorpusDirectory">Where every answer of the oracle is appended as a JSON line (see
/// <see cref="AnswerCorpus"/>); null keeps none.</param>
/// <param name="OracleEndpoint">The endpoint written into each corpus line; the oracle's name when null.</param>
/// <param name="Confirmations">Confirmations per rule before the campaign (<see cref="RuleConfirmations"/>); when given,
/// the report counts the questions that use a least-confirmed rule (<see cref="RuleConfirmations.LeastConfirmed"/>).</param>
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
    int MaxShrunkDivergences = 10,
    string? AnswerCorpusDirectory = null,
    string? OracleEndpoint = null,
    ImmutableArray<RuleConfirmation>? Confirmations = null)
{
    public TimeSpan WallTime => MaxWallTime ?? TimeSpan.FromMinutes(10);

    /// <summary>
    /// What a live campaign compares: per-resource decisions, and per resource also MissingContextValues and
    /// MatchedStatements (ids and positions), on which the model agrees with all 164 detailed recorded answers. The
    /// top level of a multi-resource answer is an aggregate and is never compared.
    /// </summary>
    public const FixtureAspects LiveAspects = FixtureAspects.Decisions | FixtureAspects.MissingContextValues | FixtureAspects.MatchedStatements;
}

/// <summary>A disagreement between the oracle and the model, shrunk to a minimal question (or attached to a root cause
/// unshrunk, when its pre-signature matched one already found).</summary>
/// <param name="Question">The question's number in the campaign, from 1.</param>
/// <param name="PreSignature">The cheap signature of the question as generated.</param>
/// <param name="Signature">The root cause it belongs to; null when the budget left it unshrunk and unmatched.</param>
/// <param name="CallsWhenFound">Calls to the oracle so far when the question was answered (this one included).</param>
public sealed record Divergence(
    SimulationRequest Original,
    SimulationRequest Minimal,
    SimulationOutcome OracleAnswer,
    SimulationOutcome ModelAnswer,
    ImmutableArray<string> Differences,
    int ShrinkCalls,
    string? FixturePath,
    bool Shrunk = true,
    int Question = 0,
    RootCauseSignature? PreSignature = null,
    RootCauseSignature? Signature = null,
    int CallsWhenFound = 0);

/// <summary>Divergences with one <see cref="RootCauseSignature"/>: the first shrunk one represents them all.</summary>
public sealed record RootCause(RootCauseSignature Signature, Divergence Representative, ImmutableArray<Divergence> Others)
{
    public int Count => 1 + Others.Length;
}

/// <summary>What a campaign did: questions, calls, decisions, divergences, and whether the budget stopped it.</summary>
/// <param name="Coverage">How many questions used each operator family on each kind of condition key.</param>
/// <param name="Rejections">Questions the oracle rejected (for example InvalidInput) instead of answering.</param>
/// <param name="QuestionsOnLeastConfirmed">Questions whose explanations use a least-confirmed rule of
/// <paramref name="Confirmations"/>.</param>
/// <param name="AnswersKept">Answers appended to the answer corpus; <paramref name="AnswersAlreadyKept"/> were there already.</param>
public sealed record CampaignReport(
    int Cases,
    int Calls,
    int Decisions,
    ImmutableDictionary<EvalDecision, int> DecisionsByClass,
    ImmutableArray<Divergence> Divergences,
    TimeSpan Elapsed,
    string StopReason,
    ImmutableDictionary<(Model.Conditions.OperatorFamily Family, Generators.KeyKind Kind), int>? Coverage = null,
    int Rejections = 0,
    int AnswersKept = 0,
    int AnswersAlreadyKept = 0,
    ImmutableArray<RuleConfirmation>? Confirmations = null,
    int QuestionsOnLeastConfirmed = 0)
{
    /// <summary>The divergences grouped by signature, in the order each root cause was first found.</summary>
    public ImmutableArray<RootCause> RootCauses =>
    [
        .. Divergences.Where(d => d.Signature is not null).GroupBy(d => d.Signature!)
            .Select(g =>
            {
                // Invariant: a signature is only ever given by shrinking, so every group has a shrunk member.
                var first = g.First(d => d.Shrunk);
                return new RootCause(g.Key, first, [.. g.Where(d => !ReferenceEquals(d, first))]);
            }),
    ];

    /// <summary>Divergences the budget left unshrunk whose pre-signature matched no root cause.</summary>
    public ImmutableArray<Divergence> Unclassified => [.. Divergences.Where(d => d.Signature is null)];

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
    private readonly CachingOracle _oracle = new(oracle, options.AnswerCorpusDirectory is { } directory
        ? AnswerCorpus.Open(directory, new AnswerProvenance(options.OracleEndpoint ?? oracle.Name, options.Region, options.Seed,
            $"{AnswerCorpus.ToolVersion} campaign"))
        : null);
    private readonly Stopwatch _clock = new();

    public async Task<CampaignReport> RunAsync(IEnumerable<SimulationRequest> cases, CancellationToken cancellationToken = default)
    {
        _clock.Start();
        var divergences = ImmutableArray.CreateBuilder<Divergence>();
        var byClass = Enum.GetValues<EvalDecision>().ToDictionary(d => d, _ => 0);
        var coverage = new Dictionary<(Model.Conditions.OperatorFamily, Generators.KeyKind), int>();
        int count = 0, decisions = 0, rejections = 0, onLeastConfirmed = 0;
        var leastConfirmed = options.Confirmations is { } confirmations ? RuleConfirmations.LeastConfirmed(confirmations) : [];
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
            if (!leastConfirmed.IsEmpty && RuleConfirmations.RulesOf(request).Overlaps(leastConfirmed))
            {
                onLeastConfirmed++;
            }
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
                var callsWhenFound = _oracle.Calls;
                var divergence = await ClassifyAsync(count, request, answer, model, differences, divergences, cancellationToken).ConfigureAwait(false) with
                {
                    CallsWhenFound = callsWhenFound,
                };
                divergences.Add(divergence);
                progress?.WriteLine($"divergence in question {count}: {differences[0]}; " + (divergence switch
                {
                    { Shrunk: true } => $"shrunk in {divergence.ShrinkCalls} calls: {divergence.Signature}",
                    { Signature: { } known } => $"pre-signature known, attached unshrunk: {known}",
                    _ => "not shrunk (shrinking budget spent)",
                }));
            }
            if (count % 25 == 0)
            {
                progress?.WriteLine($"{count} questions, {_oracle.Calls}/{options.MaxCalls} calls, {decisions} decisions, " +
                                    $"{divergences.Count} divergences, {_clock.Elapsed:mm\\:ss} of {options.WallTime:mm\\:ss}");
            }
        }
        return new CampaignReport(count, _oracle.Calls, decisions, byClass.ToImmutableDictionary(), divergences.ToImmutable(), _clock.Elapsed, stop,
            coverage.ToImmutableDictionary(), rejections, _oracle.Corpus?.Appended ?? 0, _oracle.Corpus?.Duplicates ?? 0,
            options.Confirmations, onLeastConfirmed);
    }

    /// <summary>
    /// The shrinking policy. A divergence's pre-signature (from the question as generated, see
    /// <see cref="RootCauses.PreSignature"/>) is explained by a known root cause when it holds everything that cause's
    /// minimal question needs and reads no kind of condition key beyond what the known causes read: it is attached without
    /// shrinking. Any other
    /// divergence could be a new root cause and is shrunk, while fewer than <see cref="CampaignOptions.MaxShrunkDivergences"/>
    /// were and at least <see cref="ShrinkReserve"/> calls remain; its signature then joins or founds a root cause. When the
    /// budget is that tight, a divergence that holds a known cause's needs is attached to the first such cause, and any
    /// other is reported unclassified. So shrinking calls go to divergences that may be new, not to second members.
    /// </summary>
    private async Task<Divergence> ClassifyAsync(int question, SimulationRequest request, SimulationOutcome answer, SimulationOutcome model,
        ImmutableArray<string> differences, IReadOnlyList<Divergence> found, CancellationToken cancellationToken)
    {
        var pre = RootCauses.PreSignature(request, answer, model, options.Compare);
        var known = found.Where(d => d.Shrunk && d.Signature is not null).Select(d => d.Signature!).Distinct().ToList();
        var offered = pre.Needs;
        var holding = known.Where(k => k.Needs.IsSubsetOf(offered)).ToList();
        // Features a generated question carries by chance (an empty-account ARN, NotResource) do not make it look new;
        // a kind of condition key no known cause reads does.
        var explained = offered.Where(n => n.StartsWith("key:", StringComparison.Ordinal)).All(known.SelectMany(k => k.Needs).Contains);
        Divergence Attached(RootCauseSignature? to) =>
            new(request, request, answer, model, differences, 0, null, Shrunk: false, question, pre, to);
        if (holding.Count == 1 && explained)
        {
            return Attached(holding[0]);
        }
        var shrinkable = found.Count(d => d.Shrunk) < options.MaxShrunkDivergences && options.MaxCalls - _oracle.Calls >= ShrinkReserve;
        if (!shrinkable)
        {
            return Attached(holding.FirstOrDefault());
        }
        var shrunk = await ShrinkAsync(request, answer, model, differences, cancellationToken).ConfigureAwait(false);
        var signature = RootCauses.Of(shrunk.Minimal, shrunk.OracleAnswer, shrunk.ModelAnswer, options.Compare);
        // One fixture per root cause: its first shrunk member's.
        var path = found.Any(d => d.Signature == signature) ? null : Keep(shrunk.Minimal, shrunk.OracleAnswer, shrunk.Differences);
        return shrunk with { FixturePath = path, Question = question, PreSignature = pre, Signature = signature };
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

    /// <summary>Calls that must remain for a shrink to start: a typical shrink with its canonical cuts takes 15 to 25.</summary>
    private int ShrinkReserve => Math.Min(options.MaxShrinkCalls, 20);

    private string? OutOfBudget() =>
        _oracle.Calls >= options.MaxCalls ? $"call budget ({options.MaxCalls}) spent"
        : _clock.Elapsed >= options.WallTime ? $"wall-time budget ({options.WallTime}) spent"
        : null;

    /// <summary>The oracle's answer is the expectation; the model's answer is compared with it.</summary>
    private ImmutableArray<string> Compare(SimulationOutcome oracleAnswer, SimulationOutcome modelAnswer) =>
        FixtureComparer.Differences(oracleAnswer.Result, oracleAnswer.Error, options.Compare, modelAnswer);

    private async Task<Divergence> ShrinkAsync(SimulationRequest request, SimulationOutcome answer, SimulationOutcome model,
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
        return new Divergence(request, current, currentAnswer, currentModel, currentDifferences, _oracle.Calls - callsBefore, null);
    }

    /// <summary>Writes the minimal question and the oracle's answer as a regression fixture (atomically, by content hash).</summary>
    private string? Keep(SimulationRequest current, SimulationOutcome currentAnswer, ImmutableArray<string> currentDifferences)
    {
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
        return path;
    }

    private static string DescribeFocus(SimulationRequest request) =>
        $"{string.Join(",", request.ActionNames)} on {(request.ResourceArns.IsEmpty ? "*" : string.Join(",", request.ResourceArns))}";

    /// <summary>The first action and resource on which the two answers differ, if any.</summary>
    private (string Action, string Resource)? Focus(SimulationOutcome oracleAnswer, SimulationOutcome modelAnswer) =>
        RootCauses.Focus(oracleAnswer, modelAnswer, options.Compare) is { } f ? (f.Action, f.Resource) : null;

    private static ImmutableArray<FixtureComparer.Row> PerResource(SimulationResult result) => FixtureComparer.PerResource(result);
}
