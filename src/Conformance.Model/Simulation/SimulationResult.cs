using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Json;

namespace Conformance.Model.Simulation;

/// <summary>The answer of <c>SimulateCustomPolicy</c>: one <see cref="EvaluationResult"/> per action.</summary>
public sealed record SimulationResult(ImmutableArray<EvaluationResult> EvaluationResults, bool IsTruncated = false, string? Marker = null);

/// <summary>
/// One action's result. With several resources the top level is an aggregate (explicit deny if any
/// resource is explicitly denied, else implicit deny if any is not allowed) and the per-resource decisions
/// are in <see cref="ResourceSpecificResults"/> (iam-facts §f; recorded: conditions.json mixed_allow_explicit_and_implicit_deny).
/// </summary>
public sealed record EvaluationResult(
    string EvalActionName,
    string EvalResourceName,
    EvalDecision EvalDecision,
    ImmutableArray<StatementReference> MatchedStatements,
    ImmutableArray<string> MissingContextValues,
    bool? AllowedByPermissionsBoundary,
    EvalDecisionDetails? EvalDecisionDetails,
    ImmutableArray<ResourceSpecificResult> ResourceSpecificResults,
    bool? AllowedByOrganizations = null);

/// <summary>
/// <c>EvalDecisionDetails</c>: the decision of each kind of policy, keyed by IAM's names for them (<c>IAM Policy</c>,
/// <c>Resource Policy</c>, <c>Permissions Boundary Policy</c>). AWS prints it, empty, on every result of a request
/// that names resources, and fills it only when the caller and the resource are in different accounts (recorded:
/// simulate-custom-policy-2.jsonl <c>simulation.json:composition_cross_no_identity</c>,
/// <c>composition_cross_boundary_implicit</c>). Absent (null) on results of requests without <c>ResourceArns</c>.
/// </summary>
public sealed record EvalDecisionDetails(ImmutableArray<KeyValuePair<string, EvalDecision>> Entries)
{
    public const string IamPolicy = "IAM Policy";
    public const string ResourcePolicy = "Resource Policy";
    public const string PermissionsBoundaryPolicy = "Permissions Boundary Policy";

    public static readonly EvalDecisionDetails Empty = new(ImmutableArray<KeyValuePair<string, EvalDecision>>.Empty);

    /// <summary>Compares as a map: the order AWS prints the keys in carries no meaning.</summary>
    public bool Equals(EvalDecisionDetails? other) =>
        other is not null && Entries.Length == other.Entries.Length &&
        Entries.All(e => other.Entries.Any(o => o.Key == e.Key && o.Value == e.Value));

    public override int GetHashCode() => Entries.Length;

    public override string ToString() =>
        "{" + string.Join(", ", Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}: {e.Value.WireName()}")) + "}";
}

public sealed record ResourceSpecificResult(
    string EvalResourceName,
    EvalDecision EvalResourceDecision,
    ImmutableArray<StatementReference> MatchedStatements,
    ImmutableArray<string> MissingContextValues,
    bool? AllowedByPermissionsBoundary);

/// <summary>A statement as IAM names it in <c>MatchedStatements</c>.</summary>
public sealed record StatementReference(string SourcePolicyId, string? SourcePolicyType, TextPosition StartPosition, TextPosition EndPosition)
{
    public static StatementReference From(MatchedStatement matched) =>
        new(matched.SourcePolicyId, matched.SourcePolicyType, matched.Statement.Start, matched.Statement.End);
}

/// <summary>An error in IAM's error envelope: <c>InvalidInput</c> or <c>ValidationError</c> (400), <c>PolicyEvaluation</c> (500).</summary>
public sealed record SimulationError(string Code, string Message)
{
    public const string InvalidInput = "InvalidInput";

    /// <summary>A parameter outside its documented length, range or pattern (<see cref="InputLimits"/>); 400.
    /// Recorded: simulate-custom-policy-2.jsonl simulation.json:maxitems_too_large.</summary>
    public const string ValidationError = "ValidationError";
    public const string PolicyEvaluation = "PolicyEvaluation";

    /// <summary>Not an IAM error: the question is outside what the model decides. The model says so instead of
    /// guessing a deny. (Cross-account resource policies were such a question until the recordings settled them.)</summary>
    public const string ModelCannotDecide = "ModelCannotDecide";

    /// <summary>Where in the aws-cli input the error stands (<c>$.ActionNames[2]</c>), when the model knows; not part of IAM's answer.</summary>
    public string? JsonPath { get; init; }

    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>What an oracle answers: a result or an error, never both.</summary>
public sealed record SimulationOutcome(SimulationResult? Result, SimulationError? Error)
{
    public static SimulationOutcome Of(SimulationResult result) => new(result, null);
    public static SimulationOutcome Of(SimulationError error) => new(null, error);
    public bool IsError => Error is not null;
}

/// <summary>
/// Anything that answers a SimulateCustomPolicy question: the model, recorded fixtures, an independent
/// simulator, live IAM. Comparison code never knows which one it holds.
/// </summary>
public interface ISimulationOracle
{
    string Name { get; }

    Task<SimulationOutcome> SimulateAsync(SimulationRequest request, CancellationToken cancellationToken = default);
}
