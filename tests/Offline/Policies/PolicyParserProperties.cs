using System.Text;
using Conformance.Generators.Robustness;
using Conformance.Model.Json;
using Conformance.Model.Policies;
using Conformance.Offline.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Offline.Tests.Policies;

/// <summary>
/// The parser never throws: on any text it returns a document or errors that each carry a message, a JSON path
/// starting with <c>$</c> and a position inside the text.
/// </summary>
public sealed class PolicyParserProperties
{
    /// <summary>Policy text under test; prints readably (non-printable characters escaped) when a property fails.</summary>
    public sealed record PolicyText(string Text)
    {
        public override string ToString()
        {
            var builder = new StringBuilder("PolicyText: ");
            foreach (var c in Text)
            {
                builder.Append(c is '\n' or '\t' || (c >= ' ' && c <= '~') ? c.ToString() : $"\\u{(int)c:X4}");
            }
            return builder.ToString();
        }
    }

    private const string Structural = "{}[]\",:";

    /// <summary>Valid Run Command style policies, the starting points of the mutations.</summary>
    private static readonly string[] Seeds =
    [
        PolicyParserTests.RunCommandExamplePolicy,
        """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:SendCommand","Resource":["arn:aws:ssm:us-east-2::document/AWS-*","arn:aws:ec2:*:*:instance/*"],"Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}}""",
        """{"Version":"2012-10-17","Statement":[{"Sid":"Via","Effect":"Allow","Action":"ssm:Sendcommand","Resource":"*","Condition":{"Bool":{"aws:ViaAWSService":true},"NumericLessThan":{"s3:max-keys":[10,2.5e1]}}},{"Effect":"Deny","NotAction":["ssm:List*"],"NotResource":"arn:aws:ssm:*:*:document/${aws:username}-*","Condition":{"ForAllValues:StringNotLike":{"aws:TagKeys":"key1*"},"StringNotEqualsIfExists":{"ssm:resourceTag/Finance":["WebServers","${aws:PrincipalTag/team, 'x'}"]},"Null":{"aws:SourceIp":"false"},"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8::/32"]}}}]}""",
        "{\n\t\"Version\": \"2008-10-17\",\r\n\t\"Id\": \"pol-\u00e9\",\n\t\"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": [\"arn:aws:iam::123456789012:user/alice\"]}, \"Action\": \"s3:ListBucket\", \"Resource\": \"arn:aws:s3:::teambucket\", \"Condition\": {\"DateGreaterThan\": {\"aws:CurrentTime\": \"1893456000\"}, \"ArnLike\": {\"aws:SourceArn\": \"arn:aws:ssm:*:*:document/\\u0041*\"}}}\n}",
    ];

    private static readonly Gen<char> AnyCharacter = Gen.Frequency(
        (5, Gen.Elements(Structural.ToCharArray())),
        (2, Gen.Elements(' ', '\n', '\t', '\r', '\\')),
        (3, Gen.Choose(0x21, 0x7E).Select(i => (char)i)),
        (2, Gen.Choose(0x80, 0xFF).Select(i => (char)i)),
        (1, Gen.Choose(0x00, 0x1F).Select(i => (char)i)),
        (1, Gen.Choose(0x100, 0xFFFF).Select(i => (char)i)));

    private static readonly Gen<string> Token = Gen.Frequency(
        (6, AnyCharacter.Select(c => c.ToString())),
        (3, Gen.Elements("\"Version\"", "\"2012-10-17\"", "\"Statement\"", "\"Effect\"", "\"Allow\"", "\"Action\"", "\"Resource\"",
            "\"Condition\"", "\"StringEquals\"", "\"Principal\"", "true", "false", "null", "-1.5e3", "0", "\"\\u00e9\"", "\"\\ud800\"",
            "\"${aws:username}\"", "\"${*}\"", "\"arn:aws:ssm:*:*:document/*\"", "\"\"", "[]", "{}")));

    private static Arbitrary<PolicyText> RandomText() =>
        Arb.From(
            Gen.Sized(size => Gen.ListOf(Token, Math.Min(size * 2, 120))).Select(tokens => new PolicyText(string.Concat(tokens))),
            Shrink);

    /// <summary>One edit of the text; positions are fractions of its length so they apply to any text.</summary>
    public sealed record Mutation(string Kind, double At, double Length, string Inserted);

    private static readonly Gen<string> Insertion = Gen.Frequency(
        (5, Gen.Elements(Structural.ToCharArray()).Select(c => c.ToString())),
        (2, Gen.Choose(0x80, 0xFF).Select(i => ((char)i).ToString())),
        (1, Gen.Elements("\u0100", "\u2028", "\uFFFD", "\U0001F600", "\0", "\u001F", "\\", "\\u", "${", "}")),
        // Structure-aware (issue 9): escaped and raw lone surrogates, odd CIDR spellings, a long wildcard run.
        (1, Gen.Elements("\\ud800", "\\udc00", "\\ud800\\u0041", "\ud800", "\udfff", "::ffff:1.2.3.4/+100", "::ffff:1.2.3.4/ 100",
            "::ffff:1.2.3.4/0100", "\"::ffff:1.2.3.4/100\"", "*" + new string('a', 300) + "?b")));

    private static readonly Gen<double> Fraction = Gen.Choose(0, 1000).Select(i => i / 1000.0);

    private static readonly Gen<Mutation> AnyMutation =
        from kind in Gen.Elements("delete", "insert", "duplicate", "truncate", "replace")
        from at in Fraction
        from length in Gen.Choose(1, 40).Select(i => i / 1000.0)
        from inserted in Insertion
        select new Mutation(kind, at, length, inserted);

    private static string Apply(string text, Mutation m)
    {
        var at = (int)(m.At * text.Length);
        var length = Math.Min(text.Length - at, Math.Max(1, (int)(m.Length * text.Length)));
        return m.Kind switch
        {
            "delete" => text.Remove(at, length),
            "insert" => text.Insert(at, m.Inserted),
            "duplicate" => text.Insert(at, text.Substring(at, length)),
            "truncate" => text[..at],
            "replace" when at < text.Length => text.Remove(at, 1).Insert(at, m.Inserted),
            _ => text,
        };
    }

    private static Arbitrary<PolicyText> MutatedPolicies() =>
        Arb.From(
            from seed in Gen.Elements(Seeds)
            from mutations in Gen.Choose(1, 6).SelectMany(n => Gen.ListOf(AnyMutation, n))
            select new PolicyText(mutations.Aggregate(seed, Apply)),
            Shrink);

    /// <summary>Shrinks by halving and by dropping single characters, so a failure prints a short text.</summary>
    private static IEnumerable<PolicyText> Shrink(PolicyText policy)
    {
        var text = policy.Text;
        if (text.Length == 0)
        {
            yield break;
        }
        yield return new PolicyText(text[..(text.Length / 2)]);
        yield return new PolicyText(text[(text.Length / 2)..]);
        for (var i = 0; i < text.Length && i < 64; i++)
        {
            yield return new PolicyText(text.Remove(i, 1));
        }
    }

    /// <summary>The law: a document without errors, or no document and well-formed errors. Exceptions fail the property.</summary>
    private static void ParsesOrExplains(PolicyText policy)
    {
        foreach (var kind in Enum.GetValues<PolicyKind>())
        {
            var result = PolicyParser.Parse(policy.Text, kind);
            if (result.IsSuccess)
            {
                Assert.Empty(result.Errors);
                continue;
            }
            Assert.Null(result.Value);
            Assert.NotEmpty(result.Errors);
            foreach (var error in result.Errors)
            {
                Assert.False(string.IsNullOrWhiteSpace(error.Message), $"an error without a message at {error.JsonPath}");
                Assert.StartsWith("$", error.JsonPath);
                Assert.True(IsWithin(policy.Text, error.Position), $"{error} lies outside the text");
            }
        }
    }

    /// <summary>Lines are separated by LF; a column may point one past the last character of its line (end of text).</summary>
    private static bool IsWithin(string text, TextPosition position)
    {
        var lines = text.Split('\n');
        return position.Line >= 1 && position.Line <= lines.Length &&
               position.Column >= 1 && position.Column <= lines[position.Line - 1].Length + 1;
    }

    [Fact]
    public void Parser_NeverThrows_OnRandomText() =>
        PropertyRun.Check(Prop.ForAll(RandomText(), ParsesOrExplains), maxTest: 3000, nameof(Parser_NeverThrows_OnRandomText));

    [Fact]
    public void Parser_NeverThrows_OnMutatedValidPolicies() =>
        PropertyRun.Check(Prop.ForAll(MutatedPolicies(), ParsesOrExplains), maxTest: 3000, nameof(Parser_NeverThrows_OnMutatedValidPolicies));

    /// <summary>
    /// Whole requests mutated with structure in mind (<see cref="RequestMutator"/>: surrogates in every place, odd CIDR
    /// spellings, huge values, wide arrays under long names, many statements × resources × actions, long wildcard
    /// patterns against long values) at CI size, through the same entry point as <c>conformance simulate</c>: answered
    /// (exit 0, output only on standard output) or refused (exit 2 or 3, nothing on standard output), never an
    /// exception. tools/Robustness runs the same mutations a million times at full size.
    /// </summary>
    [Fact]
    public void Simulate_AnswersOrRefuses_OnStructureAwareMutations() =>
        PropertyRun.Check(Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var request = new RequestMutator(seed, MutationScale.Ci).Next();
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = Conformance.Cli.CliApp.Run(["simulate", "--cli-input-json", request.Json], TextReader.Null, stdout, stderr);
            Assert.True(code is 0 or 2 or 3, $"exit {code} for {request}");
            Assert.True(code == 0 ? stdout.ToString().Length > 0 && stderr.ToString().Length == 0 : stdout.ToString().Length == 0,
                $"exit {code}, standard output {stdout.ToString().Length} characters, standard error: {stderr}, for {request}");
        }), maxTest: 400, nameof(Simulate_AnswersOrRefuses_OnStructureAwareMutations));

    [Fact]
    public void Seeds_AreValidPolicies()
    {
        // The mutation property is only meaningful if it starts from policies the parser accepts.
        Assert.All(Seeds, seed => Assert.True(
            PolicyParser.Parse(seed, seed.Contains("\"Principal\"", StringComparison.Ordinal) ? PolicyKind.Resource : PolicyKind.Identity).IsSuccess, seed));
    }
}
