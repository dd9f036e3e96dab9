using System.Collections.Immutable;
using Conformance.Model.Simulation;

namespace Conformance.Model.Fixtures;

/// <summary>Who gave a fixture's answer.</summary>
public enum FixtureOracleKind { Aws, Documentation, Peer, Model }

/// <summary>Which parts of an answer a fixture compares. Decisions always; the rest only where the oracle's answer is stable.</summary>
[Flags]
public enum FixtureAspects
{
    Decisions = 1,
    MissingContextValues = 2,
    MatchedStatements = 4,

    /// <summary>Per action: the top-level <c>EvalResourceName</c> and <c>EvalDecision</c>, <c>EvalDecisionDetails</c>,
    /// <c>PermissionsBoundaryDecisionDetail</c> and <c>OrganizationsDecisionDetail</c>.</summary>
    DecisionDetails = 8,

    /// <summary>
    /// Only the shape of a paged answer: the recorded <c>Marker</c> was anonymized (<c>&lt;opaque-marker&gt;</c> in
    /// simulate-custom-policy-2.jsonl), so the question is asked without it and the answer is checked for form only:
    /// no error, at most <c>MaxItems</c> results, each for an action and the resources of the request, a marker
    /// exactly when truncated.
    /// </summary>
    Shape = 16,
}

/// <summary>Where a fixture's answer came from.</summary>
public sealed record Provenance(
    string Source,
    string? Date = null,
    string? Region = null,
    string? Seed = null,
    string? Tool = null,
    string? Url = null,
    string? Credit = null);

/// <summary>Whether the model must agree with the fixture, or is known to differ for a stated reason.</summary>
public abstract record FixtureStatus
{
    private FixtureStatus() { }

    public sealed record Agrees : FixtureStatus;

    /// <summary>A known difference: the replay fails when it stops differing, so the list stays true.</summary>
    public sealed record DeclaredDifference(string Reason, string Source) : FixtureStatus;
}

/// <summary>
/// A regression fixture: a SimulateCustomPolicy question exactly as the aws CLI takes it, the answer an oracle gave
/// (or the error it returned), where that answer came from, and whether the model agrees. See README "Fixtures".
/// </summary>
public sealed record Fixture(
    string Name,
    string? Description,
    FixtureOracleKind Oracle,
    Provenance Provenance,
    SimulationRequest Request,
    SimulationResult? Answer,
    SimulationError? Error,
    FixtureAspects Compare,
    FixtureStatus Status)
{
    public const int FormatVersion = 1;

    /// <summary>What to ask an oracle: the request, without the anonymized marker of a <see cref="FixtureAspects.Shape"/> fixture.</summary>
    public SimulationRequest Question => Compare.HasFlag(FixtureAspects.Shape) ? Request with { Marker = null } : Request;
}

/// <summary>A fixture file that could not be read: which file, where in it, and what was wrong.</summary>
public sealed record FixtureError(string File, string Message, string? JsonPath = null, Json.TextPosition? Position = null)
{
    public override string ToString() => JsonPath is null
        ? $"{File}: {Message}"
        : Position is { } p ? $"{File}: {JsonPath} ({p}): {Message}" : $"{File}: {JsonPath}: {Message}";
}
