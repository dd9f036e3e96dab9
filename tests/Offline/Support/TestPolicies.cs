using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Json;
using Conformance.Model.Policies;

namespace Conformance.Offline.Tests.Support;

/// <summary>Small builders shared by the example tests: policies from JSON, request contexts, decisions.</summary>
internal static class TestPolicies
{
    public const string SendCommandAction = "ssm:SendCommand";
    public const string Account = "123456789012";
    public const string InstanceArn = "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0";
    public const string DocumentArn = "arn:aws:ssm:us-east-1:123456789012:document/MyRunbook";
    public const string AwsOwnedDocumentArn = "arn:aws:ssm:us-east-1::document/AWS-RunShellScript";

    public static PolicyDocument Parse(string json, PolicyKind kind = PolicyKind.Identity) =>
        PolicyParser.Parse(json, kind).GetValueOrThrow("test policy");

    /// <summary>JSON written with ' for ", to keep policies and expected texts readable in tests.</summary>
    public static string Quoted(string text) => text.Replace('\'', '"');

    /// <summary>One statement on <c>ssm:SendCommand</c> and resource <c>*</c> with the given Condition block.</summary>
    public static string WithCondition(string conditionBlock, string effect = "Allow", string? version = "2012-10-17") =>
        "{" + (version is null ? "" : $"\"Version\": \"{version}\", ") +
        $"\"Statement\": {{\"Effect\": \"{effect}\", \"Action\": \"ssm:SendCommand\", \"Resource\": \"*\", \"Condition\": {conditionBlock}}}}}";

    /// <summary>True when a statement with this Condition block applies to an ssm:SendCommand request in this context.</summary>
    public static bool ConditionHolds(string conditionBlock, params ContextValue[] context) =>
        ConditionHolds(conditionBlock, "2012-10-17", context);

    public static bool ConditionHolds(string conditionBlock, string? version, params ContextValue[] context)
    {
        var policy = Parse(WithCondition(conditionBlock, version: version));
        return PolicyEvaluator.StatementApplies(policy.Statements.Single(),
            new AuthorizationRequest(SendCommandAction, InstanceArn, new RequestContext(context)));
    }

    public static ContextValue Key(string name, string value) => new(name, ContextKeyType.String, [value]);

    public static ContextValue Key(string name, ContextKeyType type, params string[] values) => new(name, type, [.. values]);

    public static ResourceDecision Decide(
        IEnumerable<string> identityPolicies,
        string action,
        string resource,
        RequestContext? context = null,
        string? boundary = null,
        string? resourcePolicy = null,
        string? callerArn = null)
    {
        var set = new PolicySet(
            [.. identityPolicies.Select(p => Parse(p))],
            boundary is null ? null : Parse(boundary, PolicyKind.PermissionsBoundary),
            resourcePolicy is null ? null : Parse(resourcePolicy, PolicyKind.Resource));
        return PolicyEvaluator.Evaluate(set, new AuthorizationRequest(action, resource, context ?? RequestContext.Empty, callerArn));
    }

    /// <summary>One Allow or Deny statement as a whole policy.</summary>
    public static string Statement(string effect, string action, string resource, string? extra = null) =>
        $$"""{"Version": "2012-10-17", "Statement": [{"Effect": "{{effect}}", "Action": {{Json(action)}}, "Resource": {{Json(resource)}}{{(extra is null ? "" : ", " + extra)}}}]}""";

    private static string Json(string valueOrArray) => valueOrArray.StartsWith('[') ? valueOrArray : $"\"{valueOrArray}\"";

    /// <summary>The 1-based line and column of the <paramref name="occurrence"/>-th occurrence of <paramref name="token"/>.</summary>
    public static TextPosition PositionOf(string text, string token, int occurrence = 1)
    {
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = text.IndexOf(token, index + 1, StringComparison.Ordinal);
            if (index < 0)
            {
                throw new ArgumentException($"\"{token}\" occurs fewer than {occurrence} times in the text");
            }
        }
        var lineStart = index == 0 ? 0 : text.LastIndexOf('\n', index - 1) + 1;
        var line = 1 + text.AsSpan(0, index).Count('\n');
        return new TextPosition(line, index - lineStart + 1);
    }
}
