#if !BASELINE
using BenchmarkDotNet.Attributes;
using Conformance.Benchmarks.Corpus;
using Conformance.Campaign.Directed;
using Conformance.Campaign.Exhaustive;
using Conformance.Model.SendCommand;

namespace Conformance.Benchmarks;

/// <summary>
/// The exhaustive mode at the scale issue 11 names: the seed's tag policy (<c>1-finance-webservers.json</c>) and the
/// 200-node fleet of <see cref="SendCommandFleet"/>, model only — as <c>conformance campaign --exhaustive --model-only
/// --policy … --fleet …</c> runs it: enumerate the classes, decide each through <c>ModelSimulator.Simulate</c>, print
/// the decision table and place every node in its class. Target: under a second of CPU. One thread does all of it,
/// so the mean (elapsed) bounds the CPU time from above; <c>profile SECONDS exhaustive</c> prints the CPU time itself.
/// Not in the Baseline build: the exhaustive mode did not exist before.
/// </summary>
[Config(typeof(DecisionConfig))]
public class ExhaustiveBenchmarks
{
    private CampaignPolicies policies = null!;
    private Fleet fleet = null!;

    [GlobalSetup]
    public void Setup()
    {
        fleet = SendCommandFleet.Call().Fleet;
        policies = CampaignPolicies.Of([SendCommandFleet.TagPolicy()], fleet: fleet);
    }

    /// <summary>Classes, their decisions, the table and the fleet's 200 nodes placed: the characters printed.</summary>
    [Benchmark]
    public int ExhaustiveTagPolicy200Nodes()
    {
        var classes = EquivalenceClasses.Enumerate(policies.Questions);
        var report = ExhaustiveRun.RunAsync(classes).GetAwaiter().GetResult();
        return DecisionTable.Write(report, null).Length + FleetTable.Write(classes, report, fleet).Length;
    }
}
#endif
