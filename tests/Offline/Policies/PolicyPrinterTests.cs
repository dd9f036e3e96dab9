using System.Text.Json;
using Conformance.Model.Policies;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Policies;

/// <summary>
/// The printer writes a parsed policy as IAM JSON in the grammar's element order
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html): Version, Id, Statement; in a
/// statement Sid, Effect, Principal, Action, Resource, Condition. A one-element list is written as a string, as the
/// grammar allows; the law PrintThenParse_Preserves_Decision checks generated identity policies, these check the elements
/// the generators do not write (Id, Principal, NotPrincipal, the 2008 version, no version).
/// </summary>
public sealed class PolicyPrinterTests
{
    /// <summary>A resource policy with every element, written with ' for ".</summary>
    private static readonly string Resource = Quoted(
        "{'Version':'2008-10-17','Id':'RunCommandPolicy','Statement':[" +
        "{'Sid':'S1','Effect':'Deny','Principal':{'AWS':['arn:aws:iam::111122223333:root','arn:aws:iam::444455556666:user/bob'],'Service':'ssm.amazonaws.com'}," +
        "'NotAction':['ssm:SendCommand','ssm:GetDocument'],'NotResource':'arn:aws:ssm:*:*:document/*'," +
        "'Condition':{'StringEquals':{'aws:ResourceTag/Finance':'WebServers','aws:SourceVpce':['vpce-1a2b3c4d','vpce-5e6f7a8b']},'Bool':{'aws:ViaAWSService':'false'}}}," +
        "{'Effect':'Allow','NotPrincipal':'*','Action':'*','Resource':'*'}]}");

    [Fact]
    public void Print_Compact_WritesEveryElementInTheGrammarsOrder()
    {
        Assert.Equal(Resource, PolicyPrinter.Print(Parse(Resource, PolicyKind.Resource), indented: false));
    }

    [Fact]
    public void Print_WithoutVersion_WritesNoVersion_AndTheStatementAsAList()
    {
        const string text = """{"Statement":{"Effect":"Allow","Action":"ssm:SendCommand","Resource":"*"}}""";
        Assert.Equal("""{"Statement":[{"Effect":"Allow","Action":"ssm:SendCommand","Resource":"*"}]}""",
            PolicyPrinter.Print(Parse(text, PolicyKind.Identity), indented: false));
    }

    [Fact]
    public void Print_Indented_IsTheSameJsonIndentedByTwoSpaces()
    {
        var printed = PolicyPrinter.Print(Parse(Resource, PolicyKind.Resource));
        Assert.Contains("\n  \"Id\": \"RunCommandPolicy\",", printed);
        using var indented = JsonDocument.Parse(printed);
        using var compact = JsonDocument.Parse(Resource);
        Assert.True(JsonElement.DeepEquals(indented.RootElement, compact.RootElement), printed);
        Assert.Equal(Resource, PolicyPrinter.Print(Parse(printed, PolicyKind.Resource), indented: false));
    }

    [Fact]
    public void PrintStatement_WritesOneStatementOnOneLine()
    {
        var statements = Parse(Resource, PolicyKind.Resource).Statements;
        Assert.Equal("""{"Effect":"Allow","NotPrincipal":"*","Action":"*","Resource":"*"}""", PolicyPrinter.PrintStatement(statements[1]));
        Assert.DoesNotContain('\n', PolicyPrinter.PrintStatement(statements[0]));
        Assert.StartsWith("""{"Sid":"S1","Effect":"Deny","Principal":{"AWS":[""", PolicyPrinter.PrintStatement(statements[0]));
    }

    [Fact]
    public void Print_LatinOneAndQuotes_AreWrittenAsTheyAre()
    {
        // Policy text may hold U+0020 to U+00FF (reference_iam-quotas.html); the printed text stays readable.
        const string text = """{"Version":"2012-10-17","Statement":{"Sid":"Caf","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/café <\"x\"> & ü"}}""";
        Assert.Equal("""{"Version":"2012-10-17","Statement":[{"Sid":"Caf","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/café <\"x\"> & ü"}]}""",
            PolicyPrinter.Print(Parse(text, PolicyKind.Identity), indented: false));
    }

    [Fact]
    public void PrintStatement_LatinOneAndQuotes_AreWrittenAsTheyAre()
    {
        // The same relaxed escaping as Print: explanations quote a statement as readable text, not "caf\u00E9 \u003C".
        const string text = """{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/café <\"x\"> & ü+'"}}""";
        Assert.Equal("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/café <\"x\"> & ü+'"}""",
            PolicyPrinter.PrintStatement(Parse(text, PolicyKind.Identity).Statements[0]));
    }
}
