using System.Collections.Immutable;
using Conformance.Model.SendCommand;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Generators;

/// <summary>
/// Resource and principal tags: realistic names, case variants, near misses (<c>WebServer</c> for <c>WebServers</c>,
/// a trailing space), values holding <c>*</c> and <c>?</c>, empty values, and lengths up to AWS's limits
/// (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html, "Tag naming limits and requirements").
/// </summary>
public static class TagGenerators
{
    public const int MaxKeyLength = 128;
    public const int MaxValueLength = 256;
    public const int MaxTagsPerResource = 50;

    /// <summary>Characters every AWS service accepts in tags: letters, digits, space and <c>_ . : / = + - @</c>.</summary>
    public const string AllowedPunctuation = " _.:/=+-@";

    private const string LongTextAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:/=+-@ ";

    /// <summary>True when <paramref name="key"/> is a tag key AWS accepts (length, characters, no <c>aws:</c> prefix).</summary>
    public static bool IsValidKey(string key) =>
        key.Length is >= 1 and <= MaxKeyLength && key.All(IsAllowedChar) &&
        !key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="value"/> is a tag value EC2 accepts: at most 256 characters; besides the common
    /// characters, EC2 allows <c>*</c> and <c>?</c>, which IAM's wildcard operators then meet as data.</summary>
    public static bool IsValidValue(string value) =>
        value.Length <= MaxValueLength && value.All(c => IsAllowedChar(c) || c is '*' or '?');

    private static bool IsAllowedChar(char c) => char.IsAsciiLetterOrDigit(c) || AllowedPunctuation.Contains(c);

    public static Gen<string> TagKey() => Gen.Frequency(
        (12, Gen.Elements(Vocabulary.TagKeys.ToArray())),
        (2, Gen.Elements(Vocabulary.TagKeys.ToArray()).SelectMany(CaseVariant)),
        (2, Gen.Elements(Vocabulary.TagKeys.ToArray()).SelectMany(NearMiss)),
        (1, Gen.Elements("cost-center", "app:tier", "team/name", "a.b_c=d+e@f", "Name")),
        (1, LongText(MaxKeyLength).Select(k => k.Trim() is { Length: > 0 } t ? t : "k")));

    public static Gen<string> TagValue() => Gen.Frequency(
        (12, Gen.Elements(Vocabulary.TagValues.ToArray())),
        (2, Gen.Elements(Vocabulary.TagValues.ToArray()).SelectMany(CaseVariant)),
        (2, Gen.Elements(Vocabulary.TagValues.ToArray()).SelectMany(NearMiss)),
        (2, Gen.Elements("Web*", "pro?", "*", "?", "Web?ervers")),
        (1, LongText(MaxValueLength)));

    /// <summary>Upper, lower or first-letter-flipped spelling of <paramref name="text"/>.</summary>
    public static Gen<string> CaseVariant(string text) => Gen.Elements(
        text.ToUpperInvariant(),
        text.ToLowerInvariant(),
        text.Length == 0 ? text : (char.IsUpper(text[0]) ? char.ToLowerInvariant(text[0]) : char.ToUpperInvariant(text[0])) + text[1..]);

    /// <summary>Almost <paramref name="text"/>: a plural or singular, a trailing space, one character less.</summary>
    public static Gen<string> NearMiss(string text) => text.Length == 0
        ? Gen.Elements(" ", "-")
        : Gen.Elements(
            text.EndsWith('s') ? text[..^1] : text + "s",
            text + " ",
            text[..^1]);

    private static Gen<string> LongText(int maxLength) =>
        from length in Gen.Frequency((1, Gen.Constant(maxLength)), (3, Gen.Choose(maxLength / 2, maxLength)))
        from chars in Gen.ArrayOf(Gen.Elements(LongTextAlphabet.ToCharArray()), length)
        select new string(chars);

    public static Gen<Tag> TagGen() =>
        from key in TagKey()
        from value in TagValue()
        select new Tag(key, value);

    /// <summary>0..<paramref name="maxTags"/> tags (at most 50) with keys distinct ignoring case: IAM folds tag keys,
    /// and a resource with both <c>Owner</c> and <c>owner</c> gives surprising results in IAM's own words.</summary>
    public static Gen<ImmutableArray<Tag>> TagSet(int maxTags) =>
        from count in Gen.Choose(0, Math.Clamp(maxTags, 0, MaxTagsPerResource))
        from tags in Gen.ListOf(TagGen(), count)
        select tags.DistinctBy(t => t.Key, StringComparer.OrdinalIgnoreCase).ToImmutableArray();

    /// <summary>Shrinks towards an empty value, and long or unusual keys towards short ones.</summary>
    public static IEnumerable<Tag> ShrinkTag(Tag tag)
    {
        if (tag.Value.Length > 0)
        {
            yield return tag with { Value = "" };
            if (tag.Value.Length > 1)
            {
                yield return tag with { Value = tag.Value[..(tag.Value.Length / 2)] };
            }
        }
        if (tag.Key.Length > 1 && !Vocabulary.TagKeys.Contains(tag.Key))
        {
            var shorter = tag.Key[..(tag.Key.Length / 2)].Trim();
            if (shorter.Length > 0)
            {
                yield return tag with { Key = shorter };
            }
        }
    }

    /// <summary>Fewer tags first, then smaller tags; keys stay distinct ignoring case.</summary>
    public static IEnumerable<ImmutableArray<Tag>> ShrinkTagSet(ImmutableArray<Tag> tags)
    {
        for (var i = 0; i < tags.Length; i++)
        {
            yield return tags.RemoveAt(i);
        }
        for (var i = 0; i < tags.Length; i++)
        {
            foreach (var smaller in ShrinkTag(tags[i]))
            {
                var others = tags.RemoveAt(i);
                if (!others.Any(o => string.Equals(o.Key, smaller.Key, StringComparison.OrdinalIgnoreCase)))
                {
                    yield return tags.SetItem(i, smaller);
                }
            }
        }
    }

    public static Arbitrary<ImmutableArray<Tag>> TagSets(GeneratorSettings? settings = null) =>
        Arb.From(TagSet((settings ?? GeneratorSettings.Default).TagsPerResource), ShrinkTagSet);
}
