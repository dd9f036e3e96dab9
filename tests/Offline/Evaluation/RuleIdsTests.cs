using Conformance.Campaign;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;
using Xunit.Abstractions;

namespace Conformance.Offline.Tests.Evaluation;

public sealed class RuleIdsTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryRuleId_IsReachedBy_TheCampaignGenerators()
    {
        var reached = new Dictionary<string, int>(StringComparer.Ordinal);
        var generated = CampaignCases.Generate(20261130).Take(1500).ToList();
        foreach (var request in generated.Concat(CampaignCases.Compositions(generated.Take(40))))
        {
            foreach (var explanation in SimulationExplainer.Explain(request).Explanations)
            {
                foreach (var id in explanation.RuleIds)
                {
                    reached[id] = reached.GetValueOrDefault(id) + 1;
                }
            }
        }
        foreach (var (id, count) in reached.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{id}: {count}");
        }
        Assert.All(reached.Keys, id => Assert.Contains(id, RuleIds.All));
        var unreached = RuleIds.All.Where(id => !reached.ContainsKey(id)).ToList();
        Assert.True(unreached.Count == 0, $"{unreached.Count} of {RuleIds.All.Length} rule ids no generated case reaches: {string.Join(", ", unreached)}");
    }
}
