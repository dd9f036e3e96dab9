using Conformance.Generators;
using Conformance.Model.Evaluation;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Conformance.Offline.Tests.Generators;

/// <summary>A generator that makes mostly implicit denies tests almost nothing: report and bound the distribution.</summary>
public sealed class DistributionTests(ITestOutputHelper output)
{
    [Fact]
    public void CaseGenerator_Decisions_AreSpreadOverAllThreeOutcomes()
    {
        const int count = 3000;
        var cases = PolicyGenerators.CaseGen(GeneratorSettings.Default).Sample(count, new FsCheck.Rnd(20261129UL), 50);
        var byDecision = cases.GroupBy(c => PolicyEvaluator.Evaluate(c.Policies, c.Request).Decision)
            .ToDictionary(g => g.Key, g => g.Count());
        foreach (var decision in Enum.GetValues<EvalDecision>())
        {
            var n = byDecision.GetValueOrDefault(decision);
            output.WriteLine($"{decision.WireName(),-13} {n,5} {100.0 * n / count,6:F1}%");
        }
        Assert.All(Enum.GetValues<EvalDecision>(), d => Assert.True(byDecision.GetValueOrDefault(d) >= count / 10,
            $"{d} is only {byDecision.GetValueOrDefault(d)} of {count} cases"));
    }
}
