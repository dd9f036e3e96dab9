using Conformance.Generators;
using Conformance.Model.Policies;
using Conformance.Offline.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Conformance.Offline.Tests.Policies;

/// <summary>Distinct generated policy texts and the bounds of a cache to put them through.</summary>
public sealed record TextsAndBounds(IReadOnlyList<string> Texts, int MaxTexts, long MaxCharacters)
{
    public override string ToString() =>
        $"{Texts.Count} texts ({Texts.Sum(t => t.Length)} characters), cache of {MaxTexts} texts and {MaxCharacters} characters";
}

public static class TextsAndBoundsArbitraries
{
    public static Arbitrary<TextsAndBounds> TextsAndBounds() => Arb.From(
        from count in Gen.Choose(1, 20)
        from texts in Gen.ListOf(PolicyGenerators.PolicyText(GeneratorSettings.Default), count)
        from maxTexts in Gen.Choose(1, 8)
        from maxCharacters in Gen.Choose(200, 4000)
        select new TextsAndBounds([.. texts.Distinct()], maxTexts, maxCharacters));
}

/// <summary>The cache keeps no more than its bounds, whatever it is asked; it evicts the least recently used text; and
/// it keeps the kinds of policy apart.</summary>
[Properties(Arbitrary = [typeof(TextsAndBoundsArbitraries)])]
public sealed class ParsedPolicyCacheTests
{
    private const string Identity = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:SendCommand","Resource":"*"}}""";

    private static string Numbered(int i) =>
        $$$"""{"Version":"2012-10-17","Statement":{"Sid":"S{{{i}}}","Effect":"Allow","Action":"ssm:SendCommand","Resource":"*"}}""";

    [ConformanceProperty]
    public Property Cache_Never_Exceeds_Its_Bounds(TextsAndBounds input)
    {
        var cache = new ParsedPolicyCache(input.MaxTexts, input.MaxCharacters);
        var over = new List<string>();
        // Every text twice, the second round backwards, as two kinds of policy.
        foreach (var text in input.Texts.Concat(input.Texts.Reverse()))
        {
            cache.Parse(text, PolicyKind.Identity);
            cache.Parse(text, PolicyKind.PermissionsBoundary);
            if (cache.Count > input.MaxTexts || cache.Characters > input.MaxCharacters)
            {
                over.Add($"{cache.Count} texts, {cache.Characters} characters");
            }
        }
        return (over.Count == 0).Label($"over the bounds: {string.Join("; ", over)}");
    }

    [Fact]
    public void Parse_ManyDistinctTexts_KeepsOnlyTheMostRecentUpToTheBound()
    {
        var cache = new ParsedPolicyCache(maxTexts: 10, maxCharacters: 1_000_000);
        var first = cache.Parse(Numbered(0), PolicyKind.Identity);
        Assert.Same(first, cache.Parse(Numbered(0), PolicyKind.Identity));
        for (var i = 1; i <= 1000; i++)
        {
            cache.Parse(Numbered(i), PolicyKind.Identity);
            Assert.True(cache.Count <= 10, $"{cache.Count} texts kept after {i + 1} distinct ones");
        }
        Assert.Equal(10, cache.Count);
        // The last ten are kept; the first was evicted, so asking again parses it afresh (another, equal, result).
        var last = cache.Parse(Numbered(1000), PolicyKind.Identity);
        Assert.Same(last, cache.Parse(Numbered(1000), PolicyKind.Identity));
        var again = cache.Parse(Numbered(0), PolicyKind.Identity);
        Assert.NotSame(first, again);
        Assert.Equal(first.Value!.SourceText, again.Value!.SourceText);
    }

    [Fact]
    public void Parse_RecentlyUsedText_OutlivesOlderOnes()
    {
        var cache = new ParsedPolicyCache(maxTexts: 2, maxCharacters: 1_000_000);
        var kept = cache.Parse(Numbered(1), PolicyKind.Identity);
        cache.Parse(Numbered(2), PolicyKind.Identity);
        Assert.Same(kept, cache.Parse(Numbered(1), PolicyKind.Identity)); // now the most recent
        cache.Parse(Numbered(3), PolicyKind.Identity); // evicts 2, not 1
        Assert.Same(kept, cache.Parse(Numbered(1), PolicyKind.Identity));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Parse_TextLongerThanTheCharacterBound_IsParsedButNotKept()
    {
        var cache = new ParsedPolicyCache(maxTexts: 10, maxCharacters: Identity.Length - 1);
        Assert.True(cache.Parse(Identity, PolicyKind.Identity).IsSuccess);
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Characters);
    }

    [Fact]
    public void Parse_SameTextAsAnotherKind_AnswersAsThatKind()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html ("You cannot use
        // the Principal element in an identity-based policy"): the same text is an error as an identity policy and
        // valid as a resource policy, in whichever order the cache is asked.
        const string withPrincipal = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"ssm:SendCommand","Resource":"*"}}""";
        var cache = new ParsedPolicyCache(maxTexts: 10, maxCharacters: 1_000_000);
        Assert.False(cache.Parse(withPrincipal, PolicyKind.Identity).IsSuccess);
        Assert.True(cache.Parse(withPrincipal, PolicyKind.Resource).IsSuccess);
        Assert.False(cache.Parse(withPrincipal, PolicyKind.Identity).IsSuccess);
        Assert.Equal(PolicyKind.Resource, cache.Parse(withPrincipal, PolicyKind.Resource).Value!.Kind);
        Assert.Equal(
            string.Join("; ", PolicyParser.Parse(withPrincipal, PolicyKind.PermissionsBoundary).Errors),
            string.Join("; ", cache.Parse(withPrincipal, PolicyKind.PermissionsBoundary).Errors));
    }

    [Fact]
    public void None_KeepsNothing()
    {
        var first = ParsedPolicyCache.None.Parse(Identity, PolicyKind.Identity);
        Assert.NotSame(first, ParsedPolicyCache.None.Parse(Identity, PolicyKind.Identity));
        Assert.Equal(0, ParsedPolicyCache.None.Count);
    }

    [Fact]
    public void Parse_TextOfExactlyTheCharacterBound_IsKept_AndCountsItsLength()
    {
        var cache = new ParsedPolicyCache(maxTexts: 10, maxCharacters: Identity.Length);
        var first = cache.Parse(Identity, PolicyKind.Identity);
        Assert.Same(first, cache.Parse(Identity, PolicyKind.Identity));
        Assert.Equal((1, (long)Identity.Length), (cache.Count, cache.Characters));
        // A second text does not fit beside it: the first goes, and the characters are those of the second alone.
        var other = Identity.Replace("SendCommand", "GetDocument", StringComparison.Ordinal);
        Assert.Equal(Identity.Length, other.Length);
        cache.Parse(other, PolicyKind.Identity);
        Assert.Equal((1, (long)Identity.Length), (cache.Count, cache.Characters));
        Assert.NotSame(first, cache.Parse(Identity, PolicyKind.Identity));
    }

    [Fact]
    public void Parse_EvictingForCharacters_SubtractsTheLengthOfWhatGoes()
    {
        var cache = new ParsedPolicyCache(maxTexts: 100, maxCharacters: Numbered(1).Length * 2L + 5);
        cache.Parse(Numbered(1), PolicyKind.Identity);
        cache.Parse(Numbered(2), PolicyKind.Identity);
        Assert.Equal((2, Numbered(1).Length * 2L), (cache.Count, cache.Characters));
        cache.Parse(Numbered(3), PolicyKind.Identity);
        Assert.Equal((2, Numbered(1).Length * 2L), (cache.Count, cache.Characters));
    }

    [Fact]
    public void Clear_ForgetsEveryText()
    {
        var cache = new ParsedPolicyCache(maxTexts: 10, maxCharacters: 1_000_000);
        var first = cache.Parse(Identity, PolicyKind.Identity);
        cache.Parse(Numbered(1), PolicyKind.Identity);
        cache.Clear();
        Assert.Equal((0, 0L), (cache.Count, cache.Characters));
        Assert.NotSame(first, cache.Parse(Identity, PolicyKind.Identity));
        Assert.Equal((1, (long)Identity.Length), (cache.Count, cache.Characters));
    }

    [Fact]
    public void Clear_ThenFillingTheCache_PushesOutOnlyTextsKeptSinceTheClear()
    {
        var cache = new ParsedPolicyCache(maxTexts: 2, maxCharacters: 1_000_000);
        cache.Parse(Numbered(1), PolicyKind.Identity);
        cache.Parse(Numbered(22), PolicyKind.Identity);
        cache.Clear();
        var third = cache.Parse(Numbered(333), PolicyKind.Identity);
        var fourth = cache.Parse(Numbered(4444), PolicyKind.Identity);
        cache.Parse(Numbered(55555), PolicyKind.Identity); // pushes out Numbered(333), the oldest text since the clear
        Assert.Equal((2, (long)(Numbered(4444).Length + Numbered(55555).Length)), (cache.Count, cache.Characters));
        Assert.Same(fourth, cache.Parse(Numbered(4444), PolicyKind.Identity));
        Assert.NotSame(third, cache.Parse(Numbered(333), PolicyKind.Identity));
    }

    [Fact]
    public void Constructor_NegativeBounds_AreRefused_AndTheSharedCacheHasTheDocumentedBounds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParsedPolicyCache(-1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParsedPolicyCache(10, -1));
        Assert.Equal((ParsedPolicyCache.DefaultMaxTexts, ParsedPolicyCache.DefaultMaxCharacters), (ParsedPolicyCache.Shared.MaxTexts, ParsedPolicyCache.Shared.MaxCharacters));
        // 64 policies of the largest size IAM accepts (API_SimulateCustomPolicy: 131,072 characters).
        Assert.Equal(64L * 131_072, ParsedPolicyCache.DefaultMaxCharacters);
        Assert.Equal((0, 0L), (ParsedPolicyCache.None.MaxTexts, ParsedPolicyCache.None.MaxCharacters));
    }

    [Fact]
    public void Parse_SameTextAsAnotherKind_MakesTheTextTheMostRecent()
    {
        var cache = new ParsedPolicyCache(maxTexts: 2, maxCharacters: 1_000_000);
        var first = cache.Parse(Numbered(1), PolicyKind.Identity);
        cache.Parse(Numbered(2), PolicyKind.Identity);
        cache.Parse(Numbered(1), PolicyKind.PermissionsBoundary); // kept beside the identity parse, and now the most recent
        cache.Parse(Numbered(3), PolicyKind.Identity); // pushes out Numbered(2), the least recently used
        Assert.Same(first, cache.Parse(Numbered(1), PolicyKind.Identity));
        Assert.Equal(2, cache.Count);
    }
}
