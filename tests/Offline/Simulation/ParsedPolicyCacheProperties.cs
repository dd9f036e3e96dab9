using System.Collections.Immutable;
using Conformance.Generators;
using Conformance.Model.Policies;
using Conformance.Model.Services;
using Conformance.Model.Simulation;
using Conformance.Offline.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Conformance.Offline.Tests.Simulation;

/// <summary>
/// Requests that share policy texts: the same text at other positions of <c>PolicyInputList</c>, as a permissions
/// boundary, as an equal string that is another instance (as <c>serve</c> reads it from each request), beside broken
/// near copies of it whose parse errors carry positions. Prints as the aws-cli input of each request.
/// </summary>
public sealed record RequestBatch(ImmutableArray<SimulationRequest> Requests)
{
    public override string ToString() =>
        string.Join("\n", Requests.Select((r, i) => $"request {i + 1}: {SimulationJson.WriteRequest(r, indented: false)}"));
}

public static class RequestBatchArbitraries
{
    public static Arbitrary<RequestBatch> RequestBatch() => Arb.From(BatchGen(), Shrink);

    private static Gen<RequestBatch> BatchGen() =>
        from cases in Gen.ListOf(PolicyGenerators.CaseGen(GeneratorSettings.Default), 3)
        from texts in Gen.CollectToArray(cases.SelectMany(c => c.IdentityPolicies).Select(MaybeBroken))
        from crossings in Gen.ListOf(Pair(cases.Count), 3)
        select Batch([.. cases], [.. texts], [.. crossings]);

    private static Gen<(int, int)> Pair(int count) =>
        from a in Gen.Choose(0, count - 1)
        from b in Gen.Choose(0, count - 1)
        select (a, b);

    /// <summary>Mostly the text itself; sometimes one that IAM rejects, with an error at a line and column.</summary>
    private static Gen<string> MaybeBroken(string text) => Gen.Frequency(
        (6, Gen.Constant(text)),
        (1, Gen.Choose(1, Math.Max(1, text.Length - 1)).Select(cut => text[..cut])),
        (1, Gen.Constant(text.Replace("\"Allow\"", "\"allow\"", StringComparison.Ordinal))));

    private static RequestBatch Batch(IReadOnlyList<PolicyCase> cases, IReadOnlyList<string> texts, IReadOnlyList<(int, int)> crossings)
    {
        // Each case as generated, and again with some of its identity policies broken: a text and its near copy
        // (truncated, or "allow" for "Allow") are asked of the same cache.
        var next = 0;
        var policies = cases.Select(c => c.IdentityPolicies.Select(_ => texts[next++]).ToImmutableArray()).ToList();
        var requests = ImmutableArray.CreateBuilder<SimulationRequest>();
        for (var i = 0; i < cases.Count; i++)
        {
            requests.Add(cases[i].ToSimulationRequest());
            if (!policies[i].SequenceEqual(cases[i].IdentityPolicies))
            {
                requests.Add(cases[i].ToSimulationRequest() with { PolicyInputList = policies[i] });
            }
        }
        foreach (var (a, b) in crossings)
        {
            // Case a's question under case b's policies after its own (other positions), b's first text as a boundary,
            // and every text copied into a new string instance.
            var crossed = policies[a].AddRange(policies[b]).Select(Copy).ToImmutableArray();
            requests.Add(cases[a].ToSimulationRequest() with
            {
                PolicyInputList = crossed,
                PermissionsBoundaryPolicyInputList = [Copy(policies[b][0])],
            });
        }
        return new RequestBatch(requests.ToImmutable());
    }

    private static string Copy(string text) => new(text.AsSpan());

    private static IEnumerable<RequestBatch> Shrink(RequestBatch batch) =>
        Enumerable.Range(0, batch.Requests.Length).Where(_ => batch.Requests.Length > 1)
            .Select(i => new RequestBatch(batch.Requests.RemoveAt(i)));
}

/// <summary>
/// A parse kept in <see cref="ParsedPolicyCache"/> is indistinguishable from a fresh one: the whole answer of
/// <see cref="ModelSimulator.Simulate(SimulationRequest, ServiceReference, ParsedPolicyCache)"/> (decisions, matched
/// statements with their policy ids and positions, missing keys, error messages) is the answer of a simulator that
/// parses every policy afresh, whatever was asked before, in whatever order, from however many threads, and whether
/// the cache had to evict in between.
/// </summary>
[Properties(Arbitrary = [typeof(RequestBatchArbitraries)])]
public sealed class ParsedPolicyCacheProperties
{
    private static readonly ServiceReference Services = ServiceReference.Default;

    /// <summary>The whole answer as text: the aws-cli JSON of a result, or the error's code, message and path.</summary>
    private static string Answer(SimulationOutcome outcome) => outcome.Error is { } error
        ? $"{error.Code}|{error.Message}|{error.JsonPath}"
        : SimulationJson.WriteResult(outcome.Result!, indented: false);

    private static string[] Cold(RequestBatch batch) =>
        [.. batch.Requests.Select(r => Answer(ModelSimulator.Simulate(r, Services, ParsedPolicyCache.None)))];

    [ConformanceProperty]
    public Property WarmCache_Answers_Exactly_As_A_ColdParse(RequestBatch batch)
    {
        var cold = Cold(batch);
        var cache = new ParsedPolicyCache(ParsedPolicyCache.DefaultMaxTexts, ParsedPolicyCache.DefaultMaxCharacters);
        var n = batch.Requests.Length;
        // Forwards (cold entries filled), backwards (every text already kept), then interleaved with other requests.
        var order = Enumerable.Range(0, n).Concat(Enumerable.Range(0, n).Reverse()).Concat(Enumerable.Range(0, n).Select(i => i * 7 % n));
        var mismatches = order.Where(i => Answer(ModelSimulator.Simulate(batch.Requests[i], Services, cache)) != cold[i]).ToList();
        return (mismatches.Count == 0).Label($"requests answered otherwise than cold: {string.Join(", ", mismatches.Select(i => i + 1).Distinct())}");
    }

    [ConformanceProperty]
    public Property EvictingCache_Answers_Exactly_As_A_ColdParse(RequestBatch batch)
    {
        var cold = Cold(batch);
        // Two texts at most: most requests evict what the one before kept, some mid-request.
        var cache = new ParsedPolicyCache(maxTexts: 2, maxCharacters: ParsedPolicyCache.DefaultMaxCharacters);
        var n = batch.Requests.Length;
        var mismatches = Enumerable.Range(0, 3 * n).Select(k => k * 5 % n)
            .Where(i => Answer(ModelSimulator.Simulate(batch.Requests[i], Services, cache)) != cold[i]).ToList();
        return (mismatches.Count == 0 && cache.Count <= 2).Label($"requests answered otherwise than cold: {string.Join(", ", mismatches.Select(i => i + 1).Distinct())}; texts kept: {cache.Count}");
    }

    [ConformanceProperty]
    public Property ConcurrentWarmCache_Answers_Exactly_As_A_ColdParse(RequestBatch batch)
    {
        var cold = Cold(batch);
        // One shared cache, small enough that threads also evict each other's texts.
        var cache = new ParsedPolicyCache(maxTexts: 4, maxCharacters: ParsedPolicyCache.DefaultMaxCharacters);
        var n = batch.Requests.Length;
        const int threads = 4;
        var answers = new string[threads][];
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            // Each thread from its own starting point, half of them backwards, every request several times.
            answers[t] = new string[n];
            for (var k = 0; k < 4 * n; k++)
            {
                var i = t % 2 == 0 ? (k + t) % n : n - 1 - (k + t) % n;
                answers[t][i] = Answer(ModelSimulator.Simulate(batch.Requests[i], Services, cache));
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var wrong = Enumerable.Range(0, threads).SelectMany(t => Enumerable.Range(0, n).Where(i => answers[t][i] != cold[i]).Select(i => $"thread {t} request {i + 1}")).ToList();
        return (wrong.Count == 0).Label($"answered otherwise than cold: {string.Join(", ", wrong)}");
    }
}
