using System.Collections.Immutable;
using Conformance.Model.Simulation;

namespace Conformance.Campaign.Directed;

/// <summary>
/// SimulateCustomPolicy questions about the given policies (a <see cref="DirectedVocabulary"/>), deterministic per
/// seed. Each call asks up to <see cref="MaxActions"/> actions × <see cref="MaxResources"/> resources under one
/// context, so one call buys many decisions. The stream starts with the context in which every condition key has a
/// value that meets a constant (the most the policies can allow), then one key at a time through its values with the
/// others kept meeting (absent, outside, near misses), then the fleet's nodes with their own tags; after that, random
/// combinations drawn from the seed.
/// </summary>
public static class PolicyDirectedCases
{
    public const int MaxActions = 5;
    public const int MaxResources = 10;

    public static IEnumerable<SimulationRequest> Generate(
        ImmutableArray<string> policies, ImmutableArray<string> boundary, DirectedVocabulary vocabulary, ulong seed)
    {
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        var meeting = vocabulary.KeyValues.Select(k => k.Values.FirstOrDefault(v => v is not null)).ToArray();
        SimulationRequest Ask(IEnumerable<ContextEntry?> context, IReadOnlyList<string> actions, IReadOnlyList<string> resources) => new(
            policies, [.. actions], boundary, [.. resources],
            ContextEntries: [.. context.OfType<ContextEntry>().DistinctBy(e => e.ContextKeyName, StringComparer.OrdinalIgnoreCase)
                .OrderBy(e => e.ContextKeyName, StringComparer.Ordinal)]);

        var known = vocabulary.KnownActions;
        var resources = vocabulary.Resources;
        var firstActions = known.Take(MaxActions).ToList();
        var turn = 0;
        IReadOnlyList<string> NextResources() =>
            resources.IsEmpty ? [] : [.. Enumerable.Range(0, Math.Min(MaxResources, resources.Length)).Select(i => resources[(turn * MaxResources + i) % resources.Length])];

        // 1. Every key meeting a constant, on the first resources; then the rest of the resources in turn.
        for (var start = 0; start < Math.Max(1, resources.Length); start += MaxResources, turn++)
        {
            yield return Ask(meeting, firstActions, NextResources());
        }
        // 2. One key at a time through its values, the others meeting.
        for (var k = 0; k < vocabulary.KeyValues.Length; k++)
        {
            foreach (var value in vocabulary.KeyValues[k].Values.Skip(1))
            {
                var context = (ContextEntry?[])meeting.Clone();
                context[k] = value;
                yield return Ask(context, firstActions, NextResources());
                turn++;
            }
        }
        // 3. Each node of the fleet with its own tags (and the other keys meeting), with the documents.
        foreach (var (arn, tags) in vocabulary.NodeContexts)
        {
            var others = meeting.Where(m => m is not null && !tags.Any(t => string.Equals(t.ContextKeyName, m.ContextKeyName, StringComparison.OrdinalIgnoreCase)));
            yield return Ask(tags.Cast<ContextEntry?>().Concat(others), firstActions,
                [arn, .. resources.Where(r => r != arn && r.Contains(":document/", StringComparison.Ordinal)).Take(MaxResources - 1)]);
        }
        // 4. Random combinations: any value of every key, any actions (now and then only unknown near misses), any resources.
        while (true)
        {
            var context = vocabulary.KeyValues.Select(k => k.Values[random.Next(k.Values.Length)]).ToList();
            if (!vocabulary.NodeContexts.IsEmpty && random.Next(3) == 0)
            {
                context.AddRange(vocabulary.NodeContexts[random.Next(vocabulary.NodeContexts.Length)].Tags);
            }
            var pool = !vocabulary.UnknownActions.IsEmpty && random.Next(8) == 0 ? vocabulary.UnknownActions : known;
            var actions = Draw(random, pool, MaxActions);
            yield return Ask(context, actions.Count == 0 ? firstActions : actions, Draw(random, resources, MaxResources));
        }
    }

    private static List<string> Draw(Random random, ImmutableArray<string> pool, int count) =>
        [.. pool.OrderBy(_ => random.Next()).Take(count)];
}
