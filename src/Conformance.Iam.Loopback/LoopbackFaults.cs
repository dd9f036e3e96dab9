using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Iam.Loopback;

/// <summary>A misbehaviour the loopback endpoint can be told to show, for tests of the client around it.</summary>
public abstract record LoopbackFault
{
    private LoopbackFault()
    {
    }

    /// <summary>HTTP 400 <c>Throttling</c>, as IAM answers when a caller exceeds its request rate.</summary>
    public sealed record Throttling : LoopbackFault;

    /// <summary>HTTP 500 <c>PolicyEvaluation</c>: IAM could not evaluate a supplied policy.</summary>
    public sealed record PolicyEvaluationFailure : LoopbackFault;

    /// <summary>The connection is dropped before any response is written.</summary>
    public sealed record ConnectionReset : LoopbackFault;

    /// <summary>The answer is held back for <paramref name="Delay"/> before it is written.</summary>
    public sealed record SlowReply(TimeSpan Delay) : LoopbackFault;
}

/// <summary>
/// Faults for the next requests, and an optional planted difference in the decisions. Thread-safe: tests set it
/// while the endpoint serves. Faults apply to signed, well-formed requests only, after verification.
/// </summary>
public sealed class LoopbackFaults
{
    private readonly Lock gate = new();
    private readonly Queue<LoopbackFault> pending = new();
    private Func<SimulationRequest, EvaluationResult, EvaluationResult>? alterResult;

    /// <summary>The next <paramref name="times"/> requests meet <paramref name="fault"/>, after any already queued.</summary>
    public void Enqueue(LoopbackFault fault, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (gate)
        {
            for (var i = 0; i < times; i++)
            {
                pending.Enqueue(fault);
            }
        }
    }

    /// <summary>Rewrites each result the model gives before it is sent: a planted difference between this endpoint
    /// and the model, so that a comparison that cannot see a difference is caught.</summary>
    public Func<SimulationRequest, EvaluationResult, EvaluationResult>? AlterResult
    {
        get { lock (gate) { return alterResult; } }
        set { lock (gate) { alterResult = value; } }
    }

    /// <summary>Plants a flipped decision (allowed becomes implicitDeny, a deny becomes allowed) on every result, and
    /// every resource in it, for which <paramref name="matches"/> holds.</summary>
    public void FlipDecisions(Func<SimulationRequest, EvaluationResult, bool> matches) =>
        AlterResult = (request, result) => matches(request, result) ? Flip(result) : result;

    public void Clear()
    {
        lock (gate)
        {
            pending.Clear();
            alterResult = null;
        }
    }

    internal LoopbackFault? Next()
    {
        lock (gate)
        {
            return pending.TryDequeue(out var fault) ? fault : null;
        }
    }

    private static EvaluationResult Flip(EvaluationResult result) => result with
    {
        EvalDecision = Flip(result.EvalDecision),
        ResourceSpecificResults = [.. result.ResourceSpecificResults.Select(r => r with { EvalResourceDecision = Flip(r.EvalResourceDecision) })],
    };

    private static EvalDecision Flip(EvalDecision decision) =>
        decision == EvalDecision.Allowed ? EvalDecision.ImplicitDeny : EvalDecision.Allowed;
}
