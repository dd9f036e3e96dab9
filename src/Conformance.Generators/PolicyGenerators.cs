using System.Collections.Immutable;
using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;
using Conformance.Model.Matching;
using Conformance.Model.Policies;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Generators;

/// <summary>
/// A generated question: policies (kept as the exact text that would be sent to IAM) and one authorization request.
/// </summary>
public sealed record PolicyCase(ImmutableArray<string> IdentityPolicies, string? PermissionsBoundary, AuthorizationRequest Request)
{
    private PolicySet? _policies;

    /// <summary>The parsed policies. Generated text is always valid; a parse failure is a generator bug and throws.</summary>
    public PolicySet Policies => _policies ??= new PolicySet(
        [.. IdentityPolicies.Select(t => PolicyParser.Parse(t).GetValueOrThrow("generated identity policy"))],
        PermissionsBoundary is null ? null : PolicyParser.Parse(PermissionsBoundary, PolicyKind.PermissionsBoundary).GetValueOrThrow("generated boundary"));

    public override string ToString()
    {
        var context = string.Join(", ", Request.Context.Values.Select(v => $"{v.Key}={string.Join("|", v.Values)}"));
        var boundary = PermissionsBoundary is null ? "" : $"\nPermissionsBoundary:\n{PermissionsBoundary}";
        return $"{Request.Action} on {Request.Resource} with {{{context}}}\n" +
               string.Join("\n", IdentityPolicies.Select((p, i) => $"PolicyInputList.{i + 1}:\n{p}")) + boundary;
    }
}

/// <summary>FsCheck generators of policies and requests drawn from one shared <see cref="Vocabulary"/>.</summary>
public static class PolicyGenerators
{
    /// <summary>Action patterns, mostly ones that match <paramref name="action"/> (exact, case variant, wildcard).</summary>
    public static Gen<string> ActionPatternFor(string? action) => Gen.Frequency(
        (5, action is null ? Gen.Elements(Vocabulary.Actions.ToArray()) : Gen.Constant(action)),
        (2, (action is null ? Gen.Elements(Vocabulary.Actions.ToArray()) : Gen.Constant(action)).Select(RandomCase)),
        (2, Gen.Elements("ssm:*", "ssm:Send*", "*", "ssm:?etDocument", "SSM:send*", "ec2:*")),
        (2, Gen.Elements(Vocabulary.Actions.Add("s3:GetObject").Add("ssm:SendCommandX").ToArray())));

    /// <summary>Resource patterns, mostly ones near <paramref name="resource"/> (exact, wildcards in each ARN field).</summary>
    public static Gen<string> ResourcePatternFor(string? resource) => Gen.Frequency(
        (3, Gen.Constant("*")),
        (3, resource is null ? Gen.Elements(Vocabulary.Resources.ToArray()) : Gen.Constant(resource)),
        (2, Gen.Elements(Vocabulary.Resources.ToArray())),
        (5, Gen.Elements(
            "arn:aws:ssm:*:*:document/*",
            "arn:aws:ssm:us-east-2::document/AWS-*",
            "arn:aws:ssm:us-west-1::document/AWS-*",
            $"arn:aws:ssm:us-east-2:{Vocabulary.Account}:document/Restart*",
            "arn:aws:ec2:*:*:instance/*",
            $"arn:aws:ec2:us-east-2:{Vocabulary.Account}:instance/i-*",
            $"arn:aws:ssm:*:{Vocabulary.Account}:managed-instance/*",
            "arn:aws:ssm:*:*:*",
            "arn:aws:*:us-east-2:*:*")));

    private static string RandomCase(string text) =>
        new(text.Select((c, i) => (i * 7 + text.Length) % 3 == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)).ToArray());

    /// <summary>A condition key as a policy writes it (with case variants), paired with how to draw its values.</summary>
    private static Gen<Condition> ConditionGen() => Gen.Frequency(
        (8, TagCondition()),
        (3, StringKeyCondition("aws:SourceVpce", Vocabulary.Vpces.Add("vpce-*"))),
        (3, Gen.Elements("true", "false").Select(v => Make(BaseOperator.Bool, "aws:ViaAWSService", [v]))),
        (2, from op in Gen.Elements(BaseOperator.IpAddress, BaseOperator.NotIpAddress)
            from cidr in Gen.Elements("203.0.113.0/24", "198.51.100.7", "2001:db8::/32", "10.0.0.0/8")
            from ifExists in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
            select Make(op, "aws:SourceIp", [cidr], ifExists: ifExists)),
        (2, from op in Gen.Elements(BaseOperator.StringEquals, BaseOperator.StringNotEquals, BaseOperator.StringLike)
            from value in Gen.Elements("platform", "data", "${aws:PrincipalTag/team}", "plat*")
            select Make(op, "aws:PrincipalTag/team", [value])),
        (1, from op in Gen.Elements(BaseOperator.NumericLessThan, BaseOperator.NumericGreaterThanEquals, BaseOperator.NumericEquals)
            from value in Gen.Elements("300", "3600", "3600.0")
            select Make(op, "aws:MultiFactorAuthAge", [value])),
        (1, from op in Gen.Elements(BaseOperator.DateLessThan, BaseOperator.DateGreaterThan, BaseOperator.DateNotEquals)
            from value in Gen.Elements("2030-01-01T00:00:00Z", "1893456000", "2020-06-30")
            select Make(op, "aws:CurrentTime", [value])),
        (1, from op in Gen.Elements(BaseOperator.ArnLike, BaseOperator.ArnNotLike, BaseOperator.ArnEquals)
            from value in Gen.Elements($"arn:aws:iam::{Vocabulary.Account}:user/*", "arn:aws:iam::*:role/Ops?", $"arn:aws:iam::{Vocabulary.Account}:user/alice")
            select Make(op, "aws:PrincipalArn", [value])),
        (1, from value in Gen.Elements("AQID", "BAUG")
            select Make(BaseOperator.BinaryEquals, "conformance:Blob", [value])),
        (2, from key in Gen.Elements("ssm:resourceTag/Finance", "aws:SourceVpce", "aws:SourceIp", "aws:PrincipalTag/team", "aws:ResourceTag/Owner")
            from value in Gen.Elements("true", "false")
            select Make(BaseOperator.Null, key, [value])));

    private static Gen<Condition> TagCondition() =>
        from prefix in Gen.Elements("ssm:resourceTag/", "aws:ResourceTag/", "ssm:ResourceTag/")
        from key in Gen.Elements(Vocabulary.TagKeys.ToArray())
        from keyCase in Gen.Frequency((5, Gen.Constant(key)), (1, Gen.Constant(key.ToLowerInvariant())))
        from op in Gen.Elements(
            BaseOperator.StringEquals, BaseOperator.StringLike, BaseOperator.StringNotEquals,
            BaseOperator.StringEqualsIgnoreCase, BaseOperator.StringNotLike, BaseOperator.StringNotEqualsIgnoreCase)
        from values in Gen.Choose(1, 2).SelectMany(n => Gen.ListOf(TagValuePattern(), n))
        from qualifier in Gen.Frequency((8, Gen.Constant(SetQualifier.None)), (1, Gen.Constant(SetQualifier.ForAnyValue)), (1, Gen.Constant(SetQualifier.ForAllValues)))
        from ifExists in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        select Make(op, prefix + keyCase, [.. values], qualifier, ifExists);

    private static Gen<string> TagValuePattern() => Gen.Frequency(
        (6, Gen.Elements(Vocabulary.TagValues.ToArray())),
        (2, Gen.Elements("Web*", "pro?", "*", "webservers", "PROD")));

    private static Gen<Condition> StringKeyCondition(string key, ImmutableArray<string> values) =>
        from op in Gen.Elements(BaseOperator.StringEquals, BaseOperator.StringNotEquals, BaseOperator.StringLike)
        from value in Gen.Elements(values.ToArray())
        from ifExists in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        select Make(op, key, [value], ifExists: ifExists);

    private static Condition Make(BaseOperator op, string key, ImmutableArray<string> values, SetQualifier qualifier = SetQualifier.None, bool ifExists = false) =>
        new(new ConditionOperator(qualifier, op, ifExists), key, [.. values.Select(v => PolicyTemplate.Parse(v, substituteVariables: true))], "$");

    public static Gen<Statement> StatementGen(GeneratorSettings settings, AuthorizationRequest? near = null) =>
        from effect in Gen.Frequency((10, Gen.Constant(Effect.Allow)), (settings.DenyWeight, Gen.Constant(Effect.Deny)))
        from actionCount in Gen.Choose(1, 2)
        from actions in Gen.ListOf(ActionPatternFor(near?.Action), actionCount)
        from notAction in Gen.Choose(1, 100).Select(p => p <= settings.NotElementWeight)
        from resourceCount in Gen.Choose(1, 2)
        from resources in Gen.ListOf(ResourcePatternFor(near?.Resource), resourceCount)
        from notResource in Gen.Choose(1, 100).Select(p => p <= settings.NotElementWeight)
        from conditionCount in Gen.Choose(0, settings.MaxConditions)
        from conditions in Gen.ListOf(ConditionGen(), conditionCount)
        select new Statement(0, null, effect,
            new ActionBlock(notAction, [.. actions.Select(a => new ActionPattern(a))]),
            new ResourceBlock(notResource, [.. resources.Select(r => new ResourcePattern(PolicyTemplate.Parse(r, true)))]),
            null, [.. DistinctConditions(conditions)], default, default, "$");

    /// <summary>One operator and key at most once per statement: JSON objects cannot repeat a key.</summary>
    private static IEnumerable<Condition> DistinctConditions(IEnumerable<Condition> conditions) =>
        conditions.GroupBy(c => (c.Operator.Name, c.ContextKeyName)).Select(g => g.First());

    public static Gen<string> PolicyText(GeneratorSettings settings, AuthorizationRequest? near = null) =>
        from count in Gen.Choose(1, settings.MaxStatements)
        from statements in Gen.ListOf(StatementGen(settings, near), count)
        select Print(statements);

    public static string Print(IEnumerable<Statement> statements) =>
        PolicyPrinter.Print(new PolicyDocument(PolicyKind.Identity, PolicyVersion.V2012_10_17, null, [.. statements], ""));

    public static Gen<AuthorizationRequest> RequestGen() =>
        from action in Gen.Elements(Vocabulary.Actions.ToArray())
        from resource in Gen.Elements(Vocabulary.Resources.ToArray())
        from tags in Gen.SubListOf(Vocabulary.TagKeys.ToArray())
        from tagValues in Gen.ListOf(Gen.Elements(Vocabulary.TagValues.Add("webservers").ToArray()), tags.Count)
        from network in Gen.OneOf(
            Gen.Elements(Vocabulary.Vpces.ToArray()).Select(v => new ContextValue("aws:SourceVpce", ContextKeyType.String, [v])),
            Gen.Elements(Vocabulary.SourceIps.ToArray()).Select(ip => new ContextValue("aws:SourceIp", ContextKeyType.Ip, [ip])))
        from via in Gen.Elements("true", "false")
        from team in Gen.Elements<string?>("platform", "data", null)
        from extras in Gen.SubListOf(new[]
        {
            new ContextValue("aws:MultiFactorAuthAge", ContextKeyType.Numeric, ["1200"]),
            new ContextValue("aws:CurrentTime", ContextKeyType.Date, ["2026-11-29T12:00:00Z"]),
            new ContextValue("aws:PrincipalArn", ContextKeyType.String, [$"arn:aws:iam::{Vocabulary.Account}:user/alice"]),
            new ContextValue("conformance:Blob", ContextKeyType.Binary, ["AQID"]),
        })
        select new AuthorizationRequest(action, resource, new RequestContext(
            tags.Zip(tagValues).SelectMany(t => new[]
            {
                new ContextValue($"ssm:resourceTag/{t.First}", ContextKeyType.String, [t.Second]),
                new ContextValue($"aws:ResourceTag/{t.First}", ContextKeyType.String, [t.Second]),
            })
            .Append(network)
            .Append(new ContextValue("aws:ViaAWSService", ContextKeyType.Boolean, [via]))
            .Concat(team is null ? [] : [new ContextValue("aws:PrincipalTag/team", ContextKeyType.String, [team])])
            .Concat(extras)));

    /// <summary>A request first, then policies drawn near it, so that cases sit near the allow/deny boundary.</summary>
    public static Gen<PolicyCase> CaseGen(GeneratorSettings settings) =>
        from request in RequestGen()
        from policyCount in Gen.Choose(1, settings.MaxIdentityPolicies)
        from policies in Gen.ListOf(PolicyText(settings, request), policyCount)
        from hasBoundary in Gen.Choose(1, 100).Select(p => p <= settings.BoundaryWeight)
        from boundary in PolicyText(settings with { DenyWeight = 1 }, request)
        select new PolicyCase([.. policies], hasBoundary ? boundary : null, request);

    /// <summary>Shrinks a case towards fewer policies, no boundary, fewer statements and fewer conditions.</summary>
    public static IEnumerable<PolicyCase> Shrink(PolicyCase value)
    {
        if (value.PermissionsBoundary is not null)
        {
            yield return value with { PermissionsBoundary = null };
        }
        for (var i = 0; i < value.IdentityPolicies.Length && value.IdentityPolicies.Length > 1; i++)
        {
            yield return value with { IdentityPolicies = value.IdentityPolicies.RemoveAt(i) };
        }
        for (var p = 0; p < value.IdentityPolicies.Length; p++)
        {
            var statements = value.Policies.IdentityPolicies[p].Statements;
            for (var s = 0; s < statements.Length; s++)
            {
                if (statements.Length > 1)
                {
                    yield return value with { IdentityPolicies = value.IdentityPolicies.SetItem(p, Print(statements.RemoveAt(s))) };
                }
                for (var c = 0; c < statements[s].Conditions.Length; c++)
                {
                    var smaller = statements[s] with { Conditions = statements[s].Conditions.RemoveAt(c) };
                    yield return value with { IdentityPolicies = value.IdentityPolicies.SetItem(p, Print(statements.SetItem(s, smaller))) };
                }
            }
        }
    }

    public static Arbitrary<PolicyCase> Cases(GeneratorSettings? settings = null) =>
        Arb.From(CaseGen(settings ?? GeneratorSettings.Default), Shrink);
}
