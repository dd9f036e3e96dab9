using Conformance.Model.Simulation;

namespace Conformance.Iam.Loopback;

/// <summary>
/// Named differences the loopback endpoint can plant between itself and the model, so that a campaign has something
/// real to find, shrink and keep (<c>conformance serve --plant NAME</c>).
/// </summary>
public static class PlantedDifferences
{
    /// <summary>Answers as if the request carried no <c>ssm:resourceTag/...</c> keys: what a 2026 report says the simulator
    /// may do with service-specific tag keys (iam-facts §g, quirk 14).</summary>
    public const string IgnoreSsmResourceTag = "ignore-ssm-resource-tag";

    public static readonly IReadOnlyList<string> Names = [IgnoreSsmResourceTag];

    public static SimulationRequest WithoutSsmResourceTags(SimulationRequest request) => request with
    {
        ContextEntries = [.. request.ContextEntries.Where(e => !e.ContextKeyName.StartsWith("ssm:resourceTag/", StringComparison.OrdinalIgnoreCase))],
    };

    /// <summary>Plants the named difference; false when the name is unknown.</summary>
    public static bool TryPlant(LoopbackFaults faults, string name)
    {
        switch (name)
        {
            case IgnoreSsmResourceTag:
                faults.AlterResult = (request, result) =>
                    ModelSimulator.Simulate(WithoutSsmResourceTags(request with { MaxItems = null, Marker = null })).Result is { } altered &&
                    altered.EvaluationResults.FirstOrDefault(r => r.EvalActionName == result.EvalActionName) is { } replacement
                        ? replacement
                        : result;
                return true;
            default:
                return false;
        }
    }
}
