using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using Conformance.Model.SendCommand;

namespace Conformance.Generators;

/// <summary>What a condition key is about, for the distribution report.</summary>
public enum KeyKind { ResourceTag, Network, ViaAwsService, PrincipalTag, Other }

/// <summary>How a whole Run Command call ended.</summary>
public enum SendCommandOutcome { Allowed, DeniedAtDocument, DeniedAtNode, DeniedAtSystemsManagerLeg }

/// <summary>Classifies generated cases so that a test can report and bound the generators' distribution.</summary>
public static class CaseClassifier
{
    public static KeyKind KindOf(string contextKey)
    {
        var key = contextKey.ToLowerInvariant();
        if (key.StartsWith("ssm:resourcetag/", StringComparison.Ordinal) || key.StartsWith("aws:resourcetag/", StringComparison.Ordinal))
        {
            return KeyKind.ResourceTag;
        }
        if (key.StartsWith("aws:principaltag/", StringComparison.Ordinal))
        {
            return KeyKind.PrincipalTag;
        }
        return key switch
        {
            "aws:sourcevpce" or "aws:sourceip" or "aws:sourcevpc" => KeyKind.Network,
            "aws:viaawsservice" => KeyKind.ViaAwsService,
            _ => KeyKind.Other,
        };
    }

    public static IEnumerable<Condition> Conditions(PolicySet policies) =>
        policies.IdentityPolicies.Concat(policies.PermissionsBoundary is { } b ? [b] : [])
            .SelectMany(p => p.Statements).SelectMany(s => s.Conditions);

    public static SendCommandOutcome OutcomeOf(SendCommandDecision decision) => decision.FirstDenied switch
    {
        null => SendCommandOutcome.Allowed,
        { Check.Leg: Leg.SystemsManager } => SendCommandOutcome.DeniedAtSystemsManagerLeg,
        { Check.ResourceKind: "document" } => SendCommandOutcome.DeniedAtDocument,
        _ => SendCommandOutcome.DeniedAtNode,
    };

    /// <summary>Uses of set qualifiers and IfExists, and conditions whose key the request lacks.</summary>
    public static IEnumerable<string> Features(PolicySet policies, RequestContext context) =>
        Conditions(policies).SelectMany(c => new[]
        {
            c.Operator.Qualifier != SetQualifier.None ? c.Operator.Qualifier.ToString() : null,
            c.Operator.IfExists ? "IfExists" : null,
            context.TryGet(c.ContextKeyName, out _) ? null : "absent key",
            c.Values.Any(v => v.HasVariables) ? "policy variable" : null,
        }).OfType<string>().Concat(policies.IdentityPolicies.SelectMany(p => p.Statements).SelectMany(s => new[]
        {
            s.Action.IsNot ? "NotAction" : null,
            s.Resource.IsNot ? "NotResource" : null,
        }).OfType<string>()).Concat(policies.PermissionsBoundary is null ? [] : ["boundary"]);
}
