using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using Conformance.Model.SendCommand;
using Conformance.Model.Simulation;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Generators;

/// <summary>A generated Run Command question: policies (as the exact text sent to IAM) and one SendCommand call whose
/// targets exist in its fleet.</summary>
public sealed record SendCommandCase(PolicyTexts Policies, SendCommandRequest Request)
{
    private PolicySet? _parsed;

    /// <summary>Copies for <c>with</c> without the parsed cache: a copy with other texts must parse its own texts.</summary>
    private SendCommandCase(SendCommandCase original)
    {
        Policies = original.Policies;
        Request = original.Request;
    }

    /// <summary>The parsed policies. Generated text is always valid; a parse failure is a generator bug and throws.</summary>
    public PolicySet ParsedPolicies => _parsed ??= new PolicySet(
        [.. Policies.IdentityPolicies.Select(t => PolicyParser.Parse(t).GetValueOrThrow("generated identity policy"))],
        Policies.PermissionsBoundary is null ? null : PolicyParser.Parse(Policies.PermissionsBoundary, PolicyKind.PermissionsBoundary).GetValueOrThrow("generated boundary"));

    public SendCommandDecision Authorize() => SendCommandAuthorizer.Authorize(ParsedPolicies, Request);

    /// <summary>One SimulateCustomPolicy request per authorization the call needs, context entries sorted by key.</summary>
    public ImmutableArray<SimulationRequest> ToSimulationRequests() =>
    [
        .. SendCommandAuthorizer.Expand(Request).Select(c => SimulationRequests.Canonical(c.ToSimulationRequest(Policies))),
    ];

    public override string ToString()
    {
        var targeting = Request.Targeting switch
        {
            Targeting.ByInstanceIds ids => "InstanceIds " + string.Join(", ", ids.InstanceIds),
            Targeting.ByTargets t => "Targets " + string.Join("; ", t.Targets.Select(x => $"{x.Key}={string.Join("|", x.Values)}")),
            _ => "?",
        };
        var network = Request.Caller.Network switch
        {
            CallerNetwork.VpcEndpoint v => $"via {v.SourceVpce}",
            CallerNetwork.PublicEndpoint p => $"from {p.SourceIp}",
            _ => "",
        };
        var fleet = string.Join("\n", Request.Fleet.Nodes.Select(n =>
            $"  {n.InstanceId} {n.Region}/{n.Account} {{{string.Join(", ", n.Tags.Select(t => $"{t.Key}={t.Value}"))}}}"));
        var caller = string.Join(", ", Request.Caller.PrincipalTags.Select(t => $"aws:PrincipalTag/{t.Key}={t.Value}")
            .Concat(Request.Caller.ExtraContext.Select(e => $"{e.ContextKeyName}={string.Join("|", e.ContextKeyValues)}")));
        var boundary = Policies.PermissionsBoundary is null ? "" : $"\nPermissionsBoundary:\n{Policies.PermissionsBoundary}";
        return $"SendCommand {Request.Document.Arn(Request.Partition, Request.Region, Request.Account)} in {Request.Region}/{Request.Account} " +
               $"{network} {{{caller}}}, {targeting}\nFleet:\n{fleet}\n" +
               string.Join("\n", Policies.IdentityPolicies.Select((p, i) => $"PolicyInputList.{i + 1}:\n{p}")) + boundary;
    }
}

/// <summary>SendCommand calls consistent with their fleet, and policies drawn near the authorizations they need.</summary>
public static class SendCommandGenerators
{
    public static Gen<DocumentReference> DocumentGen() => Gen.Frequency(
        (3, Gen.Elements(Vocabulary.AwsDocuments.ToArray()).Select(n => (DocumentReference)new DocumentReference.AwsOwned(n))),
        (3, Gen.Elements(Vocabulary.OwnedDocuments.ToArray()).Select(n => (DocumentReference)new DocumentReference.Owned(n))),
        (1, Gen.Constant((DocumentReference)new DocumentReference.Shared(Vocabulary.OtherAccount, "Shared-Patch"))));

    public static Gen<CallerContext> CallerGen(GeneratorSettings settings)
    {
        var networks = new List<(int, Gen<CallerNetwork>)>
        {
            (3, from vpce in Gen.Elements(Vocabulary.Vpces.ToArray())
                from vpc in Gen.Elements<string?>(null, Vocabulary.Vpcs[0], Vocabulary.Vpcs[1])
                select (CallerNetwork)new CallerNetwork.VpcEndpoint(vpce, vpc)),
        };
        if (settings.IpConditions)
        {
            networks.Add((2, Gen.Elements(Vocabulary.SourceIps.ToArray()).Select(ip => (CallerNetwork)new CallerNetwork.PublicEndpoint(ip))));
        }
        return from network in Gen.Frequency(networks.ToArray())
               from principalTags in TagGenerators.TagSet(Math.Min(2, settings.TagsPerResource))
               from extras in Gen.SubListOf(PolicyGenerators.ExtraKeys(settings).ToArray())
               select new CallerContext(network, principalTags, null,
                   [.. extras.Select(e => new ContextEntry(e.Key, e.Values, e.Type))]);
    }

    /// <summary><c>InstanceIds</c> of nodes in the call's region and account, or tag <c>Targets</c> built from one such
    /// node's tags (so they select it, and maybe others).</summary>
    public static Gen<Targeting> TargetingGen(GeneratorSettings settings, ImmutableArray<ManagedNode> local)
    {
        var byIds =
            from count in Gen.Choose(1, Math.Min(local.Length, settings.InstanceIdsPerCall))
            from shuffled in Gen.Shuffle(local.Select(n => n.InstanceId).ToArray())
            select (Targeting)new Targeting.ByInstanceIds([.. shuffled.Take(count)]);
        var tagged = local.Where(n => n.Tags.Length > 0).ToArray();
        if (tagged.Length == 0)
        {
            return byIds;
        }
        var byTags =
            from anchor in Gen.Elements(tagged)
            from count in Gen.Choose(1, Math.Min(anchor.Tags.Length, settings.TargetsPerCall))
            from tags in Gen.Shuffle(anchor.Tags.ToArray())
            from targets in Gen.CollectToArray(tags.Take(count).Select(TargetFor))
            select (Targeting)new Targeting.ByTargets([.. targets]);
        return Gen.Frequency((1, byIds), (1, byTags));
    }

    /// <summary><c>tag:&lt;key&gt;</c> with the tag's value (and maybe another), or <c>tag-key</c> with its key.</summary>
    private static Gen<Target> TargetFor(Tag tag) => Gen.Frequency(
        (4, from other in Gen.Elements(Vocabulary.TagValues.Where(v => v.Length > 0).ToArray())
            from both in Gen.Elements(false, true)
            select new Target($"tag:{tag.Key}", both && other != tag.Value ? [tag.Value, other] : [tag.Value])),
        (1, Gen.Constant(new Target("tag-key", [tag.Key]))));

    public static Gen<SendCommandRequest> RequestGen(GeneratorSettings settings) =>
        from fleet in FleetGenerators.FleetGen(settings)
        from home in Gen.Elements(fleet.Nodes.ToArray())
        let local = fleet.Nodes.Where(n => n.Region == home.Region && n.Account == home.Account).ToImmutableArray()
        from document in DocumentGen()
        from targeting in TargetingGen(settings, local)
        from caller in CallerGen(settings)
        select new SendCommandRequest("aws", home.Region, home.Account, document, targeting, fleet, caller);

    /// <summary>
    /// A call first, then policies whose statements are each drawn near one of its authorizations: the document
    /// (weight 3), the Systems Manager leg (2) and the nodes (3 shared). A call is allowed only when every check allows,
    /// so its policies get two more statements and half the Deny weight of a single question.
    /// </summary>
    public static Gen<SendCommandCase> CaseGen(GeneratorSettings settings)
    {
        var callSettings = settings with { MaxStatements = settings.MaxStatements + 2, DenyWeight = Math.Max(1, settings.DenyWeight / 2) };
        return from request in RequestGen(settings)
               let checks = Weighted(SendCommandAuthorizer.Expand(request))
               from policyCount in Gen.Choose(1, settings.MaxIdentityPolicies)
               from policies in Gen.ListOf(PolicyGenerators.PolicyTextNear(callSettings, checks), policyCount)
               from hasBoundary in Gen.Choose(1, 100).Select(p => settings.Boundaries && p <= settings.BoundaryWeight)
               from boundary in hasBoundary ? PolicyGenerators.PolicyTextNear(callSettings with { DenyWeight = 1 }, checks).Select(b => (string?)b) : Gen.Constant<string?>(null)
               select new SendCommandCase(new PolicyTexts([.. policies], boundary), request);
    }

    private static (int Weight, AuthorizationRequest Request)[] Weighted(ImmutableArray<AuthorizationCheck> checks)
    {
        var nodes = checks.Count(c => c.Leg == Leg.Direct && c.ResourceKind != "document");
        return [.. checks.Select(c => c switch
        {
            { Leg: Leg.SystemsManager } => (2 * Math.Max(1, nodes), c.Request),
            { ResourceKind: "document" } => (3 * Math.Max(1, nodes), c.Request),
            _ => (3, c.Request),
        })];
    }

    /// <summary>Fewer policies, statements and conditions; fewer nodes, instance IDs, targets, target values and tags;
    /// no principal tags or extra keys. Every candidate keeps the call consistent with its fleet: it still reaches a node.</summary>
    public static IEnumerable<SendCommandCase> Shrink(SendCommandCase value) =>
        Candidates(value).Where(c => ReferenceEquals(c.Request, value.Request) || !SendCommandAuthorizer.TargetedNodes(c.Request).IsEmpty);

    private static IEnumerable<SendCommandCase> Candidates(SendCommandCase value)
    {
        foreach (var policies in PolicyGenerators.ShrinkPolicies(value.Policies))
        {
            yield return value with { Policies = policies };
        }
        var request = value.Request;
        var targeted = SendCommandAuthorizer.TargetedNodes(request).Select(n => n.InstanceId).ToHashSet(StringComparer.Ordinal);
        // Nodes nothing targets go first, then targeted ones (with their instance IDs).
        for (var i = 0; i < request.Fleet.Nodes.Length; i++)
        {
            var node = request.Fleet.Nodes[i];
            var fleet = new Fleet(request.Fleet.Nodes.RemoveAt(i));
            if (!targeted.Contains(node.InstanceId))
            {
                yield return value with { Request = request with { Fleet = fleet } };
            }
            else if (request.Targeting is Targeting.ByInstanceIds ids && ids.InstanceIds.Length > 1)
            {
                yield return value with { Request = request with { Fleet = fleet, Targeting = new Targeting.ByInstanceIds(ids.InstanceIds.Remove(node.InstanceId)) } };
            }
        }
        switch (request.Targeting)
        {
            case Targeting.ByInstanceIds ids:
                for (var i = 0; i < ids.InstanceIds.Length && ids.InstanceIds.Length > 1; i++)
                {
                    yield return value with { Request = request with { Targeting = new Targeting.ByInstanceIds(ids.InstanceIds.RemoveAt(i)) } };
                }
                break;
            case Targeting.ByTargets t:
                for (var i = 0; i < t.Targets.Length && t.Targets.Length > 1; i++)
                {
                    yield return value with { Request = request with { Targeting = new Targeting.ByTargets(t.Targets.RemoveAt(i)) } };
                }
                for (var i = 0; i < t.Targets.Length; i++)
                {
                    for (var v = 0; v < t.Targets[i].Values.Length && t.Targets[i].Values.Length > 1; v++)
                    {
                        var target = t.Targets[i] with { Values = t.Targets[i].Values.RemoveAt(v) };
                        yield return value with { Request = request with { Targeting = new Targeting.ByTargets(t.Targets.SetItem(i, target)) } };
                    }
                }
                break;
        }
        // Tags of nodes: targets may stop selecting a node, but must still select one.
        for (var i = 0; i < request.Fleet.Nodes.Length; i++)
        {
            foreach (var tags in TagGenerators.ShrinkTagSet(request.Fleet.Nodes[i].Tags))
            {
                var smaller = request with { Fleet = new Fleet(request.Fleet.Nodes.SetItem(i, request.Fleet.Nodes[i] with { Tags = tags })) };
                if (!SendCommandAuthorizer.TargetedNodes(smaller).IsEmpty)
                {
                    yield return value with { Request = smaller };
                }
            }
        }
        var caller = request.Caller;
        for (var i = 0; i < caller.PrincipalTags.Length; i++)
        {
            yield return value with { Request = request with { Caller = caller with { PrincipalTags = caller.PrincipalTags.RemoveAt(i) } } };
        }
        for (var i = 0; i < caller.ExtraContext.Length; i++)
        {
            yield return value with { Request = request with { Caller = caller with { ExtraContext = caller.ExtraContext.RemoveAt(i) } } };
        }
    }

    public static Arbitrary<SendCommandCase> Cases(GeneratorSettings? settings = null) =>
        Arb.From(CaseGen(settings ?? GeneratorSettings.Default), Shrink);
}
