using System.Collections.Immutable;
using Conformance.Model.Evaluation;

namespace Conformance.Peer;

/// <summary>How the peer reached a decision: through its validated entry point, or — for the inputs that
/// validation refuses although IAM evaluates them (AWS-owned documents with an empty account field) — through its
/// unvalidated one.</summary>
public enum PeerMode { Validated, Unvalidated }

/// <summary>One per-resource decision of the peer, with what it reports about its own handling of the input.</summary>
/// <param name="IgnoredContextKeys">Context keys the peer dropped before evaluating because its service data does not
/// list them for the action and resource type (a known limit: IAM's simulator evaluates every supplied key).</param>
public sealed record PeerDecision(
    string Action,
    string Resource,
    EvalDecision Decision,
    PeerMode Mode,
    string? ResourceType,
    ImmutableArray<string> IgnoredContextKeys);

/// <summary>The peer's answer to one question: its decisions, or the error it gave instead.</summary>
public sealed record PeerAnswer(ImmutableArray<PeerDecision> Decisions, string? ErrorCode, string? ErrorMessage)
{
    public bool IsError => ErrorCode is not null;
}

/// <summary>The peer could not be started or stopped answering: Node or the package is missing, or it timed out.</summary>
public sealed class PeerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
