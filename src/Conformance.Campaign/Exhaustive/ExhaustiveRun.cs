using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Fixtures;
using Conformance.Model.Simulation;

namespace Conformance.Campaign.Exhaustive;

/// <summary>One class with the model's decision and, when asked, the oracle's.</summary>
/// <param name="OracleDecision">Null when the oracle was not asked (model only, or the call budget ran out).</param>
/// <param name="OracleError">The oracle's refusal of the batch that held this class, if any.</param>
public sealed record ClassDecision(EquivalenceClass Class, EvalDecision ModelDecision, EvalDecision? OracleDecision = null, string? OracleError = null)
{
    public bool Diverges => OracleError is not null || (OracleDecision is { } o && o != ModelDecision);
}

/// <summary>What an exhaustive run found: every class's decisions, and the calls it took.</summary>
public sealed record ExhaustiveReport(EquivalenceClasses Classes, ImmutableArray<ClassDecision> Decisions, int Batches, int Calls, int NotAsked)
{
    public int Divergences => Decisions.Count(d => d.Diverges);
}

/// <summary>
/// Evaluates every class's representative with the model and, when an oracle is given, asks it the same questions:
/// the representatives that share a context are one SimulateCustomPolicy call of their actions × resources (known and
/// unknown actions apart, as IAM requires), at most <see cref="MaxActions"/> × <see cref="MaxResources"/> a call.
/// Everything goes through <see cref="ModelSimulator.Simulate(SimulationRequest)"/>, the path IAM's answers are compared on.
/// </summary>
public static class ExhaustiveRun
{
    public const int MaxActions = 10;
    public const int MaxResources = 20;

    /// <summary>The calls that ask every class, each with the classes whose (action, resource) it holds.</summary>
    public static IEnumerable<(SimulationRequest Request, ImmutableArray<EquivalenceClass> Classes)> Batches(EquivalenceClasses classes, IEnumerable<EquivalenceClass> all)
    {
        var policies = classes.Questions.Policies;
        var identity = policies.IdentityPolicies.Select(p => p.SourceText).ToImmutableArray();
        ImmutableArray<string> boundary = policies.PermissionsBoundary is { } b ? [b.SourceText] : [];
        foreach (var group in all.GroupBy(c => ContextText(c.Context)))
        {
            var context = group.First().Context;
            foreach (var known in group.GroupBy(c => classes.Questions.Services.FindAction(c.Action) is not null))
            {
                var actions = known.Select(c => c.Action).Distinct(StringComparer.Ordinal).Chunk(MaxActions);
                var resources = known.Select(c => c.Resource).Distinct(StringComparer.Ordinal).Chunk(MaxResources).ToList();
                foreach (var actionChunk in actions)
                {
                    foreach (var resourceChunk in resources)
                    {
                        var held = known.Where(c => actionChunk.Contains(c.Action) && resourceChunk.Contains(c.Resource)).ToImmutableArray();
                        if (held.IsEmpty)
                        {
                            continue;
                        }
                        yield return (new SimulationRequest(identity, [.. actionChunk], boundary, [.. resourceChunk], ContextEntries: context), held);
                    }
                }
            }
        }
    }

    private static string ContextText(ImmutableArray<ContextEntry> context) =>
        string.Join("\n", context.Select(e => $"{e.ContextKeyName}\t{e.ContextKeyType}\t{string.Join("\t", e.ContextKeyValues)}"));

    /// <summary>Evaluates every class with the model, and asks <paramref name="oracle"/> (at most
    /// <paramref name="maxCalls"/> calls) when given.</summary>
    public static async Task<ExhaustiveReport> RunAsync(EquivalenceClasses classes, ISimulationOracle? oracle = null, int maxCalls = int.MaxValue,
        CancellationToken cancellationToken = default)
    {
        var decisions = new List<ClassDecision>();
        int batches = 0, calls = 0, notAsked = 0;
        foreach (var (request, held) in Batches(classes, classes.All()))
        {
            batches++;
            var model = ModelSimulator.Simulate(request);
            SimulationOutcome? answer = null;
            if (oracle is not null && calls < maxCalls)
            {
                calls++;
                answer = await oracle.SimulateAsync(request, cancellationToken).ConfigureAwait(false);
            }
            else if (oracle is not null)
            {
                notAsked += held.Length;
            }
            foreach (var c in held)
            {
                var modelDecision = DecisionOf(model, c) ?? throw new InvalidOperationException(
                    $"the model gave no decision for class {c.Number}: {model.Error?.Message ?? "no result for its action and resource"}");
                decisions.Add(answer is null
                    ? new ClassDecision(c, modelDecision)
                    : answer.Error is { } error
                        ? new ClassDecision(c, modelDecision, null, $"{error.Code}: {error.Message}")
                        : new ClassDecision(c, modelDecision, DecisionOf(answer, c)));
            }
        }
        return new ExhaustiveReport(classes, [.. decisions.OrderBy(d => d.Class.Number)], batches, calls, notAsked);
    }

    private static EvalDecision? DecisionOf(SimulationOutcome outcome, EquivalenceClass c) =>
        outcome.Result is { } result
            ? FixtureComparer.PerResource(result).FirstOrDefault(r => r.Action == c.Action && r.Resource == c.Resource)?.Decision
            : null;
}
