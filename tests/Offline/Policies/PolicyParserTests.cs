using Conformance.Model.Json;
using Conformance.Model.Policies;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Policies;

/// <summary>What IAM rejects, with the JSON path and line/column each error must name, and what it accepts.</summary>
public sealed class PolicyParserTests
{
    private const string ValidStatement = """{"Effect": "Allow", "Action": "ssm:SendCommand", "Resource": "arn:aws:ssm:*:*:document/*"}""";

    /// <summary>Asserts the text is rejected with an error at <paramref name="path"/> and <paramref name="position"/>;
    /// returns that error for further checks on its message.</summary>
    private static PolicyError AssertRejected(string text, string path, TextPosition position, PolicyKind kind = PolicyKind.Identity)
    {
        var result = PolicyParser.Parse(text, kind);
        Assert.False(result.IsSuccess, "the policy should have been rejected");
        Assert.Null(result.Value);
        var error = result.Errors.FirstOrDefault(e => e.JsonPath == path);
        Assert.True(error is not null, $"no error at {path}; errors: {string.Join(" | ", result.Errors)}");
        Assert.Equal(position, error.Position);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }

    private static PolicyDocument AssertAccepted(string text, PolicyKind kind = PolicyKind.Identity)
    {
        var result = PolicyParser.Parse(text, kind);
        Assert.True(result.IsSuccess, string.Join(" | ", result.Errors));
        return result.Value!;
    }

    // --- Rejections ---

    [Fact]
    public void Parse_UnknownStatementElement_NamesTheElement()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (Grammar: a statement holds only Sid, Effect, Principal/NotPrincipal, Action/NotAction, Resource/NotResource, Condition)
        const string text = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ssm:SendCommand", "Resource": "*", "Resources": "*"}]}""";
        var error = AssertRejected(text, "$.Statement[0].Resources", PositionOf(text, "\"Resources\""));
        Assert.Contains("Resources", error.Message);
    }

    [Fact]
    public void Parse_UnknownTopLevelElement_NamesTheElement()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (Grammar: policy = { version_block?, id_block?, statement_block })
        var text = $$"""{"Version": "2012-10-17", "Statment": [{{ValidStatement}}]}""";
        AssertRejected(text, "$.Statment", PositionOf(text, "\"Statment\""));
    }

    [Fact]
    public void Parse_MissingStatement_IsRejectedAtTheRoot()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html (the Statement element is required)
        const string text = """{"Version": "2012-10-17"}""";
        AssertRejected(text, "$", new TextPosition(1, 1));
    }

    [Fact]
    public void Parse_MissingEffect_IsRejectedAtTheStatement()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html (the Effect element is required)
        const string text = """{"Version": "2012-10-17", "Statement": [{"Action": "ssm:SendCommand", "Resource": "*"}]}""";
        AssertRejected(text, "$.Statement[0]", PositionOf(text, "{\"Action\""));
    }

    [Fact]
    public void Parse_MisspeltEffectElement_NamesTheElementAndTheMissingEffect()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html (the Effect element is required)
        const string text = """{"Version": "2012-10-17", "Statement": [{"Efect": "Allow", "Action": "ssm:SendCommand", "Resource": "*"}]}""";
        AssertRejected(text, "$.Statement[0].Efect", PositionOf(text, "\"Efect\""));
        AssertRejected(text, "$.Statement[0]", PositionOf(text, "{\"Efect\""));
    }

    [Theory]
    [InlineData("allow")]
    [InlineData("ALLOW")]
    [InlineData("deny")]
    [InlineData("Permit")]
    public void Parse_EffectValueInOtherCase_IsRejectedAtTheValue(string effect)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html (valid values are Allow and Deny; the value is case-sensitive)
        var text = $$"""{"Version": "2012-10-17", "Statement": [{"Effect": "{{effect}}", "Action": "ssm:SendCommand", "Resource": "*"}]}""";
        var error = AssertRejected(text, "$.Statement[0].Effect", PositionOf(text, $"\"{effect}\""));
        Assert.Contains(effect, error.Message);
    }

    [Fact]
    public void Parse_BothActionAndNotAction_IsRejectedAtTheStatement()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (Policy grammar notes: a statement must contain either Action or NotAction, not both)
        const string text = """{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ssm:SendCommand", "NotAction": "ssm:ListCommands", "Resource": "*"}}""";
        var error = AssertRejected(text, "$.Statement", PositionOf(text, "{\"Effect\""));
        Assert.Contains("NotAction", error.Message);
    }

    [Fact]
    public void Parse_NeitherActionNorNotAction_IsRejectedAtTheStatement()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (Grammar: action_block is required in every statement)
        const string text = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]}""";
        AssertRejected(text, "$.Statement[0]", PositionOf(text, "{\"Effect\""));
    }

    [Theory]
    [InlineData(PolicyKind.Identity)]
    [InlineData(PolicyKind.PermissionsBoundary)]
    public void Parse_PrincipalOutsideResourcePolicy_IsRejectedAtTheElement(PolicyKind kind)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html (you cannot use the Principal element in an identity-based policy)
        const string text = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ssm:SendCommand", "Resource": "*"}]}""";
        AssertRejected(text, "$.Statement[0].Principal", PositionOf(text, "\"Principal\""), kind);
    }

    [Fact]
    public void Parse_UnknownConditionOperator_NamesTheOperator()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html (the documented condition operators)
        const string text = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ssm:SendCommand", "Resource": "*", "Condition": {"StringEqual": {"aws:SourceVpce": "vpce-1"}}}]}""";
        var error = AssertRejected(text, "$.Statement[0].Condition.StringEqual", PositionOf(text, "\"StringEqual\""));
        Assert.Contains("StringEqual", error.Message);
    }

    [Fact]
    public void Parse_UnknownOperatorAfterSetQualifier_NamesTheWholeOperator()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html (ForAllValues: and ForAnyValue: prefix a documented operator)
        const string text = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ssm:SendCommand", "Resource": "*", "Condition": {"ForAllValues:StringEqualz": {"aws:TagKeys": "a"}}}]}""";
        AssertRejected(text, "$.Statement[0].Condition['ForAllValues:StringEqualz']", PositionOf(text, "\"ForAllValues:StringEqualz\""));
    }

    [Fact]
    public void Parse_EmptyConditionValueList_IsRejectedAtTheList()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (Grammar: condition_value_list is one value or an array of values)
        const string text = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ssm:SendCommand", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": []}}}]}""";
        AssertRejected(text, "$.Statement[0].Condition.StringEquals['aws:SourceVpce']", PositionOf(text, "[]"));
    }

    [Fact]
    public void Parse_EmptyActionList_IsRejectedAtTheList()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (Grammar: action_string_list holds one or more action strings)
        const string text = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [], "Resource": "*"}]}""";
        AssertRejected(text, "$.Statement[0].Action", PositionOf(text, "[]"));
    }

    [Theory]
    [InlineData('\u0100')]
    [InlineData('\u2028')]
    [InlineData('\u0001')]
    [InlineData('\uFFFD')]
    public void Parse_CharacterOutsideTheAllowedRange_IsRejectedAtItsPosition(char character)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (policy documents may contain only tab, LF, CR and U+0020 to U+00FF)
        var text = "{\"Version\": \"2012-10-17\",\n \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"ssm:SendCommand\", \"Resource\": \"arn:aws:ssm:*:*:document/x" + character + "\"}}";
        var error = AssertRejected(text, "$", PositionOf(text, character.ToString()));
        Assert.Equal(2, error.Position.Line);
        Assert.Contains($"U+{(int)character:X4}", error.Message);
    }

    [Fact]
    public void Parse_CharacterOutsideTheBasicPlane_IsRejectedAtItsPosition()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (policy documents may contain only tab, LF, CR and U+0020 to U+00FF)
        var text = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Sid\": \"\U0001F600\", \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}";
        AssertRejected(text, "$", PositionOf(text, "\U0001F600"));
    }

    [Fact]
    public void Parse_DuplicateElementInStatement_IsRejectedAtTheSecondOccurrence()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (Policy grammar notes: the same key must not appear twice within one element)
        const string text = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ssm:SendCommand", "Effect": "Deny", "Resource": "*"}]}""";
        var error = AssertRejected(text, "$.Statement[0].Effect", PositionOf(text, "\"Effect\"", occurrence: 2));
        Assert.Contains("Effect", error.Message);
    }

    [Fact]
    public void Parse_DuplicateConditionKey_IsRejectedAtTheSecondOccurrence()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (Policy grammar notes: the same key must not appear twice within one element)
        const string text = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "a", "aws:SourceVpce": "b"}}}]}""";
        AssertRejected(text, "$.Statement[0].Condition.StringEquals['aws:SourceVpce']", PositionOf(text, "\"aws:SourceVpce\"", occurrence: 2));
    }

    [Theory]
    [InlineData("Version: 2012-10-17")]
    [InlineData("<Policy/>")]
    [InlineData("'single quotes'")]
    public void Parse_NotJson_IsRejectedAtTheStart(string text)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (The policy language and JSON: policies are expressed in JSON)
        AssertRejected(text, "$", new TextPosition(1, 1));
    }

    [Fact]
    public void Parse_TrailingComma_IsRejectedWhereTheNameWasExpected()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (The policy language and JSON: basic JSON rules, RFC 7159)
        const string text = "{\"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\",}}";
        AssertRejected(text, "$.Statement", PositionOf(text, "}}"));
    }

    [Fact]
    public void Parse_TruncatedText_IsRejectedAtTheEnd()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (The policy language and JSON: basic JSON rules, RFC 7159)
        const string text = """{"Version": "2012-10-17", "Statement": [""";
        AssertRejected(text, "$.Statement[0]", new TextPosition(1, text.Length + 1));
    }

    [Fact]
    public void Parse_EmptyText_IsRejectedAtTheStart()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (Grammar: a policy is one JSON object)
        AssertRejected("", "$", new TextPosition(1, 1));
    }

    [Theory]
    [InlineData("\"2012-10-18\"")]
    [InlineData("\"2012-10-17 \"")]
    [InlineData("\"2024-01-01\"")]
    [InlineData("2012")]
    public void Parse_UnknownVersion_IsRejectedAtTheValue(string version)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html (Version accepts 2012-10-17 and 2008-10-17 only)
        var text = $$"""{"Version": {{version}}, "Statement": [{{ValidStatement}}]}""";
        AssertRejected(text, "$.Version", PositionOf(text, version));
    }

    // --- Acceptance ---

    [Fact]
    public void Parse_StatementAsOneObject_IsAccepted()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html (Statement is a single statement or an array of statements)
        var policy = AssertAccepted($$"""{"Version": "2012-10-17", "Statement": {{ValidStatement}}}""");
        Assert.Equal("$.Statement", Assert.Single(policy.Statements).JsonPath);
    }

    [Fact]
    public void Parse_StatementAsArray_IsAcceptedInOrder()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html (Statement is a single statement or an array of statements)
        var policy = AssertAccepted($$"""{"Version": "2012-10-17", "Statement": [{{ValidStatement}}, {"Effect": "Deny", "Action": "ssm:SendCommand", "Resource": "*"}]}""");
        Assert.Equal(2, policy.Statements.Length);
        Assert.Equal(Effect.Allow, policy.Statements[0].Effect);
        Assert.Equal(Effect.Deny, policy.Statements[1].Effect);
        Assert.Equal("$.Statement[1]", policy.Statements[1].JsonPath);
    }

    [Theory]
    [InlineData("\"Version\": \"2012-10-17\", ", PolicyVersion.V2012_10_17)]
    [InlineData("\"Version\": \"2008-10-17\", ", PolicyVersion.V2008_10_17)]
    [InlineData("", PolicyVersion.Absent)]
    public void Parse_DocumentedVersionOrNone_IsAccepted(string versionMember, PolicyVersion expected)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html (2012-10-17 is current, 2008-10-17 older; without Version the older rules apply)
        var policy = AssertAccepted($$"""{{{versionMember}}"Statement": {{ValidStatement}}}""");
        Assert.Equal(expected, policy.Version);
        Assert.Equal(expected == PolicyVersion.V2012_10_17, policy.SubstitutesVariables);
    }

    [Fact]
    public void Parse_IdInResourcePolicy_IsAccepted()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_id.html (Id: an optional identifier for the policy, used in resource-based policies)
        var policy = AssertAccepted("""{"Version": "2012-10-17", "Id": "cd3ad3d9-2776-4ef1-a904-4c229d1642ee", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::teambucket"}}""", PolicyKind.Resource);
        Assert.Equal("cd3ad3d9-2776-4ef1-a904-4c229d1642ee", policy.Id);
    }

    [Fact]
    public void Parse_JsonBooleanAndNumberAsConditionValues_AreAcceptedAsText()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html (The policy language and JSON: quotation marks are optional for numeric and Boolean values)
        var policy = AssertAccepted("""{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": true}, "NumericLessThan": {"s3:max-keys": [10, 2.5]}}}}""");
        var conditions = Assert.Single(policy.Statements).Conditions;
        Assert.Equal(["true"], conditions[0].Values.Select(v => v.Text));
        Assert.Equal(["10", "2.5"], conditions[1].Values.Select(v => v.Text));
    }

    [Fact]
    public void Parse_Latin1Characters_AreAccepted()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (characters U+0020 to U+00FF are allowed)
        var policy = AssertAccepted("{\"Version\": \"2012-10-17\",\t\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"ssm:resourceTag/Équipe\": \"café ÿ\"}}}}\r\n");
        Assert.Equal("café ÿ", Assert.Single(Assert.Single(policy.Statements).Conditions).Values.Single().Text);
    }

    [Fact]
    public void Parse_RunCommandSetupPageExample_IsAccepted()
    {
        // https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html (example policy restricting Run Command by the ssm:resourceTag/Finance tag)
        var policy = AssertAccepted(RunCommandExamplePolicy);
        Assert.Equal(3, policy.Statements.Length);
        Assert.Equal("ssm:resourceTag/Finance", policy.Statements[1].Conditions.Single().ContextKeyName);
    }

    internal const string RunCommandExamplePolicy = """
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["ssm:SendCommand"],
                    "Resource": ["arn:aws:ssm:*:*:document/*"]
                },
                {
                    "Effect": "Allow",
                    "Action": ["ssm:SendCommand"],
                    "Resource": ["arn:aws:ec2:*:*:instance/*"],
                    "Condition": {"StringLike": {"ssm:resourceTag/Finance": ["WebServers"]}}
                },
                {
                    "Effect": "Allow",
                    "Action": ["ssm:UpdateInstanceInformation", "ssm:ListCommands", "ssm:ListCommandInvocations", "ssm:GetDocument"],
                    "Resource": "*"
                }
            ]
        }
        """;
}
