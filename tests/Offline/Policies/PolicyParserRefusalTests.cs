using Conformance.Model.Policies;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Policies;

/// <summary>
/// Every way the policy grammar can be broken, with the whole list of errors the parser gives for it: JSON path, line and
/// column, and a message that says what would be accepted. The rules are those of
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (a policy is an object with Version,
/// Id and Statement; a statement has Effect, one of Action/NotAction, one of Resource/NotResource, a Principal only in a
/// resource-based policy; values are strings or lists of strings; Sid is alphanumeric and unique) and of the element pages
/// it links (reference_policies_elements_*.html). Policies are written with ' for " to keep them readable, on one line so
/// that a column is an offset.
/// </summary>
public sealed class PolicyParserRefusalTests
{
    [Theory]
    [InlineData(PolicyKind.Identity, "'x'",
        "$ (line 1, column 1): the policy must be a JSON object")]
    [InlineData(PolicyKind.Identity, "[]",
        "$ (line 1, column 1): the policy must be a JSON object")]
    [InlineData(PolicyKind.Identity, "{'Version':'2012-10-17','Id':5,'Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}",
        "$.Id (line 1, column 30): Id must be a string")]
    [InlineData(PolicyKind.Identity, "{'Version':['2012-10-17'],'Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}",
        "$.Version (line 1, column 12): Version (an array) is not accepted: use \"2012-10-17\" (or the legacy \"2008-10-17\")")]
    [InlineData(PolicyKind.Identity, "{'Version':2012,'Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}",
        "$.Version (line 1, column 12): Version 2012 is not accepted: use \"2012-10-17\" (or the legacy \"2008-10-17\")")]
    [InlineData(PolicyKind.Identity, "{'Version':{},'Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}",
        "$.Version (line 1, column 12): Version (an object) is not accepted: use \"2012-10-17\" (or the legacy \"2008-10-17\")")]
    [InlineData(PolicyKind.Identity, "{'version':'2012-10-17','Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}",
        "$.version (line 1, column 2): unknown element \"version\": did you mean \"Version\"? Element names are case-sensitive")]
    [InlineData(PolicyKind.Identity, "{'Version':'2012-10-17','Statement':[]}",
        "$.Statement (line 1, column 37): Statement is an empty array: at least one statement is required")]
    [InlineData(PolicyKind.Identity, "{'Version':'2012-10-17','Statement':'x'}",
        "$.Statement (line 1, column 37): Statement must be a statement object or an array of statement objects")]
    [InlineData(PolicyKind.Identity, "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'*','Resource':'*'},7]}",
        "$.Statement[1] (line 1, column 85): each statement must be a JSON object")]
    [InlineData(PolicyKind.Identity, "{'Statement':[{'Sid':1,'Effect':'Allow','Action':'*','Resource':'*'}]}",
        "$.Statement[0].Sid (line 1, column 22): Sid must be a string")]
    [InlineData(PolicyKind.Identity, "{'Statement':[{'Sid':'a-b','Effect':'Allow','Action':'*','Resource':'*'}]}",
        "$.Statement[0].Sid (line 1, column 22): Sid \"a-b\" may only contain the characters A-Z, a-z and 0-9")]
    [InlineData(PolicyKind.Identity, "{'Statement':[{'Sid':'A','Effect':'Allow','Action':'*','Resource':'*'},{'Sid':'A','Effect':'Deny','Action':'*','Resource':'*'}]}",
        "$.Statement[1] (line 1, column 72): Sid \"A\" is used by another statement: statement IDs must be unique within a policy")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':true,'Action':'*','Resource':'*'}}",
        "$.Statement.Effect (line 1, column 24): Effect true is not accepted: it must be exactly \"Allow\" or \"Deny\" (case-sensitive)")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':'Allow','Action':'*','Resource':'*','NotResource':'*'}}",
        "$.Statement (line 1, column 14): a statement must not have both Resource and NotResource")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':'Allow','Action':'*'}}",
        "$.Statement (line 1, column 14): the statement has neither Resource nor NotResource: exactly one is required")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':'Allow','Resource':'*'}}",
        "$.Statement (line 1, column 14): the statement has neither Action nor NotAction: exactly one is required")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Action':'*','Resource':'*'}}",
        "$.Statement (line 1, column 14): the statement has no Effect: \"Allow\" or \"Deny\" is required")]
    [InlineData(PolicyKind.Resource, "{'Statement':{'Effect':'Allow','Action':'*','Resource':'*','Principal':'*','NotPrincipal':'*'}}",
        "$.Statement (line 1, column 14): a statement must not have both Principal and NotPrincipal")]
    [InlineData(PolicyKind.Resource, "{'Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}",
        "$.Statement (line 1, column 14): a resource-based policy statement needs a Principal or NotPrincipal")]
    [InlineData(PolicyKind.PermissionsBoundary, "{'Statement':{'Effect':'Allow','Action':'*','Resource':'*','Principal':'*'}}",
        "$.Statement.Principal (line 1, column 60): Principal is not allowed in a permissions boundary policy: it belongs to resource-based policies only")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':'Allow','Action':['ssm','ssm:','*',':x','a:b'],'Resource':'*'}}",
        "$.Statement.Action[0] (line 1, column 42): action \"ssm\" must be \"*\" or \"service-prefix:ActionName\" (for example \"ssm:SendCommand\")",
        "$.Statement.Action[1] (line 1, column 48): action \"ssm:\" must be \"*\" or \"service-prefix:ActionName\" (for example \"ssm:SendCommand\")",
        "$.Statement.Action[3] (line 1, column 59): action \":x\" must be \"*\" or \"service-prefix:ActionName\" (for example \"ssm:SendCommand\")")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':'Allow','Action':'*','Resource':['arn:aws:s3:::b','arn:aws:s3::b','s3:::b:c:d:e','*']}}",
        "$.Statement.Resource[1] (line 1, column 74): resource \"arn:aws:s3::b\" must be \"*\" or an ARN with six fields (arn:partition:service:region:account:resource)",
        "$.Statement.Resource[2] (line 1, column 90): resource \"s3:::b:c:d:e\" must be \"*\" or an ARN with six fields (arn:partition:service:region:account:resource)")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':'Allow','Action':'*','Resource':7}}",
        "$.Statement.Resource (line 1, column 56): Resource must be a string or an array of strings")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':'Allow','NotAction':[7,'*'],'Resource':'*'}}",
        "$.Statement.NotAction[0] (line 1, column 45): every entry of NotAction must be a string")]
    [InlineData(PolicyKind.Resource, "{'Statement':{'Effect':'Allow','Action':'*','Resource':'*','Principal':'AWS'}}",
        "$.Statement.Principal (line 1, column 72): Principal must be \"*\" or an object such as {\"AWS\": \"arn:aws:iam::123456789012:user/name\"}")]
    [InlineData(PolicyKind.Resource, "{'Statement':{'Effect':'Allow','Action':'*','Resource':'*','Principal':{'aws':'*','AWS':[],'Service':5}}}",
        "$.Statement.Principal.aws (line 1, column 73): principal type \"aws\" is unknown: use AWS, Service, Federated or CanonicalUser",
        "$.Statement.Principal.AWS (line 1, column 89): AWS is an empty array: give at least one value",
        "$.Statement.Principal.Service (line 1, column 102): Service must be a string or an array of strings")]
    [InlineData(PolicyKind.Resource, "{'Statement':{'Effect':'Allow','Action':'*','Resource':'*','Principal':{'Aws':5}}}",
        "$.Statement.Principal.Aws (line 1, column 73): principal type \"Aws\" is unknown: use AWS, Service, Federated or CanonicalUser")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':'Allow','Action':'*','Resource':'*','Condition':[]}}",
        "$.Statement.Condition (line 1, column 72): Condition must be an object of the form {\"Operator\": {\"ContextKey\": \"value\" or [values]}}")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':'Allow','Action':'*','Resource':'*','Condition':{'StringEquals':'x','Bool':{'aws:SecureTransport':{}},'Null':{'aws:x':[null]}}}}",
        "$.Statement.Condition.StringEquals (line 1, column 88): the value of StringEquals must be an object mapping condition keys to values",
        "$.Statement.Condition.Bool['aws:SecureTransport'] (line 1, column 122): a condition value must be a string, a number or a boolean",
        "$.Statement.Condition.Null['aws:x'][0] (line 1, column 143): a condition value must be a string, a number or a boolean")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':'Allow','Action':'*','Resource':'*','Condition':{'StringEquals':{'aws:a':['x',{}],'aws:b':[]}}}}",
        "$.Statement.Condition.StringEquals['aws:a'][1] (line 1, column 102): a condition value must be a string, a number or a boolean",
        "$.Statement.Condition.StringEquals['aws:b'] (line 1, column 114): the value list is empty: give at least one value")]    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':'Allow','Action':'*','Resource':'*','Foo':1}}",
        "$.Statement.Foo (line 1, column 60): unknown element \"Foo\": expected one of Sid, Effect, Action, NotAction, Resource, NotResource, Principal, NotPrincipal, Condition")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':'Allow','Action':'*','resource':'*'}}",
        "$.Statement.resource (line 1, column 45): unknown element \"resource\": did you mean \"Resource\"? Element names are case-sensitive",
        "$.Statement (line 1, column 14): the statement has neither Resource nor NotResource: exactly one is required")]
    [InlineData(PolicyKind.Identity, "{'Statment':{'Effect':'Allow','Action':'*','Resource':'*'}}",
        "$.Statment (line 1, column 2): unknown element \"Statment\": expected one of Version, Id, Statement",
        "$ (line 1, column 1): the policy has no Statement element: one statement object or an array of them is required")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':'Allow','Action':'*','NotAction':'*','Resource':'*'}}",
        "$.Statement (line 1, column 14): a statement must not have both Action and NotAction")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*'}}",
        "$.Statement.Principal (line 1, column 32): Principal is not allowed in an identity policy: it belongs to resource-based policies only")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':'Allow','Action':5,'Resource':'*'}}",
        "$.Statement.Action (line 1, column 41): Action must be a string or an array of strings")]
    [InlineData(PolicyKind.Identity, "{'Statement':{'Effect':'Allow','Action':'*','NotResource':[]}}",
        "$.Statement.NotResource (line 1, column 59): NotResource is an empty array: give at least one value")]
    // A statement that does not parse takes no part in the Sid check: its Sid is compared once the statement parses.
    [InlineData(PolicyKind.Identity, "{'Statement':[{'Sid':'A','Effect':'Allow','Action':'ssm','Resource':'*'},{'Sid':'A','Effect':'Allow','Action':'*','Resource':'*'}]}",
        "$.Statement[0].Action (line 1, column 52): action \"ssm\" must be \"*\" or \"service-prefix:ActionName\" (for example \"ssm:SendCommand\")")]

    public void Parse_BrokenGrammar_IsRefusedWithEveryErrorAtItsPathAndPosition(PolicyKind kind, string policy, params string[] errors)
    {
        var result = PolicyParser.Parse(Quoted(policy), kind);
        Assert.False(result.IsSuccess);
        Assert.Null(result.Value);
        Assert.Equal(errors, result.Errors.Select(e => e.ToString()).ToArray());
        var thrown = Assert.Throws<InvalidOperationException>(() => result.GetValueOrThrow("the policy"));
        Assert.Equal($"the policy is invalid: {string.Join("; ", errors)}", thrown.Message);
    }

    [Fact]
    public void Parse_NumericDateIpBinaryAndNullValues_AreLiteral_StringAndArnValuesSubstitute()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html ("You can use policy variables
        // ... with the string operators and ARN operators"; in other operators they are not replaced).
        const string policy = """
            {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{
              "NumericEquals":{"aws:MultiFactorAuthAge":"${aws:x}"},"DateLessThan":{"aws:CurrentTime":"${aws:x}"},
              "IpAddress":{"aws:SourceIp":"${aws:x}"},"BinaryEquals":{"aws:b":"${aws:x}"},"Null":{"aws:x":"${aws:x}"},
              "StringEquals":{"aws:username":"${aws:x}"},"ArnLike":{"aws:PrincipalArn":"${aws:x}"}}}}
            """;
        var conditions = PolicyParser.Parse(policy).GetValueOrThrow("policy").Statements.Single().Conditions;
        Assert.Equal(
            ["NumericEquals False", "DateLessThan False", "IpAddress False", "BinaryEquals False", "Null False", "StringEquals True", "ArnLike True"],
            conditions.Select(c => $"{c.Operator.Name} {c.Values.Single().HasVariables}").ToArray());
    }

    [Fact]
    public void Parse_Principal_KeepsEveryTypeAndIdentifier()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html: "*", or a map of
        // AWS, Service, Federated and CanonicalUser to one identifier or a list of them.
        const string policy = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::444455556666:user/bob"],"Service":"ssm.amazonaws.com"},"Action":"*","Resource":"*"},
              {"Effect":"Deny","NotPrincipal":"*","Action":"*","Resource":"*"},
              {"Effect":"Deny","NotPrincipal":{"Federated":"cognito-identity.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"*","Resource":"*"}]}
            """;
        var statements = PolicyParser.Parse(policy, PolicyKind.Resource).GetValueOrThrow("policy").Statements;
        Assert.Equal(
            new PrincipalBlock(false, false, [new("AWS", "arn:aws:iam::111122223333:root"), new("AWS", "arn:aws:iam::444455556666:user/bob"), new("Service", "ssm.amazonaws.com")]).ToString(),
            statements[0].Principal!.ToString());
        Assert.Equal(
            [("AWS", "arn:aws:iam::111122223333:root"), ("AWS", "arn:aws:iam::444455556666:user/bob"), ("Service", "ssm.amazonaws.com")],
            statements[0].Principal!.Entries.Select(e => (e.Type, e.Value)).ToArray());
        Assert.Equal((false, false, "Principal"), (statements[0].Principal!.IsNot, statements[0].Principal!.IsWildcard, statements[0].Principal!.ElementName));
        Assert.Equal((true, true, "NotPrincipal"), (statements[1].Principal!.IsNot, statements[1].Principal!.IsWildcard, statements[1].Principal!.ElementName));
        Assert.Empty(statements[1].Principal!.Entries);
        Assert.Equal([("Federated", "cognito-identity.amazonaws.com"), ("CanonicalUser", "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be")],
            statements[2].Principal!.Entries.Select(e => (e.Type, e.Value)).ToArray());
    }

    [Fact]
    public void Parse_SidsThatDifferOnlyInCase_AreBothKept_AndEverySidIsKept()
    {
        // The grammar requires unique Sids within a policy; the model compares them with their case (PolicyParser's
        // open question, probe sid-case: no recording settles it).
        const string policy = """{"Statement":[{"Sid":"A1","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"a1","Effect":"Deny","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*"}]}""";
        var statements = PolicyParser.Parse(policy).GetValueOrThrow("policy").Statements;
        Assert.Equal(["A1", "a1", "(none)"], statements.Select(s => s.Sid ?? "(none)").ToArray());
        Assert.Equal([0, 1, 2], statements.Select(s => s.Index).ToArray());
        Assert.Equal(["$.Statement[0]", "$.Statement[1]", "$.Statement[2]"], statements.Select(s => s.JsonPath).ToArray());
    }

    [Fact]
    public void Parse_SeveralCharactersOutsideTheRange_NamesOnlyTheFirst()
    {
        // reference_iam-quotas.html: policy text is tab, LF, CR and U+0020 to U+00FF. One error is enough to say so.
        var result = PolicyParser.Parse("{\n \"Sid\u0100\": 1,\n \"\u0101\": 2}");
        Assert.Equal(["$ (line 2, column 6): character U+0100 is not allowed in a policy: only tab, line feed, carriage return and U+0020 to U+00FF are"],
            result.Errors.Select(e => e.ToString()).ToArray());
    }

    [Fact]
    public void ParseResult_WithAValueAndErrors_IsNotASuccess()
    {
        var document = PolicyParser.Parse("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""").GetValueOrThrow("policy");
        var mixed = new ParseResult<PolicyDocument>(document, [new PolicyError("no", "$", new(1, 1))]);
        Assert.False(mixed.IsSuccess);
        Assert.False(new ParseResult<PolicyDocument>(null, []).IsSuccess);
        Assert.True(ParseResult<PolicyDocument>.Success(document).IsSuccess);
    }
}
