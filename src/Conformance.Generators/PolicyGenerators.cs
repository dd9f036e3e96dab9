using System.Collections.Immutable;
using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;
using Conformance.Model.Matching;
using Conformance.Model.Policies;
using Conformance.Model.SendCommand;
using Conformance.Model.Simulation;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Generators;

/// <summary>
/// A generated question: policies (kept as the exact text that would be sent to IAM) and one authorization request.
/// </summary>
public sealed record PolicyCase(ImmutableArray<string> IdentityPolicies, string? PermissionsBoundary, AuthorizationRequest Request)
{
    private PolicySet? _policies;

    /// <summary>Copies for <c>with</c> without the parsed cache: a copy with other texts must parse its own texts.</summary>
    private PolicyCase(PolicyCase original)
    {
        IdentityPolicies = original.IdentityPolicies;
        PermissionsBoundary = original.PermissionsBoundary;
        Request = original.Request;
    }

    /// <summary>The parsed policies. Generated text is always valid; a parse failure is a generator bug and throws.</summary>
    public PolicySet Policies => _policies ??= new PolicySet(
        [.. IdentityPolicies.Select(t => PolicyParser.Parse(t).GetValueOrThrow("generated identity policy"))],
        PermissionsBoundary is null ? null : PolicyParser.Parse(PermissionsBoundary, PolicyKind.PermissionsBoundary).GetValueOrThrow("generated boundary"));

    /// <summary>The same question as SimulateCustomPolicy input: the action, the resource (none for <c>*</c>), and the
    /// context as <c>ContextEntries</c> with their types, sorted by key so that the text is the same in every run.</summary>
    public SimulationRequest ToSimulationRequest() => new(
        PolicyInputList: IdentityPolicies,
        ActionNames: [Request.Action],
        PermissionsBoundaryPolicyInputList: PermissionsBoundary is { } b ? [b] : [],
        ResourceArns: Request.Resource == "*" ? [] : [Request.Resource],
        CallerArn: Request.CallerArn,
        ContextEntries: SimulationRequests.Entries(Request.Context));

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
    /// <summary>Action patterns, mostly ones that match <paramref name="action"/> (exact, case variant, wildcard),
    /// some near misses.</summary>
    public static Gen<string> ActionPatternFor(string? action)
    {
        var exact = action is null ? Gen.Elements(Vocabulary.Actions.ToArray()) : Gen.Constant(action);
        var service = action?.Split(':')[0] ?? "ssm";
        var name = action?.Split(':') is [_, var n] ? n : "SendCommand";
        return Gen.Frequency(
            (6, exact),
            (2, exact.SelectMany(TagGenerators.CaseVariant)),
            (3, Gen.Elements($"{service}:*", $"{service}:{name[..Math.Min(4, name.Length)]}*", $"{service}:*{name[^Math.Min(4, name.Length)..]}", "*",
                $"{service}:?{name[1..]}", $"{service.ToUpperInvariant()}:{name.ToLowerInvariant()[..Math.Min(3, name.Length)]}*")),
            (2, Gen.Elements(Vocabulary.Actions.Add("s3:GetObject").Add($"{service}:{name}s").ToArray())));
    }

    /// <summary>Resource patterns, mostly ones near <paramref name="resource"/>: exact, case variants, wildcards in each
    /// ARN field, AWS-owned document patterns (empty account field), and other resources.</summary>
    public static Gen<string> ResourcePatternFor(string? resource, GeneratorSettings? settings = null)
    {
        settings ??= GeneratorSettings.Default;
        var choices = new List<(int, Gen<string>)>
        {
            (2, Gen.Constant("*")),
            (2, Gen.Elements(Vocabulary.Resources.ToArray())),
            (4, Gen.Elements(
                "arn:aws:ssm:*:*:document/*",
                "arn:aws:ssm:us-east-2::document/AWS-*",
                "arn:aws:ssm:us-west-1::document/AWS-*",
                $"arn:aws:ssm:us-east-2:{Vocabulary.Account}:document/Restart*",
                "arn:aws:ec2:*:*:instance/*",
                $"arn:aws:ec2:us-east-2:{Vocabulary.Account}:instance/i-*",
                $"arn:aws:ssm:*:{Vocabulary.Account}:managed-instance/*",
                "arn:aws:ssm:*:*:*")),
        };
        if (resource is not null && resource.Split(':', 6) is [var partition, var arnPrefix, var service, var region, var account, var rest] && partition == "arn")
        {
            var slash = rest.IndexOf('/');
            var type = slash < 0 ? rest : rest[..slash];
            var id = slash < 0 ? "" : rest[(slash + 1)..];
            string Arn(string p, string r, string a, string res) => $"arn:{p}:{service}:{r}:{a}:{res}";
            choices.Add((6, Gen.Constant(resource)));
            choices.Add((6, Gen.Elements(
                Arn("*", region, account, rest),
                Arn(arnPrefix, "*", account, rest),
                Arn(arnPrefix, region[..Math.Min(3, region.Length)] + "*", account, rest),
                Arn(arnPrefix, region, "*", rest),
                Arn(arnPrefix, region, "", rest),
                Arn(arnPrefix, region, account, type + "/*"),
                Arn(arnPrefix, region, account, id.Length > 2 ? $"{type}/{id[..2]}*" : $"{type}/*"),
                Arn(arnPrefix, region, account, id.Length > 1 ? $"{type}/?{id[1..]}" : $"{type}/?"),
                Arn(arnPrefix, "*", "*", "*"))));
            choices.Add((2, Gen.Elements(
                Arn(arnPrefix, region, account, rest.ToUpperInvariant()),
                Arn(arnPrefix, region, account == Vocabulary.Account ? Vocabulary.OtherAccount : Vocabulary.Account, rest),
                Arn(arnPrefix, region == "us-east-2" ? "us-east-1" : "us-east-2", account, rest))));
            if (settings.PolicyVariables)
            {
                choices.Add((1, Gen.Elements(
                    Arn(arnPrefix, "*", "*", $"{type}/${{aws:PrincipalTag/Owner}}*"),
                    Arn(arnPrefix, "*", "*", $"{type}/${{aws:PrincipalTag/Team, '{(id.Length > 0 ? id : "x")}'}}"))));
            }
        }
        return Gen.Frequency(choices.ToArray());
    }

    public static Gen<Statement> StatementGen(GeneratorSettings settings, AuthorizationRequest? near = null) =>
        from effect in Gen.Frequency((10, Gen.Constant(Effect.Allow)), (settings.DenyWeight, Gen.Constant(Effect.Deny)))
        from actionCount in Gen.Frequency((4, Gen.Constant(1)), (1, Gen.Constant(2)))
        from actions in Gen.ListOf(ActionPatternFor(near?.Action), actionCount)
        from notAction in Gen.Choose(1, 100).Select(p => p <= settings.NotElementWeight)
        from resourceCount in Gen.Frequency((4, Gen.Constant(1)), (1, Gen.Constant(2)))
        from resources in Gen.ListOf(ResourcePatternFor(near?.Resource, settings), resourceCount)
        from notResource in Gen.Choose(1, 100).Select(p => p <= settings.NotElementWeight)
        from conditionCount in Gen.Choose(0, settings.MaxConditions)
        from conditions in Gen.ListOf(ConditionGenerators.ConditionNear(settings, near?.Context), conditionCount)
        select new Statement(0, null, effect,
            new ActionBlock(notAction, [.. actions.Distinct(StringComparer.Ordinal).Select(a => new ActionPattern(a))]),
            new ResourceBlock(notResource, [.. resources.Distinct(StringComparer.Ordinal).Select(r => new ResourcePattern(PolicyTemplate.Parse(r, true)))]),
            null, [.. ConditionGenerators.Distinct(conditions)], default, default, "$");

    public static Gen<string> PolicyText(GeneratorSettings settings, AuthorizationRequest? near = null) =>
        from count in Gen.Choose(1, settings.MaxStatements)
        from statements in Gen.ListOf(StatementGen(settings, near), count)
        select Print(statements);

    /// <summary>A policy whose statements are each drawn near one of <paramref name="near"/> (the checks of one call),
    /// chosen by weight.</summary>
    public static Gen<string> PolicyTextNear(GeneratorSettings settings, IReadOnlyList<(int Weight, AuthorizationRequest Request)> near) =>
        from count in Gen.Choose(1, settings.MaxStatements)
        from statements in Gen.ListOf(Gen.Frequency(near.Select(n => (n.Weight, StatementGen(settings, n.Request))).ToArray()), count)
        select Print(statements);

    public static string Print(IEnumerable<Statement> statements) =>
        PolicyPrinter.Print(new PolicyDocument(PolicyKind.Identity, PolicyVersion.V2012_10_17, null, [.. statements], ""));

    /// <summary>A request on a SendCommand resource (or, by <see cref="GeneratorSettings.ServiceReferenceWeight"/>, an
    /// action and resource of any service from the Service Authorization Reference), carrying its tags under both keys, a network key (or none, as on the
    /// Systems Manager leg), <c>aws:ViaAWSService</c>, principal tags and typed extra keys.</summary>
    public static Gen<AuthorizationRequest> RequestGen(GeneratorSettings? settings = null)
    {
        var s = settings ?? GeneratorSettings.Default;
        var network = new List<(int, Gen<ContextValue?>)>
        {
            (3, Gen.Elements(Vocabulary.Vpces.ToArray()).Select(v => (ContextValue?)new ContextValue("aws:SourceVpce", ContextKeyType.String, [v]))),
            (1, Gen.Constant<ContextValue?>(null)),
        };
        if (s.IpConditions)
        {
            network.Add((3, Gen.Elements(Vocabulary.SourceIps.ToArray()).Select(ip => (ContextValue?)new ContextValue("aws:SourceIp", ContextKeyType.Ip, [ip]))));
        }
        var vocabulary = from action in Gen.Frequency((4, Gen.Constant(Vocabulary.Actions[0])), (1, Gen.Elements(Vocabulary.Actions.ToArray())))
                         from resource in Gen.Elements(Vocabulary.Resources.ToArray())
                         select (action, resource);
        var target = Math.Clamp(s.ServiceReferenceWeight, 0, 100) switch
        {
            0 => vocabulary,
            100 => ResourceTypeGenerators.PairGen().Select(p => (action: p.Action, resource: p.Resource)),
            var weight => Gen.Frequency((100 - weight, vocabulary), (weight, ResourceTypeGenerators.PairGen().Select(p => (action: p.Action, resource: p.Resource)))),
        };
        return from pair in target
               let action = pair.action
               let resource = pair.resource
               from tags in TagGenerators.TagSet(s.TagsPerResource)
               from net in Gen.Frequency(network.ToArray())
               from via in Gen.Elements("true", "false")
               from principalTags in TagGenerators.TagSet(2)
               from extras in Gen.SubListOf(ExtraKeys(s).ToArray())
               select new AuthorizationRequest(action, resource, new RequestContext(
                   tags.SelectMany(ResourceTagKeys)
                       .Concat(net is null ? [] : [net])
                       .Append(new ContextValue("aws:ViaAWSService", ContextKeyType.Boolean, [via]))
                       .Concat(principalTags.Select(t => new ContextValue($"aws:PrincipalTag/{t.Key}", ContextKeyType.String, [t.Value])))
                       .Concat(extras)));
    }

    /// <summary>The extra keys switched on by <paramref name="settings"/>.</summary>
    public static IEnumerable<ContextValue> ExtraKeys(GeneratorSettings settings) => Vocabulary.ExtraKeys.Where(k => k.Type switch
    {
        ContextKeyType.Numeric => settings.NumericConditions,
        ContextKeyType.Date => settings.DateConditions,
        ContextKeyType.Binary => settings.BinaryConditions,
        _ => true,
    });

    /// <summary>A resource tag as the request context carries it: under <c>ssm:resourceTag/</c> and <c>aws:ResourceTag/</c>.</summary>
    public static IEnumerable<ContextValue> ResourceTagKeys(Model.SendCommand.Tag tag) =>
    [
        new($"ssm:resourceTag/{tag.Key}", ContextKeyType.String, [tag.Value]),
        new($"aws:ResourceTag/{tag.Key}", ContextKeyType.String, [tag.Value]),
    ];

    /// <summary>A request first, then policies drawn near it, so that cases sit near the allow/deny boundary.</summary>
    public static Gen<PolicyCase> CaseGen(GeneratorSettings settings) =>
        from request in RequestGen(settings)
        from policyCount in Gen.Choose(1, settings.MaxIdentityPolicies)
        from policies in Gen.ListOf(PolicyText(settings, request), policyCount)
        from hasBoundary in Gen.Choose(1, 100).Select(p => settings.Boundaries && p <= settings.BoundaryWeight)
        from boundary in hasBoundary ? PolicyText(settings with { DenyWeight = 1 }, request).Select(b => (string?)b) : Gen.Constant<string?>(null)
        select new PolicyCase([.. policies], boundary, request);

    /// <summary>Shrinks a case towards no boundary, fewer policies, statements, conditions and context keys.</summary>
    public static IEnumerable<PolicyCase> Shrink(PolicyCase value)
    {
        var texts = new PolicyTexts(value.IdentityPolicies, value.PermissionsBoundary);
        foreach (var smaller in ShrinkPolicies(texts))
        {
            yield return value with { IdentityPolicies = smaller.IdentityPolicies, PermissionsBoundary = smaller.PermissionsBoundary };
        }
        var keys = value.Request.Context.Values.OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            var fewer = keys.Where((_, j) => j != i);
            yield return value with { Request = value.Request with { Context = new RequestContext(fewer) } };
        }
    }

    /// <summary>No boundary, fewer policies, fewer statements, fewer conditions: each step keeps the texts valid.</summary>
    public static IEnumerable<PolicyTexts> ShrinkPolicies(PolicyTexts value)
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
            var statements = PolicyParser.Parse(value.IdentityPolicies[p]).GetValueOrThrow("generated identity policy").Statements;
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

/// <summary>Generated cases as SimulateCustomPolicy input.</summary>
public static class SimulationRequests
{
    /// <summary>The caller-supplied keys of <paramref name="context"/> as <c>ContextEntries</c>, sorted by key name:
    /// <see cref="RequestContext"/> enumerates in hash order, which changes from process to process.</summary>
    public static ImmutableArray<ContextEntry> Entries(RequestContext context) =>
    [
        .. context.Values
            .Where(v => v.SuppliedByCaller)
            .OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => new ContextEntry(v.Key, v.Values, v.Type)),
    ];

    /// <summary><paramref name="request"/> with its <c>ContextEntries</c> sorted by key name.</summary>
    public static SimulationRequest Canonical(SimulationRequest request) => request with
    {
        ContextEntries = [.. request.ContextEntries.OrderBy(e => e.ContextKeyName, StringComparer.Ordinal)],
    };
}
