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
    bool HasEvalDecisionDetails,
    ImmutableArray<ResourceSpecificResult> ResourceSpecificResults);

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

    /// <summary>A parameter outside its documented length, range or pattern (<see cref="InputLimits"/>); 400.</summary>
    public const string ValidationError = "ValidationError";
    public const string PolicyEvaluation = "PolicyEvaluation";

    /// <summary>Not an IAM error: the question is outside what the model decides (for example a cross-account
    /// resource policy). The model says so instead of guessing a deny.</summary>
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
