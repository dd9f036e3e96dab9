using System.Text.RegularExpressions;
using Conformance.Model.Matching;
using Conformance.Offline.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Offline.Tests.Matching;

/// <summary>The segment matcher (no backtracking) agrees with a regular expression built from the same glob.</summary>
public sealed class WildcardPatternProperties
{
    /// <summary>A glob over a small alphabet, so that near-misses are common, and an input over the same letters.</summary>
    public sealed record GlobCase(string Pattern, string Input, bool IgnoreCase);

    private static readonly Gen<string> Pattern = Gen.Elements('a', 'b', 'A', '*', '?').ArrayOf().Select(c => new string(c));
    private static readonly Gen<string> Input = Gen.Elements('a', 'b', 'A', 'B').ArrayOf().Select(c => new string(c));

    [Fact]
    public void Matches_AgreesWith_RegularExpression() =>
        PropertyRun.Check(Prop.ForAll(Arb.From(
            from pattern in Pattern
            from input in Input
            from ignoreCase in Gen.Elements(true, false)
            select new GlobCase(pattern, input, ignoreCase)), c =>
        {
            // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String ("*" any run, "?" one character)
            var regex = "^" + Regex.Escape(c.Pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
            var expected = Regex.IsMatch(c.Input, regex, RegexOptions.Singleline | (c.IgnoreCase ? RegexOptions.IgnoreCase | RegexOptions.CultureInvariant : RegexOptions.None));
            Assert.Equal(expected, new WildcardPattern(c.Pattern).Matches(c.Input, c.IgnoreCase));
        }), maxTest: 3000, nameof(Matches_AgreesWith_RegularExpression));

    [Theory]
    [InlineData("a*b", true)]
    [InlineData("axb", false)]
    [InlineData("a*x*b", false)]
    public void Matches_LiteralMaskedStar_MatchesOnlyItself(string input, bool expected)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars (${*} is a literal *)
        var pattern = new WildcardPattern("a*b", [false, true, false]);
        Assert.Equal(expected, pattern.Matches(input));
    }

    [Theory]
    [InlineData("x*a?c*y", "xa-cy", false, true)]
    [InlineData("x*a?c*y", "xA-Cy", true, true)]
    [InlineData("x*a?c*y", "xa-y", false, false)]
    [InlineData("*a?bcd*", "zza-bcdzz", false, true)]
    [InlineData("*a?bcd*", "zza-bczdz", false, false)]
    [InlineData("*a?bcd*", "ZZA-BCDZZ", true, true)]
    [InlineData("*??*", "ab", false, true)]
    [InlineData("*??*", "a", false, false)]
    public void Matches_AMiddleSegmentWithQuestionMarks_IsFoundAnywhereInItsWindow(string pattern, string input, bool ignoreCase, bool expected)
    {
        // A segment between two '*' is looked for from its longest literal run; it may sit flush against the last segment
        // ("x*a?c*y" on "xa-cy") and its longest run may come after a '?' ("*a?bcd*").
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
        Assert.Equal(expected, new WildcardPattern(pattern).Matches(input, ignoreCase));
    }
}
