namespace Conformance.Model.Evaluation;

/// <summary>One authorization question: may the caller perform <paramref name="Action"/> on <paramref name="Resource"/>?</summary>
/// <param name="Action">An action name without wildcards, e.g. <c>ssm:SendCommand</c>.</param>
/// <param name="Resource">A resource ARN, or <c>*</c> when the call names no resource.</param>
/// <param name="CallerArn">The principal, matched against a resource policy's <c>Principal</c>.</param>
/// <param name="CrossAccount">The resource (and its resource policy) belongs to another account than the caller.</param>
public sealed record AuthorizationRequest(string Action, string Resource, RequestContext Context, string? CallerArn = null, bool CrossAccount = false);
