using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using Conformance.Model.SendCommand;

namespace Conformance.Offline.Tests.Laws;

/// <summary>
/// What the laws need from an evaluator: one decision for one action on one resource, and one decision for a whole
/// Run Command call. The laws only ever talk to this interface, so they run unchanged against the reference model,
/// against deliberately wrong evaluators (<see cref="Mutants"/>), or against any other implementation.
/// </summary>
public interface ILawEvaluator
{
    string Name { get; }

    ResourceDecision Evaluate(PolicySet policies, AuthorizationRequest request);

    SendCommandDecision Authorize(PolicySet policies, SendCommandRequest request);
}

/// <summary>The reference model itself.</summary>
public sealed class ModelEvaluator : ILawEvaluator
{
    public static readonly ModelEvaluator Instance = new();

    public string Name => "reference model";

    public ResourceDecision Evaluate(PolicySet policies, AuthorizationRequest request) => PolicyEvaluator.Evaluate(policies, request);

    public SendCommandDecision Authorize(PolicySet policies, SendCommandRequest request) => SendCommandAuthorizer.Authorize(policies, request);
}

/// <summary>
/// A wrong evaluator built without touching the model: it rewrites the question and asks the real model. A Run Command
/// call is decided the documented way (every check of <see cref="SendCommandAuthorizer.Expand"/> must allow), each check
/// through the rewritten evaluation.
/// </summary>
public abstract class RewritingEvaluator : ILawEvaluator
{
    public abstract string Name { get; }

    /// <summary>One line for people: which rule of IAM this evaluator gets wrong.</summary>
    public abstract string Defect { get; }

    protected abstract (PolicySet Policies, AuthorizationRequest Request) Rewrite(PolicySet policies, AuthorizationRequest request);

    public ResourceDecision Evaluate(PolicySet policies, AuthorizationRequest request)
    {
        var (p, r) = Rewrite(policies, request);
        return Restore(PolicyEvaluator.Evaluate(p, r));
    }

    /// <summary>Undoes traces of the rewriting in the answer (such as renamed keys in <c>MissingContextValues</c>).</summary>
    protected virtual ResourceDecision Restore(ResourceDecision decision) => decision;

    public SendCommandDecision Authorize(PolicySet policies, SendCommandRequest request)
    {
        var results = SendCommandAuthorizer.Expand(request).Select(c => (c, Evaluate(policies, c.Request))).ToImmutableArray();
        foreach (var result in results)
        {
            if (result.Item2.Decision != EvalDecision.Allowed)
            {
                return new SendCommandDecision(false, results, result);
            }
        }
        return new SendCommandDecision(true, results, null);
    }

    public override string ToString() => Name;

    /// <summary>Applies <paramref name="rewrite"/> to every statement of every policy.</summary>
    protected static PolicySet MapStatements(PolicySet policies, Func<Statement, Statement> rewrite)
    {
        PolicyDocument Map(PolicyDocument d) => d with { Statements = [.. d.Statements.Select(rewrite)] };
        return new PolicySet(
            [.. policies.IdentityPolicies.Select(Map)],
            policies.PermissionsBoundary is { } b ? Map(b) : null,
            policies.ResourcePolicy is { } r ? Map(r) : null);
    }
}
