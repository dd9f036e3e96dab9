using Conformance.Model.Matching;
using Conformance.Model.Policies;

namespace Conformance.Offline.Tests.Matching;

/// <summary>Patterns keep compiled state; equality and `with` must follow the text, never the cache.</summary>
public sealed class PatternRecordTests
{
    private const string Document = "arn:aws:ssm:us-east-2:111122223333:document/RestartWeb";
    private const string Instance = "arn:aws:ec2:us-east-2:111122223333:instance/i-0123456789abcdef0";

    [Fact]
    public void ActionPattern_SameText_IsEqual()
    {
        Assert.Equal(new ActionPattern("ssm:SendCommand"), new ActionPattern("ssm:SendCommand"));
        Assert.NotEqual(new ActionPattern("ssm:SendCommand"), new ActionPattern("ssm:Send*"));
    }

    [Fact]
    public void ActionPattern_With_RecompilesThePattern()
    {
        var changed = new ActionPattern("ssm:GetDocument") with { Text = "ssm:SendCommand" };
        Assert.True(changed.Matches("ssm:SendCommand"));
        Assert.False(changed.Matches("ssm:GetDocument"));
    }

    [Fact]
    public void ResourcePattern_SameTemplate_IsEqual() =>
        Assert.Equal(new ResourcePattern(PolicyTemplate.Parse("arn:aws:ssm:*:*:document/*", true)),
                     new ResourcePattern(PolicyTemplate.Parse("arn:aws:ssm:*:*:document/*", true)));

    [Fact]
    public void ResourcePattern_OtherTemplate_IsNotEqual()
    {
        var documents = new ResourcePattern(PolicyTemplate.Literal("arn:aws:ssm:*:*:document/*"));
        Assert.NotEqual(documents, new ResourcePattern(PolicyTemplate.Literal("arn:aws:ec2:*:*:instance/*")));
        Assert.False(documents.Equals(null));
    }

    [Fact]
    public void Arn_ToString_JoinsTheSixFieldsWithColons()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html (arn:partition:service:region:account-id:resource)
        Assert.True(Arn.TrySplit(Instance, out var arn));
        Assert.Equal(Instance, arn.ToString());
        Assert.True(Arn.TrySplit("arn:aws:ssm:::document/a:b", out var withColonInResource));
        Assert.Equal("document/a:b", withColonInResource.Resource);
        Assert.Equal("arn:aws:ssm:::document/a:b", withColonInResource.ToString());
    }

    [Fact]
    public void ResourcePattern_With_RecompilesThePattern()
    {
        var changed = new ResourcePattern(PolicyTemplate.Literal("arn:aws:ssm:*:*:document/*")) with
        {
            Template = PolicyTemplate.Literal("arn:aws:ec2:*:*:instance/*"),
        };
        Assert.True(changed.Matches(Instance, _ => null));
        Assert.False(changed.Matches(Document, _ => null));
    }

    [Fact]
    public void PolicyTemplate_With_RecomputesWhatItKnowsOfItsSegments()
    {
        var plain = PolicyTemplate.Literal("x");
        var withVariable = plain with { Segments = [new TemplateSegment.Variable("aws:username", null)] };
        Assert.True(withVariable.HasVariables);
        Assert.False(withVariable.IsPlainText);
        Assert.Equal(PolicyTemplate.Parse("a/${aws:username}", true), PolicyTemplate.Parse("a/${aws:username}", true));
    }
}
