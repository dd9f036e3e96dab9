using System.Diagnostics;
using System.Globalization;
using System.Text;
using Conformance.Generators;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;
using Conformance.Peer;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Conformance.Offline.Tests.Peer;

/// <summary>Runs only when Node is on PATH and <c>npm ci</c> has installed the peer in <c>tools/peer</c>.</summary>
public sealed class PeerFactAttribute : FactAttribute
{
    public PeerFactAttribute()
    {
        if (PeerSetup.WhyUnavailable is { } reason)
        {
            Skip = reason;
        }
    }
}

public static class PeerSetup
{
    public static string? Directory { get; } = PeerOracle.FindPeerDirectory(AppContext.BaseDirectory);

    public static string? WhyUnavailable { get; } = Check();

    private static string? Check()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "node")));
        if (!onPath)
        {
            return "Node.js is not on PATH: the peer oracle (tools/peer, iam-simulate) cannot run here";
        }
        if (Directory is null)
        {
            return "tools/peer/peer.js was not found above the test directory";
        }
        return System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@cloud-copilot", "iam-simulate"))
            ? null
            : $"the peer is not installed: run `npm ci` in {Directory}";
    }
}

/// <summary>
/// The differential property: on generated cases, the model's per-resource decision equals the peer's, except in
/// the classes declared (with the side that is wrong and the source) in <c>tests/Peer/declared-differences.json</c>.
/// Cases: <c>CONFORMANCE__PEERCASES</c> (default 10,000); seed: <c>CONFORMANCE__PEERSEED</c> (printed).
/// </summary>
public sealed class ModelAgreesWithPeerTests(ITestOutputHelper output)
{
    private const int DefaultCases = 10_000;
    private const ulong DefaultSeed = 20261129UL;
    private const int Size = 50;
    private const int Batch = 500;

    [PeerFact]
    public async Task Model_Agrees_WithPeer_PerResourceDecision_ExceptDeclaredDifferences()
    {
        var count = ReadSetting("CONFORMANCE__PEERCASES", DefaultCases);
        var seed = (ulong)ReadSetting("CONFORMANCE__PEERSEED", (long)DefaultSeed);
        var declared = DeclaredDifferences.Load(DeclaredDifferences.FilePath(PeerSetup.Directory!));
        var cases = PolicyGenerators.CaseGen(GeneratorSettings.Default).Sample(count, new FsCheck.Rnd(seed), Size).ToList();

        var clock = Stopwatch.StartNew();
        await using var peer = await PeerOracle.StartAsync(PeerSetup.Directory!);
        var excused = declared.ToDictionary(d => d.Id, _ => 0);
        var undeclared = new List<(PolicyCase Case, string Difference)>();
        var decisions = 0;
        for (var start = 0; start < cases.Count; start += Batch)
        {
            var batch = cases.GetRange(start, Math.Min(Batch, cases.Count - start));
            var answers = await peer.AskManyAsync([.. batch.Select(c => c.ToSimulationRequest())]);
            for (var i = 0; i < batch.Count; i++)
            {
                var model = ModelSimulator.Simulate(batch[i].ToSimulationRequest());
                decisions += answers[i].Decisions.Length;
                var difference = Difference(model, answers[i]);
                if (difference is null)
                {
                    continue;
                }
                var peerCase = new PeerCase(batch[i], answers[i]);
                var match = declared.FirstOrDefault(d => DeclaredDifferences.Recognisers[d.Recognise](peerCase));
                if (match is null)
                {
                    undeclared.Add((batch[i], difference));
                }
                else
                {
                    excused[match.Id]++;
                }
            }
        }
        clock.Stop();

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"model vs {peer.Versions}: {cases.Count} cases, {decisions} peer decisions, seed {seed}, {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (var d in declared)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  declared {d.Id,-44} {excused[d.Id],6} cases  (wrong: {d.WrongSide})");
        }
        report.AppendLine(CultureInfo.InvariantCulture, $"  undeclared disagreements                         {undeclared.Count,6} cases");
        output.WriteLine(report.ToString());
        Directory.CreateDirectory("TestResults");
        await File.WriteAllTextAsync(Path.Combine("TestResults", "peer-differences.txt"), report.ToString());
        // Every undeclared disagreement, one JSON line each (the difference and the request), for investigation.
        await File.WriteAllLinesAsync(Path.Combine("TestResults", "peer-undeclared.jsonl"), undeclared.Select(u =>
            $"{{\"difference\":{System.Text.Json.JsonSerializer.Serialize(u.Difference)},\"request\":{SimulationJson.WriteRequest(u.Case.ToSimulationRequest(), indented: false)}}}"));

        if (undeclared.Count > 0)
        {
            var (first, why) = undeclared[0];
            Assert.Fail($"{undeclared.Count} of {cases.Count} cases disagree outside the declared differences (seed {seed}; rerun with " +
                $"CONFORMANCE__PEERSEED={seed}).\nFirst: {why}\nRequest (aws-cli JSON):\n{SimulationJson.WriteRequest(first.ToSimulationRequest())}\n{report}");
        }
        // A declared class that never occurs in a full-size run is stale: it would excuse a future bug unseen.
        if (count >= DefaultCases)
        {
            var stale = declared.Where(d => excused[d.Id] == 0).Select(d => d.Id).ToList();
            Assert.True(stale.Count == 0, $"declared differences that never occurred in {count} cases (stale? remove them): {string.Join(", ", stale)}\n{report}");
        }
    }

    /// <summary>The first per-resource difference, or null when the answers agree (errors agree with errors).</summary>
    private static string? Difference(SimulationOutcome model, PeerAnswer peer)
    {
        if (model.Error is { } error)
        {
            return peer.IsError ? null : $"model error {error}; peer decided {string.Join(", ", peer.Decisions.Select(d => d.Decision.WireName()))}";
        }
        if (peer.IsError)
        {
            return $"peer error {peer.ErrorCode}: {peer.ErrorMessage}; model decided";
        }
        foreach (var d in peer.Decisions)
        {
            var result = model.Result!.EvaluationResults.Single(r => r.EvalActionName == d.Action);
            var modelDecision = d.Resource == "*" && result.ResourceSpecificResults.IsEmpty
                ? result.EvalDecision
                : result.ResourceSpecificResults.Single(r => r.EvalResourceName == d.Resource).EvalResourceDecision;
            if (modelDecision != d.Decision)
            {
                return $"{d.Action} on {d.Resource}: model {modelDecision.WireName()}, peer {d.Decision.WireName()} ({d.Mode.ToString().ToLowerInvariant()}; ignored keys: [{string.Join(", ", d.IgnoredContextKeys)}])";
            }
        }
        return null;
    }

    private static long ReadSetting(string name, long fallback) =>
        long.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static int ReadSetting(string name, int fallback) => (int)ReadSetting(name, (long)fallback);
}
