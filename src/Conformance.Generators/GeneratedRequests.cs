using Conformance.Model.Simulation;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Generators;

/// <summary>Which generated cases <see cref="GeneratedRequests"/> draws.</summary>
public enum CaseKind
{
    /// <summary><see cref="PolicyCase"/>: one request each.</summary>
    Policy,

    /// <summary><see cref="SendCommandCase"/>: one request per authorization of the call.</summary>
    SendCommand,

    /// <summary>Both, in equal measure.</summary>
    Mixed,
}

/// <summary>Generated cases as SimulateCustomPolicy requests, the same for the same seed in every run.</summary>
public static class GeneratedRequests
{
    /// <summary>FsCheck's size parameter for generated requests.</summary>
    public const int Size = 50;

    /// <summary>The first <paramref name="count"/> requests of the cases drawn from <paramref name="seed"/>.</summary>
    public static IReadOnlyList<SimulationRequest> Generate(CaseKind kind, int count, ulong seed, GeneratorSettings? settings = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        settings ??= GeneratorSettings.Default;
        var policy = PolicyGenerators.CaseGen(settings).Select(c => new[] { c.ToSimulationRequest() });
        var sendCommand = SendCommandGenerators.CaseGen(settings).Select(c => c.ToSimulationRequests().ToArray());
        var gen = kind switch
        {
            CaseKind.Policy => policy,
            CaseKind.SendCommand => sendCommand,
            CaseKind.Mixed => Gen.Frequency((1, policy), (1, sendCommand)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown case kind"),
        };
        // A case gives at least one request, a Run Command call at least three (document, a node, the Systems Manager
        // leg), so this many cases always suffice.
        var cases = kind == CaseKind.SendCommand ? (count + 2) / 3 : count;
        return gen.Sample(cases, new Rnd(seed), Size).SelectMany(r => r).Take(count).ToList();
    }
}
