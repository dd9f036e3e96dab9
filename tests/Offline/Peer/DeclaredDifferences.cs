using System.Collections.Immutable;
using System.Text.Json;
using Conformance.Generators;
using Conformance.Model.Policies;
using Conformance.Peer;

namespace Conformance.Offline.Tests.Peer;

/// <summary>One entry of <c>tests/Peer/declared-differences.json</c>: a class of disagreement, how to recognise it,
/// which side is wrong and why.</summary>
public sealed record DeclaredDifference(string Id, string Description, string Recognise, string WrongSide, string Reason, string Source);

/// <summary>A generated case and what the peer said about it, as the recognisers see them.</summary>
public sealed record PeerCase(PolicyCase Case, PeerAnswer Peer);

public static class DeclaredDifferences
{
    /// <summary>The recognisers the declared-differences file may name. Each states a feature of the case (or of the
    /// peer's own report about it), never the outcome of the comparison, so a declared class cannot hide other bugs.</summary>
    public static readonly ImmutableDictionary<string, Func<PeerCase, bool>> Recognisers = new Dictionary<string, Func<PeerCase, bool>>
    {
        // The peer refused the question as input (for example an ARN that is not a resource type of the action).
        ["peer-refused-input"] = c => c.Peer.ErrorCode == "InvalidInput",
        // The peer dropped a supplied context key that a policy condition reads.
        ["peer-ignored-a-key-a-condition-reads"] = c => c.Peer.Decisions.SelectMany(d => d.IgnoredContextKeys)
            .Any(ignored => CaseClassifier.Conditions(c.Case.Policies).Any(k => string.Equals(k.ContextKeyName, ignored, StringComparison.OrdinalIgnoreCase))),
        // A policy that is not Version 2012-10-17 contains a policy variable.
        ["variable-outside-2012-10-17"] = c => AllPolicies(c.Case).Any(p => !p.Document.SubstitutesVariables && p.Text.Contains("${", StringComparison.Ordinal)),
        // A single-valued context key (type without 'List') was supplied with several values.
        ["single-valued-key-with-several-values"] = c => c.Case.ToSimulationRequest().ContextEntries
            .Any(e => !e.ContextKeyType.ToString().EndsWith("List", StringComparison.Ordinal) && e.ContextKeyValues.Length > 1),
        // A Date condition compares with a value written as epoch seconds (digits only).
        ["date-condition-value-in-epoch-seconds"] = c => CaseClassifier.Conditions(c.Case.Policies)
            .Any(k => k.Operator.Family == Conformance.Model.Conditions.OperatorFamily.Date && k.Values.Any(v => v.Text.Length > 0 && v.Text.All(char.IsAsciiDigit))),
        // A policy variable whose key the request does not carry and that has no default: it has no value.
        ["policy-variable-without-value"] = c => Variables(c.Case).Any(v => v.Default is null && !c.Case.Request.Context.TryGet(v.Key, out _)),
        // A policy variable whose key the request carries with an empty value, or whose default is empty.
        ["policy-variable-with-empty-value-or-default"] = c => Variables(c.Case).Any(v => v.Default == "" || (c.Case.Request.Context.TryGet(v.Key, out var value) && value.Values.Any(x => x.Length == 0))),
        // A policy uses a policy variable (${...}).
        ["policy-variable-in-a-policy"] = c => AllPolicies(c.Case).Any(p => p.Text.Contains("${", StringComparison.Ordinal)),
        // A condition of the IP family whose value is a /0 CIDR block (0.0.0.0/0, ::/0).
        ["ip-condition-with-prefix-zero"] = c => CaseClassifier.Conditions(c.Case.Policies)
            .Any(k => k.Operator.Family == Conformance.Model.Conditions.OperatorFamily.Ip && k.Values.Any(v => v.Text.EndsWith("/0", StringComparison.Ordinal))),
        // A ForAnyValue: condition with the IfExists suffix.
        ["for-any-value-if-exists"] = c => CaseClassifier.Conditions(c.Case.Policies)
            .Any(k => k.Operator.Qualifier == Conformance.Model.Conditions.SetQualifier.ForAnyValue && k.Operator.IfExists),
        // The resource is a KMS key (arn:<partition>:kms:<region>:<account>:key/<id>).
        ["kms-key-resource"] = c => c.Case.Request.Resource.Split(':', 6) is [_, _, "kms", _, _, var resource] &&
            resource.StartsWith("key/", StringComparison.Ordinal),
        // The peer answered through its unvalidated engine (an AWS-owned document: empty account field).
        ["peer-unvalidated-engine"] = c => c.Peer.Decisions.Any(d => d.Mode == PeerMode.Unvalidated),
    }.ToImmutableDictionary();

    /// <summary>The policy variables a case's policies substitute (Version 2012-10-17), in conditions and resources.</summary>
    private static IEnumerable<TemplateSegment.Variable> Variables(PolicyCase c) =>
        AllPolicies(c).Where(p => p.Document.SubstitutesVariables)
            .SelectMany(p => p.Document.Statements)
            .SelectMany(s => s.Conditions.SelectMany(k => k.Values).Concat(s.Resource.Patterns.Select(r => r.Template)))
            .SelectMany(t => t.Segments.OfType<TemplateSegment.Variable>());

    private static IEnumerable<(string Text, PolicyDocument Document)> AllPolicies(PolicyCase c) =>
        c.IdentityPolicies.Zip(c.Policies.IdentityPolicies, (t, d) => (t, d))
            .Concat(c.PermissionsBoundary is { } b ? [(b, c.Policies.PermissionsBoundary!)] : []);

    public static string FilePath(string peerDirectory) =>
        Path.Combine(peerDirectory, "..", "..", "tests", "Peer", "declared-differences.json");

    public static ImmutableArray<DeclaredDifference> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var entries = document.RootElement.GetProperty("differences").EnumerateArray().Select(e => new DeclaredDifference(
            e.GetProperty("id").GetString()!, e.GetProperty("description").GetString()!, e.GetProperty("recognise").GetString()!,
            e.GetProperty("wrongSide").GetString()!, e.GetProperty("reason").GetString()!, e.GetProperty("source").GetString()!)).ToImmutableArray();
        foreach (var entry in entries)
        {
            if (!Recognisers.ContainsKey(entry.Recognise))
            {
                throw new InvalidDataException($"{path}: difference '{entry.Id}' names the recogniser '{entry.Recognise}'; known: {string.Join(", ", Recognisers.Keys.Order())}.");
            }
            if (entry.WrongSide is not ("model" or "peer" or "undecided"))
            {
                throw new InvalidDataException($"{path}: difference '{entry.Id}' has wrongSide '{entry.WrongSide}'; expected model, peer or undecided.");
            }
        }
        return entries;
    }
}
