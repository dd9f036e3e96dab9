using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Model.SendCommand;

/// <summary>One authorization of the call, answered as IAM's simulator answers it.</summary>
/// <param name="Question">The check as a SimulateCustomPolicy request (one action, one resource).</param>
/// <param name="Result">The model's answer for the check's resource, in IAM's vocabulary.</param>
/// <param name="Explanation">Why: every statement, the deciding ones, and each condition that failed.</param>
public sealed record CheckAnswer(AuthorizationCheck Check, SimulationRequest Question, ResourceSpecificResult Result, Explanation Explanation)
{
    /// <summary><c>document</c>, <c>node</c> or <c>systemsManager</c>.</summary>
    public string Kind => Check.Leg == Leg.SystemsManager ? "systemsManager" : Check.ResourceKind == "document" ? "document" : "node";

    /// <summary>Every condition that was false in a statement whose action and resource matched.</summary>
    public IEnumerable<(StatementExplanation Statement, ConditionExplanation Condition)> FailedConditions =>
        Explanation.ConditionFailures.SelectMany(s => s.Conditions.Where(c => !c.IsTrue).Select(c => (s, c)));
}

/// <summary>A Run Command call answered: the whole call's decision, each check, the nodes reached, and notes for people.</summary>
/// <param name="Decision">explicitDeny when any check is explicitly denied, else implicitDeny when any is not allowed,
/// else allowed: the call is allowed only when every authorization allows.</param>
public sealed record SendCommandAnswer(EvalDecision Decision, ImmutableArray<CheckAnswer> Checks, ImmutableArray<ManagedNode> TargetedNodes,
    ImmutableArray<string> Notes);

/// <summary>
/// Answers a Run Command call by putting each of its authorizations (<see cref="SendCommandAuthorizer.Expand"/>) to the
/// model as IAM's simulator would be asked it (<see cref="AuthorizationCheck.ToSimulationRequest"/> through
/// <see cref="ModelSimulator.Simulate(SimulationRequest)"/>: input rules, the simulator's default context, the Service
/// Authorization Reference's resource-type rule). The offline answer and a live comparison therefore ask the same
/// questions with the same semantics.
/// </summary>
public static class SendCommandSimulation
{
    /// <exception cref="SendCommandInputException">IAM would refuse a check's question (a context value of the wrong type,
    /// a policy it does not accept); the message says which and why.</exception>
    public static SendCommandAnswer Answer(PolicyTexts policies, SendCommandRequest request)
    {
        var checks = ImmutableArray.CreateBuilder<CheckAnswer>();
        foreach (var check in SendCommandAuthorizer.Expand(request))
        {
            var question = check.ToSimulationRequest(policies);
            var outcome = ModelSimulator.Simulate(question);
            if (outcome.Error is { } error)
            {
                throw new SendCommandInputException($"IAM would refuse the {check} question ({error.Code}): {error.Message}");
            }
            var result = outcome.Result!.EvaluationResults.Single().ResourceSpecificResults.Single();
            var explanation = SimulationExplainer.Explain(question).Explanations.Single();
            // Invariant: the explanation explains the decision the simulator took.
            if (explanation.Decision.Decision != result.EvalResourceDecision)
            {
                throw new InvalidOperationException($"the explanation of {check} decides {explanation.Decision.Decision}, the simulator {result.EvalResourceDecision}");
            }
            checks.Add(new CheckAnswer(check, question, result, explanation));
        }
        var all = checks.ToImmutable();
        var decision = all.Any(c => c.Result.EvalResourceDecision == EvalDecision.ExplicitDeny) ? EvalDecision.ExplicitDeny
            : all.Any(c => c.Result.EvalResourceDecision != EvalDecision.Allowed) ? EvalDecision.ImplicitDeny
            : EvalDecision.Allowed;
        return new SendCommandAnswer(decision, all, SendCommandAuthorizer.TargetedNodes(request), SendCommandCall.Notes(request));
    }
}
