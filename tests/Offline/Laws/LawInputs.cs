using System.Collections.Immutable;
using System.Text;
using Conformance.Generators;
using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using Conformance.Model.SendCommand;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Offline.Tests.Laws;

/// <summary>A case and one more policy (an Allow to add, or a boundary to put on).</summary>
public sealed record CaseWithPolicy(PolicyCase Case, string Policy)
{
    public override string ToString() => $"{Case}\nAdded policy:\n{Policy}";
}

/// <summary>
/// A <c>StringLike</c> pattern and one instance of it, as pieces: each piece is one pattern character and, for
/// <c>*</c> and <c>?</c>, the text that stands in for it in the instance (any text for <c>*</c>, one character for <c>?</c>).
/// Shrinking drops pieces, so every shrunk value is still a pattern with an instance.
/// </summary>
public sealed record LikeInstance(ImmutableArray<(char PatternChar, string Fill)> Pieces)
{
    public const string Key = "aws:ResourceTag/Owner";

    public string Pattern => new([.. Pieces.Select(p => p.PatternChar)]);

    public string Instance => string.Concat(Pieces.Select(p => p.PatternChar is '*' or '?' ? p.Fill : p.PatternChar.ToString()));

    /// <summary>One Allow statement whose only condition is <c>StringLike {Key: Pattern}</c>; the request carries the instance.</summary>
    public PolicyCase ToCase() => new(
        [$$"""
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": "ssm:SendCommand",
              "Resource": "*",
              "Condition": { "StringLike": { "{{Key}}": "{{Pattern}}" } }
            }
          ]
        }
        """],
        null,
        new AuthorizationRequest("ssm:SendCommand", Vocabulary.Resources[3],
            new RequestContext([new ContextValue(Key, ContextKeyType.String, [Instance])])));

    public override string ToString() => $"pattern \"{Pattern}\", instance \"{Instance}\"\n{ToCase()}";
}

/// <summary>A Run Command call with its policies, and one more node of the fleet that the call does not target yet.</summary>
public sealed record SendCommandCase(ImmutableArray<string> IdentityPolicies, string? PermissionsBoundary, SendCommandRequest Request, string ExtraNode)
{
    private PolicySet? _policies;

    public PolicySet Policies => _policies ??= new PolicyCase(IdentityPolicies, PermissionsBoundary,
        new AuthorizationRequest(SendCommandAuthorizer.Action, "*", RequestContext.Empty)).Policies;

    public ImmutableArray<string> InstanceIds => ((Targeting.ByInstanceIds)Request.Targeting).InstanceIds;

    public SendCommandRequest WithExtraNode() => Request with { Targeting = new Targeting.ByInstanceIds(InstanceIds.Add(ExtraNode)) };

    public override string ToString()
    {
        var nodes = string.Join("; ", Request.Fleet.Nodes.Select(n => $"{n.InstanceId} [{string.Join(", ", n.Tags.Select(t => $"{t.Key}={t.Value}"))}]"));
        var boundary = PermissionsBoundary is null ? "" : $"\nPermissionsBoundary:\n{PermissionsBoundary}";
        return $"SendCommand {Request.Document.Name} to {string.Join(", ", InstanceIds)} (then also {ExtraNode}) from {Request.Caller.Network}\n" +
               $"fleet: {nodes}\n" +
               string.Join("\n", IdentityPolicies.Select((p, i) => $"PolicyInputList.{i + 1}:\n{p}")) + boundary;
    }
}

/// <summary>Generators and shrinkers for the law inputs. Small and law-specific; the general ones live in Conformance.Generators.</summary>
public static class LawInputs
{
    public static Arbitrary<PolicyCase> Cases { get; } = Arb.From(PolicyGenerators.CaseGen(GeneratorSettings.Default), LawTransforms.Shrink);

    /// <summary>A case and a second policy: the statements of another generated policy near the same request.</summary>
    public static Arbitrary<CaseWithPolicy> CasesWithPolicy { get; } = Arb.From(
        from c in PolicyGenerators.CaseGen(GeneratorSettings.Default)
        from policy in PolicyGenerators.PolicyText(GeneratorSettings.Default, c.Request)
        select new CaseWithPolicy(c, policy),
        ShrinkCaseWithPolicy);

    private static IEnumerable<CaseWithPolicy> ShrinkCaseWithPolicy(CaseWithPolicy value) =>
        LawTransforms.Shrink(value.Case).Select(c => value with { Case = c })
            .Concat(ShrinkPolicy(value.Policy, value.Case.Request).Select(p => value with { Policy = p }));

    /// <summary>A lone policy text shrunk like a case with one policy: fewer statements, fewer conditions.</summary>
    public static IEnumerable<string> ShrinkPolicy(string policy, AuthorizationRequest request) =>
        LawTransforms.Shrink(new PolicyCase([policy], null, request)).Select(c => c.IdentityPolicies.Single()).Where(p => p != policy).Distinct();

    /// <summary>Keys the generated requests never carry, so a condition on them always meets an absent key.</summary>
    private static readonly string[] AbsentKeys = ["aws:TagKeys", "ssm:resourceTag/CostCenter", "aws:ResourceTag/Project", "aws:PrincipalTag/project"];

    /// <summary>
    /// Generated cases with one extra <c>ForAllValues:</c> condition on a key the request lacks, put into one statement.
    /// Shrinking never adds it back: a shrunk case without such a condition passes the law and is not kept.
    /// </summary>
    public static Arbitrary<PolicyCase> CasesWithForAllValuesOnAbsentKey { get; } = Arb.From(
        from c in PolicyGenerators.CaseGen(GeneratorSettings.Default)
        from policyIndex in Gen.Choose(0, c.IdentityPolicies.Length - 1)
        from statementIndex in Gen.Choose(0, 99)
        from op in Gen.Elements(BaseOperator.StringEquals, BaseOperator.StringLike, BaseOperator.StringNotEquals,
            BaseOperator.StringNotLike, BaseOperator.StringEqualsIgnoreCase)
        from key in Gen.Elements(AbsentKeys)
        from value in Gen.Elements("Owner", "team-*", "prod", "?ev")
        select InsertCondition(c, policyIndex, statementIndex,
            new Condition(new ConditionOperator(SetQualifier.ForAllValues, op, false), key, [PolicyTemplate.Literal(value)], "$")),
        LawTransforms.Shrink);

    private static PolicyCase InsertCondition(PolicyCase c, int policyIndex, int statementIndex, Condition condition)
    {
        var statements = c.Policies.IdentityPolicies[policyIndex].Statements;
        var s = statementIndex % statements.Length;
        var target = statements[s];
        if (target.Conditions.Any(x => x.Operator.Name == condition.Operator.Name && x.ContextKeyName == condition.ContextKeyName))
        {
            return c;
        }
        var changed = statements.SetItem(s, target with { Conditions = target.Conditions.Add(condition) });
        return c with { IdentityPolicies = c.IdentityPolicies.SetItem(policyIndex, PolicyGenerators.Print(changed)) };
    }

    private const string PatternAlphabet = "abW-*?";
    private const string FillAlphabet = "abW-*?:/";

    public static Arbitrary<LikeInstance> LikeInstances { get; } = Arb.From(
        from length in Gen.Choose(1, 8)
        from pieces in Gen.ListOf(
            from c in Gen.Elements(PatternAlphabet.ToCharArray())
            from starLength in Gen.Choose(0, 4)
            from fill in Gen.ListOf(Gen.Elements(FillAlphabet.ToCharArray()), c switch { '*' => starLength, '?' => 1, _ => 0 })
            select (c, new string([.. fill])), length)
        select new LikeInstance([.. pieces]),
        ShrinkLike);

    private static IEnumerable<LikeInstance> ShrinkLike(LikeInstance value)
    {
        for (var i = 0; i < value.Pieces.Length && value.Pieces.Length > 1; i++)
        {
            yield return new LikeInstance(value.Pieces.RemoveAt(i));
        }
        for (var i = 0; i < value.Pieces.Length; i++)
        {
            if (value.Pieces[i] is ('*', { Length: > 0 } fill))
            {
                yield return new LikeInstance(value.Pieces.SetItem(i, ('*', fill[1..])));
            }
        }
    }

    private static readonly string Region = "us-east-2";

    private static readonly ImmutableArray<string> NodeIds =
        ["i-0123456789abcdef0", "i-0fedcba9876543210", "mi-0123456789abcdef0", "mi-0aaaabbbbccccdddd"];

    private static Gen<ManagedNode> NodeGen(string id) =>
        from keys in Gen.SubListOf(Vocabulary.TagKeys.ToArray())
        from values in Gen.ListOf(Gen.Elements(Vocabulary.TagValues.Add("webservers").ToArray()), keys.Count)
        select new ManagedNode(id, Region, Vocabulary.Account, [.. keys.Zip(values, (k, v) => new Tag(k, v))]);

    private static readonly GeneratorSettings SendCommandSettings = GeneratorSettings.Default with { MaxConditions = 1, DenyWeight = 2 };

    /// <summary>
    /// Run Command calls on a small fleet. Each policy statement is drawn near one of the call's resources (the document
    /// or a node), so that whole calls are sometimes allowed and not merely always denied.
    /// </summary>
    public static Arbitrary<SendCommandCase> SendCommandCases { get; } = Arb.From(
        from nodes in Gen.CollectToArray(NodeIds, NodeGen)
        from document in Gen.Elements<DocumentReference>(
            new DocumentReference.Owned("RestartWeb"), new DocumentReference.AwsOwned("AWS-RunShellScript"),
            new DocumentReference.Shared(Vocabulary.OtherAccount, "Shared-Patch"))
        from targeted in Gen.Shuffle(NodeIds.ToArray())
        from count in Gen.Choose(1, NodeIds.Length - 1)
        from network in Gen.OneOf(
            Gen.Elements(Vocabulary.SourceIps.Where(ip => !ip.Contains(':')).ToArray()).Select(ip => (CallerNetwork)new CallerNetwork.PublicEndpoint(ip)),
            Gen.Elements(Vocabulary.Vpces.ToArray()).Select(v => (CallerNetwork)new CallerNetwork.VpcEndpoint(v)))
        from team in Gen.Elements<string?>("platform", "data", null)
        let fleet = new Fleet([.. nodes])
        let request = new SendCommandRequest("aws", Region, Vocabulary.Account, document,
            new Targeting.ByInstanceIds([.. targeted.Take(count)]), fleet,
            new CallerContext(network, team is null ? [] : [new Tag("team", team)]))
        let resources = nodes.Select(n => n.Arn("aws")).Prepend(document.Arn("aws", Region, Vocabulary.Account)).ToArray()
        from policyCount in Gen.Choose(1, 2)
        from policies in Gen.ListOf(SendCommandPolicy(resources), policyCount)
        from hasBoundary in Gen.Choose(1, 100).Select(p => p <= 15)
        from boundary in SendCommandPolicy(resources)
        select new SendCommandCase([.. policies], hasBoundary ? boundary : null, request, targeted[count]),
        ShrinkSendCommand);

    private static Gen<string> SendCommandPolicy(string[] resources) =>
        from count in Gen.Choose(1, 3)
        from statements in Gen.ListOf(
            from resource in Gen.Elements(resources)
            from statement in PolicyGenerators.StatementGen(SendCommandSettings,
                new AuthorizationRequest(SendCommandAuthorizer.Action, resource, RequestContext.Empty))
            select statement, count)
        select PolicyGenerators.Print(statements);

    private static IEnumerable<SendCommandCase> ShrinkSendCommand(SendCommandCase value)
    {
        var asCase = new PolicyCase(value.IdentityPolicies, value.PermissionsBoundary,
            new AuthorizationRequest(SendCommandAuthorizer.Action, "*", RequestContext.Empty));
        foreach (var smaller in LawTransforms.Shrink(asCase).Where(s => s.IdentityPolicies != asCase.IdentityPolicies || s.PermissionsBoundary != asCase.PermissionsBoundary))
        {
            yield return value with { IdentityPolicies = smaller.IdentityPolicies, PermissionsBoundary = smaller.PermissionsBoundary };
        }
        var ids = value.InstanceIds;
        for (var i = 0; i < ids.Length && ids.Length > 1; i++)
        {
            yield return value with { Request = value.Request with { Targeting = new Targeting.ByInstanceIds(ids.RemoveAt(i)) } };
        }
    }
}

/// <summary>The rewrites the laws apply to their inputs.</summary>
public static class LawTransforms
{
    /// <summary>
    /// Shrinks towards one identity policy with few statements, conditions, values and context keys. Beyond
    /// <see cref="PolicyGenerators.Shrink"/> it also tries the boundary alone as the only identity policy, shrinks the
    /// boundary's statements and conditions, keeps one entry of a multi-entry Action/Resource/condition value list, and
    /// drops context keys, so that a counterexample reads at a glance.
    /// </summary>
    public static IEnumerable<PolicyCase> Shrink(PolicyCase c)
    {
        var parsed = c.Policies;
        if (c.PermissionsBoundary is { } boundary)
        {
            yield return new PolicyCase(c.IdentityPolicies, null, c.Request);
            yield return new PolicyCase([boundary], null, c.Request);
        }
        for (var i = 0; i < c.IdentityPolicies.Length && c.IdentityPolicies.Length > 1; i++)
        {
            yield return new PolicyCase(c.IdentityPolicies.RemoveAt(i), c.PermissionsBoundary, c.Request);
        }
        var documents = parsed.PermissionsBoundary is { } b ? parsed.IdentityPolicies.Add(b) : parsed.IdentityPolicies;
        for (var d = 0; d < documents.Length; d++)
        {
            foreach (var statements in SmallerStatementLists(documents[d].Statements))
            {
                var text = PolicyGenerators.Print(statements);
                yield return d < c.IdentityPolicies.Length
                    ? new PolicyCase(c.IdentityPolicies.SetItem(d, text), c.PermissionsBoundary, c.Request)
                    : new PolicyCase(c.IdentityPolicies, text, c.Request);
            }
        }
        var context = c.Request.Context.Values.ToImmutableArray();
        for (var k = 0; k < context.Length; k++)
        {
            yield return new PolicyCase(c.IdentityPolicies, c.PermissionsBoundary,
                c.Request with { Context = new RequestContext(context.RemoveAt(k)) });
        }
    }

    private static IEnumerable<ImmutableArray<Statement>> SmallerStatementLists(ImmutableArray<Statement> statements)
    {
        for (var s = 0; s < statements.Length; s++)
        {
            if (statements.Length > 1)
            {
                yield return statements.RemoveAt(s);
            }
            foreach (var smaller in SmallerStatements(statements[s]))
            {
                yield return statements.SetItem(s, smaller);
            }
        }
    }

    private static IEnumerable<Statement> SmallerStatements(Statement statement)
    {
        for (var c = 0; c < statement.Conditions.Length; c++)
        {
            yield return statement with { Conditions = statement.Conditions.RemoveAt(c) };
        }
        if (statement.Action.Patterns.Length > 1)
        {
            foreach (var a in statement.Action.Patterns)
            {
                yield return statement with { Action = statement.Action with { Patterns = [a] } };
            }
        }
        if (statement.Resource.Patterns.Length > 1)
        {
            foreach (var r in statement.Resource.Patterns)
            {
                yield return statement with { Resource = statement.Resource with { Patterns = [r] } };
            }
        }
        for (var c = 0; c < statement.Conditions.Length; c++)
        {
            var condition = statement.Conditions[c];
            for (var v = 0; v < condition.Values.Length && condition.Values.Length > 1; v++)
            {
                yield return statement with { Conditions = statement.Conditions.SetItem(c, condition with { Values = condition.Values.RemoveAt(v) }) };
            }
        }
    }


    /// <summary>True when the request carries the key with at least one value (key names compared as IAM does).</summary>
    public static bool KeyHasValues(RequestContext context, string key) => context.TryGet(key, out var v) && !v.Values.IsEmpty;

    /// <summary>The same case with every statement of every policy (boundary included) rewritten.</summary>
    public static PolicyCase MapStatements(PolicyCase c, Func<Statement, Statement> rewrite)
    {
        var parsed = c.Policies;
        return new PolicyCase(
            [.. parsed.IdentityPolicies.Select(p => PolicyGenerators.Print(p.Statements.Select(rewrite)))],
            parsed.PermissionsBoundary is { } b ? PolicyGenerators.Print(b.Statements.Select(rewrite)) : null,
            c.Request);
    }

    /// <summary>Rewrites every condition; a statement where two rewritten conditions would become the same JSON key under
    /// one operator (the generator may write <c>ssm:resourceTag/Owner</c> and <c>ssm:resourceTag/owner</c> side by side)
    /// is left as it is, since its JSON would no longer be valid.</summary>
    public static PolicyCase MapConditions(PolicyCase c, Func<Condition, Condition> rewrite) =>
        MapStatements(c, s =>
        {
            var rewritten = s.Conditions.Select(rewrite).ToImmutableArray();
            var distinct = rewritten.Select(k => (k.Operator.Name, k.ContextKeyName)).Distinct().Count() == rewritten.Length;
            return distinct ? s with { Conditions = rewritten } : s;
        });

    /// <summary>Upper-cases or lower-cases whole key names (prefix and tag-key part alike).</summary>
    public static string Recase(string key, bool upper) => upper ? key.ToUpperInvariant() : key.ToLowerInvariant();

    /// <summary>Alternating case, so that neither spelling is all upper or all lower.</summary>
    public static string Alternate(string key)
    {
        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            builder.Append(i % 2 == 0 ? char.ToUpperInvariant(key[i]) : char.ToLowerInvariant(key[i]));
        }
        return builder.ToString();
    }
}
