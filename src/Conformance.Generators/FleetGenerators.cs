using System.Collections.Immutable;
using Conformance.Model.SendCommand;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Generators;

/// <summary>Fleets of managed nodes: EC2 instances (<c>i-</c>) and hybrid nodes (<c>mi-</c>) across regions and
/// accounts, each with a tag set.</summary>
public static class FleetGenerators
{
    private static readonly char[] Hex = "0123456789abcdef".ToCharArray();

    /// <summary>A node ID: <c>i-</c> or <c>mi-</c> and 17 hex digits; <paramref name="index"/> keeps IDs of one fleet distinct.</summary>
    public static Gen<string> NodeId(int index) =>
        from managed in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        from digits in Gen.ArrayOf(Gen.Elements(Hex), 15)
        select $"{(managed ? "mi-" : "i-")}{index % 256:x2}{new string(digits)}";

    public static Gen<ManagedNode> Node(GeneratorSettings settings, int index) =>
        from id in NodeId(index)
        from region in Gen.Frequency((4, Gen.Constant(Vocabulary.Regions[1])), (1, Gen.Elements(Vocabulary.Regions.ToArray())))
        from account in Gen.Frequency((5, Gen.Constant(Vocabulary.Account)), (1, Gen.Constant(Vocabulary.OtherAccount)))
        from tags in TagGenerators.TagSet(settings.TagsPerResource)
        select new ManagedNode(id, region, account, tags);

    /// <summary>1..<c>MaxNodes</c> nodes, most in us-east-2 of the home account, so that calls find nodes to target.</summary>
    public static Gen<Fleet> FleetGen(GeneratorSettings settings) =>
        from count in Gen.Choose(1, Math.Max(1, settings.MaxNodes))
        from nodes in Gen.CollectToArray(Enumerable.Range(0, count).Select(i => Node(settings, i)))
        select new Fleet([.. nodes]);

    /// <summary>Fewer nodes, then fewer or smaller tags on each node.</summary>
    public static IEnumerable<Fleet> ShrinkFleet(Fleet fleet)
    {
        for (var i = 0; i < fleet.Nodes.Length && fleet.Nodes.Length > 1; i++)
        {
            yield return new Fleet(fleet.Nodes.RemoveAt(i));
        }
        for (var i = 0; i < fleet.Nodes.Length; i++)
        {
            foreach (var tags in TagGenerators.ShrinkTagSet(fleet.Nodes[i].Tags))
            {
                yield return new Fleet(fleet.Nodes.SetItem(i, fleet.Nodes[i] with { Tags = tags }));
            }
        }
    }

    public static Arbitrary<Fleet> Fleets(GeneratorSettings? settings = null) =>
        Arb.From(FleetGen(settings ?? GeneratorSettings.Default), ShrinkFleet);
}
