using Conformance.Model.Policies;

namespace Conformance.Offline.Tests.Policies;

/// <summary>
/// How a policy string splits into text, escapes and variables, and what it resolves to
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html: <c>${key}</c>,
/// <c>${key, 'default'}</c>, the escapes <c>${*}</c> <c>${?}</c> <c>${$}</c>, and "if there is no value ... the
/// variable is not replaced"). The literal mask marks what must not act as a wildcard: escapes and substituted values.
/// </summary>
public sealed class PolicyTemplateParseTests
{
    private static string Segments(PolicyTemplate template) => string.Join(" ", template.Segments.Select(s => s switch
    {
        TemplateSegment.Text t => $"text({t.Value})",
        TemplateSegment.Escaped e => $"escaped({e.Value})",
        TemplateSegment.Variable v => v.Default is null ? $"var({v.Key})" : $"var({v.Key}|{v.Default})",
        _ => "?",
    }));

    [Theory]
    [InlineData("arn:aws:s3:::bucket/${aws:username}/*", "text(arn:aws:s3:::bucket/) var(aws:username) text(/*)")]
    [InlineData("${aws:username}", "var(aws:username)")]
    [InlineData("a${*}b${?}c${$}", "text(a) escaped(*) text(b) escaped(?) text(c) escaped($)")]
    [InlineData("${aws:PrincipalTag/team, 'company-wide'}", "var(aws:PrincipalTag/team|company-wide)")]
    [InlineData("${ aws:PrincipalTag/cost center ,  'a, b' }x", "var(aws:PrincipalTag/cost center|a, b) text(x)")]
    [InlineData("${aws:x,''}", "var(aws:x|)")]
    // A "${" without "}" stays text, and so does a malformed variable (an open question of PolicyTemplate, probe malformed-variable).
    [InlineData("team/${aws:username", "text(team/${aws:username)")]
    [InlineData("a${}b", "text(a${}b)")]
    [InlineData("a${   }b", "text(a${   }b)")]
    [InlineData("${, 'd'}", "text(${, 'd'})")]
    [InlineData("${aws:x, d}", "text(${aws:x, d})")]
    [InlineData("${aws:x, 'd}", "text(${aws:x, 'd})")]
    [InlineData("${aws:x, '}", "text(${aws:x, '})")]
    [InlineData("x${}${aws:y}", "text(x${}) var(aws:y)")]
    [InlineData("$${aws:y}$", "text($) var(aws:y) text($)")]
    [InlineData("a$", "text(a$)")]
    public void Parse_SplitsTextEscapesAndVariables(string text, string segments)
    {
        var template = PolicyTemplate.Parse(text, substituteVariables: true);
        Assert.Equal(segments, Segments(template));
        Assert.Equal(text, template.Text);
        Assert.Equal(text, template.ToString());
        Assert.Equal(segments.Contains("var(", StringComparison.Ordinal), template.HasVariables);
        Assert.Equal(!segments.Contains("var(", StringComparison.Ordinal) && !segments.Contains("escaped(", StringComparison.Ordinal), template.IsPlainText);
    }

    [Fact]
    public void Parse_WithoutSubstitution_IsOneTextSegment()
    {
        var template = PolicyTemplate.Parse("${aws:username}", substituteVariables: false);
        Assert.Equal("text(${aws:username})", Segments(template));
        Assert.True(template.IsPlainText);
        Assert.Equal(PolicyTemplate.Literal("${aws:username}"), template);
        // A text without "${" is its own literal, the empty text too.
        Assert.Equal(PolicyTemplate.Literal(""), PolicyTemplate.Parse("", substituteVariables: true));
        Assert.Equal(PolicyTemplate.Literal("a$b{c}"), PolicyTemplate.Parse("a$b{c}", substituteVariables: true));
    }

    [Theory]
    [InlineData("arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b/a*?/*", "...............XXX..")]
    [InlineData("${aws:username}", "a*?", "XXX")]
    [InlineData("x${*}${aws:PrincipalTag/absent, 'd*'}", "x*d*", ".XXX")]
    [InlineData("plain*", "plain*", null)]
    public void TryResolve_SubstitutesValues_AndMarksThemAndEscapesLiteral(string text, string resolved, string? mask)
    {
        var template = PolicyTemplate.Parse(text, substituteVariables: true);
        Assert.True(template.TryResolve(key => key.Equals("aws:username", StringComparison.OrdinalIgnoreCase) ? "a*?" : null, out var value, out var literal));
        Assert.Equal(resolved, value);
        Assert.Equal(mask, literal is null ? null : new string([.. literal.Select(l => l ? 'X' : '.')]));
    }

    [Theory]
    [InlineData("${aws:PrincipalTag/absent}")]
    [InlineData("arn:aws:s3:::b/${aws:PrincipalTag/absent}/*")]
    public void TryResolve_VariableWithoutValueOrDefault_ResolvesToNothing(string text)
    {
        var template = PolicyTemplate.Parse(text, substituteVariables: true);
        Assert.False(template.TryResolve(_ => null, out var value, out var literal));
        Assert.Equal("", value);
        Assert.Null(literal);
    }

    [Fact]
    public void Equals_ComparesTextAndSegments_NotArrayIdentity()
    {
        var a = PolicyTemplate.Parse("b/${aws:username}", substituteVariables: true);
        var b = PolicyTemplate.Parse("b/${aws:username}", substituteVariables: true);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, PolicyTemplate.Parse("b/${aws:username}", substituteVariables: false));
        Assert.NotEqual(a, PolicyTemplate.Parse("b/${aws:userid}", substituteVariables: true));
        Assert.False(a.Equals(null));
    }
}
