using System.Text;
using System.Text.RegularExpressions;
using Conformance.Model.Matching;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Offline.Tests.Matching;

/// <summary>
/// The matchers take shortcuts for speed (match-all, literal prefix then one <c>*</c>, an ARN's literal prefix).
/// These laws hold them to the plain definitions: a glob is a regular expression where <c>*</c> is any run and
/// <c>?</c> one character; an ARN pattern matches field by field at the first five colons.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
/// </summary>
public sealed class PatternShortcutTests
{
    /// <summary>Text over a small alphabet, so that matches are common; wraps string to keep FsCheck's defaults out.</summary>
    public sealed record GlobText(string Value)
    {
        public override string ToString() => $"\"{Value}\"";
    }

    private static Arbitrary<GlobText> Texts(string alphabet, int maxLength) =>
        Gen.Choose(0, maxLength)
            .SelectMany(n => Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), n))
            .Select(chars => new GlobText(new string(chars)))
            .ToArbitrary();

    private static bool GlobByRegex(string pattern, string input)
    {
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
        {
            regex.Append(c switch { '*' => ".*", '?' => ".", _ => Regex.Escape(c.ToString()) });
        }
        return Regex.IsMatch(input, regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    [Fact]
    public void WildcardPattern_Agrees_With_Glob_As_Regex()
    {
        Prop.ForAll(Texts("ab/*?", 6), Texts("ab/", 6), (pattern, input) =>
                new WildcardPattern(pattern.Value).Matches(input.Value) == GlobByRegex(pattern.Value, input.Value))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void WildcardPattern_PrefixThenStar_Matches_Exactly_The_Inputs_With_That_Prefix()
    {
        Prop.ForAll(Texts("ab/", 4), Texts("ab/", 6), (prefix, input) =>
                new WildcardPattern(prefix.Value + "*").Matches(input.Value) == input.Value.StartsWith(prefix.Value, StringComparison.Ordinal))
            .QuickCheckThrowOnFailure();
    }

    private static bool ArnFieldByField(string pattern, string candidate)
    {
        if (pattern == "*")
        {
            return true;
        }
        if (pattern.Count(c => c == ':') < 5)
        {
            return GlobByRegex(pattern, candidate);
        }
        if (!Arn.TrySplit(pattern, out var p) || !Arn.TrySplit(candidate, out var c))
        {
            return false;
        }
        return Enumerable.Range(0, Arn.FieldCount).All(i => GlobByRegex(p.Field(i), c.Field(i)));
    }

    [Fact]
    public void ArnPattern_Agrees_With_Field_By_Field_Globs()
    {
        // Colons are frequent so that most texts have six fields; '*' and '?' only in patterns.
        Prop.ForAll(Texts("a:*?:b:", 12), Texts("a:b::", 12), (pattern, candidate) =>
                ArnPattern.Create(pattern.Value).Matches(candidate.Value) == ArnFieldByField(pattern.Value, candidate.Value))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ArnPattern_WithLiteralWildcard_ComparesItLiterally()
    {
        // ${*} in a policy makes a literal '*': it must not end the literal prefix (policy variables page, escapes).
        var pattern = ArnPattern.Create("arn:aws:ssm:*:*:document/a*b", [.. "arn:aws:ssm:*:*:document/a*b".Select((_, i) => i == 26)]);
        Assert.True(pattern.Matches("arn:aws:ssm:us-east-2::document/a*b"));
        Assert.False(pattern.Matches("arn:aws:ssm:us-east-2::document/axb"));
    }
}
