using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Iam.Loopback;

/// <summary>
/// Named differences the loopback endpoint can plant between itself and the model, so that a campaign has something
/// real to find, shrink and keep (<c>conformance serve --plant NAME[,NAME]</c>). Each one is a way of misreading the
/// question; several planted at once are applied one after the other, and the model answers the misread question.
/// </summary>
public static class PlantedDifferences
{
    /// <summary>Answers as if the request carried no <c>ssm:resourceTag/...</c> keys: what a 2026 report says the simulator
    /// may do with service-specific tag keys (iam-facts §g, quirk 14).</summary>
    public const string IgnoreSsmResourceTag = "ignore-ssm-resource-tag";

    /// <summary>Answers as if the request carried no IP-typed context value (<c>aws:SourceIp</c>), so that IpAddress
    /// and NotIpAddress conditions (and Null tests of the key) see an absent key: a simulator that drops what it cannot
    /// parse as its own address type would do this. Independent of <see cref="IgnoreSsmResourceTag"/>: no key is both.</summary>
    public const string IgnoreIpContext = "ignore-ip-context";

    public static readonly IReadOnlyList<string> Names = [IgnoreSsmResourceTag, IgnoreIpContext];

    public static SimulationRequest WithoutSsmResourceTags(SimulationRequest request) => request with
    {
        ContextEntries = [.. request.ContextEntries.Where(e => !e.ContextKeyName.StartsWith("ssm:resourceTag/", StringComparison.OrdinalIgnoreCase))],
    };

    public static SimulationRequest WithoutIpContext(SimulationRequest request) => request with
    {
        ContextEntries = [.. request.ContextEntries.Where(e => e.ContextKeyType is not (ContextKeyType.Ip or ContextKeyType.IpList))],
    };

    /// <summary>How the named difference misreads a question; null when the name is unknown.</summary>
    public static Func<SimulationRequest, SimulationRequest>? Misreading(string name) => name switch
    {
        IgnoreSsmResourceTag => WithoutSsmResourceTags,
        IgnoreIpContext => WithoutIpContext,
        _ => null,
    };

    /// <summary>Splits <c>a,b</c> lists and repeated names into known names, in order, once each; the unknown ones apart.</summary>
    public static (IReadOnlyList<string> Known, IReadOnlyList<string> Unknown) Parse(IEnumerable<string> values)
    {
        var names = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToList();
        return (names.Where(n => Misreading(n) is not null).ToList(), names.Where(n => Misreading(n) is null).ToList());
    }

    /// <summary>Plants the named difference; false when the name is unknown.</summary>
    public static bool TryPlant(LoopbackFaults faults, string name) => TryPlant(faults, [name]);

    /// <summary>Plants all the named differences at once; false (and nothing planted) when a name is unknown.</summary>
    public static bool TryPlant(LoopbackFaults faults, IReadOnlyList<string> names)
    {
        var misreadings = names.Select(Misreading).ToList();
        if (misreadings.Count == 0 || misreadings.Any(m => m is null))
        {
            return false;
        }
        SimulationRequest Misread(SimulationRequest request) => misreadings.Aggregate(request, (r, m) => m!(r));
        faults.AlterResult = (request, result) =>
            ModelSimulator.Simulate(Misread(request with { MaxItems = null, Marker = null })).Result is { } altered &&
            altered.EvaluationResults.FirstOrDefault(r => r.EvalActionName == result.EvalActionName) is { } replacement
                ? replacement
                : result;
        return true;
    }
}
