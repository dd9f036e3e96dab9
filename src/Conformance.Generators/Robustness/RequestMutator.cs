using System.Collections.Immutable;
using System.Text;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Generators.Robustness;

/// <summary>How big the hostile inputs get: the offline suite runs them small, the robustness run at full size.</summary>
/// <param name="HugeValue">Characters of a huge context value (the stack-overflow class needed about 8.4 million).</param>
/// <param name="WideArray">Items of a wide array under a long member name.</param>
/// <param name="LongName">Characters of that member name.</param>
/// <param name="Statements">Statements of a many-statement policy.</param>
/// <param name="Resources">Resources of a many-resource request.</param>
/// <param name="Actions">Actions of a many-action request.</param>
/// <param name="PatternLiterals">Literal characters after the <c>*</c> of a long wildcard pattern.</param>
/// <param name="LongValue">Characters of the value that pattern is matched against.</param>
/// <param name="HugeWeight">Weight (out of about 1,000) of the cost classes above; the rest are cheap mutations.</param>
public sealed record MutationScale(
    int HugeValue, int WideArray, int LongName, int Statements, int Resources, int Actions,
    int PatternLiterals, int LongValue, int HugeWeight)
{
    /// <summary>Small enough for the timed offline suite.</summary>
    public static readonly MutationScale Ci = new(
        HugeValue: 200_000, WideArray: 2_000, LongName: 2_000, Statements: 500, Resources: 50, Actions: 300,
        PatternLiterals: 500, LongValue: 100_000, HugeWeight: 20);

    /// <summary>The sizes the issue reported (2 million requests through <c>simulate</c>).</summary>
    public static readonly MutationScale Full = new(
        HugeValue: 8_400_000, WideArray: 25_000, LongName: 50_000, Statements: 5_000, Resources: 1_000, Actions: 1_000,
        PatternLiterals: 5_000, LongValue: 1_000_000, HugeWeight: 1);
}

/// <summary>A mutated <c>--cli-input-json</c> document and the kind of mutation that made it.</summary>
public sealed record MutatedRequest(string Kind, string Json)
{
    public override string ToString() =>
        $"{Kind}: {(Json.Length > 400 ? Json[..400] + $"… ({Json.Length} characters)" : Json)}";
}

/// <summary>
/// Structure-aware mutations of SimulateCustomPolicy requests, as a hostile user would write them: lone surrogates in
/// every place a string stands, odd CIDR spellings, huge values, wide arrays under long names, many statements ×
/// resources × actions, long wildcard patterns against long values, values just inside and outside IAM's limits, and
/// plain character edits of valid requests. Deterministic: the same seed gives the same requests. Shared by the
/// offline parser-robustness properties and the robustness run (tools/Robustness).
/// </summary>
public sealed class RequestMutator(int seed, MutationScale scale)
{
    private readonly Random _random = new(seed);

    private const string Surrogate = "@@SURROGATE@@";
    private const string Document = "arn:aws:ssm:us-east-1::document/AWS-RunShellScript";
    private const string Instance = "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0";
    private const string Caller = "arn:aws:iam::123456789012:user/alice";

    private static readonly string TagPolicy =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:SendCommand","Resource":"arn:aws:ssm:*:*:document/*"},{"Sid":"Tagged","Effect":"Allow","Action":"ssm:SendCommand","Resource":"arn:aws:ec2:*:*:instance/*","Condition":{"StringLike":{"ssm:resourceTag/Finance":["Web*"]}}}]}""";

    private static readonly string TypedPolicy =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"NumericLessThan":{"ssm:test/Count":"10"},"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"},"BinaryEquals":{"ssm:test/Blob":"QUJD"}}},{"Effect":"Deny","NotAction":"ssm:Get*","Resource":"arn:aws:ec2:*:*:instance/i-*5","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""";

    /// <summary>Valid requests: the starting points of every mutation.</summary>
    public static readonly ImmutableArray<SimulationRequest> Seeds =
    [
        new([TagPolicy], ["ssm:SendCommand"], ResourceArns: [Document, Instance],
            ContextEntries: [new ContextEntry("ssm:resourceTag/Finance", ["WebServers"], ContextKeyType.String)]),
        new([TypedPolicy], ["ssm:SendCommand", "ssm:GetCommandInvocation"], ResourceArns: [Instance],
            ContextEntries:
            [
                new ContextEntry("aws:SourceIp", ["10.1.2.3"], ContextKeyType.Ip),
                new ContextEntry("ssm:test/Count", ["3"], ContextKeyType.Numeric),
                new ContextEntry("aws:CurrentTime", ["2024-06-01T12:00:00Z"], ContextKeyType.Date),
                new ContextEntry("ssm:test/Blob", ["QUJD"], ContextKeyType.Binary),
                new ContextEntry("aws:SecureTransport", ["true"], ContextKeyType.Boolean),
            ]),
        new(["""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"""], ["s3:GetObject", "s3:PutObject"],
            ResourceArns: ["arn:aws:s3:::bucket/key"],
            ResourcePolicy: """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}}""",
            ResourceOwner: "arn:aws:iam::123456789012:root", CallerArn: Caller, MaxItems: 1),
        new(["""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:*","Resource":"*"}}"""], ["ssm:SendCommand", "ssm:ListCommands"],
            PermissionsBoundaryPolicyInputList: ["""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:SendCommand","Resource":"*"}}"""]),
    ];

    private static readonly string[] Kinds =
    [
        "edit", "surrogate", "cidr", "limits", "nesting", "huge-value", "wide-array", "many-statements", "many-actions", "long-pattern",
    ];

    /// <summary>The next mutated request.</summary>
    public MutatedRequest Next()
    {
        var roll = _random.Next(1000);
        // Cheap kinds make most of the run; the five cost classes together take HugeWeight in a thousand.
        var kind = roll < scale.HugeWeight * 5 ? Kinds[5 + roll % 5] : Kinds[_random.Next(5)];
        return new MutatedRequest(kind, kind switch
        {
            "edit" => Edit(),
            "surrogate" => LoneSurrogate(),
            "cidr" => OddCidr(),
            "limits" => AtLimits(),
            "nesting" => DeepNesting(),
            "huge-value" => HugeValue(),
            "wide-array" => WideArray(),
            "many-statements" => ManyStatements(),
            "many-actions" => ManyActions(),
            _ => LongPattern(),
        });
    }

    private SimulationRequest Seed() => Seeds[_random.Next(Seeds.Length)];

    private T Pick<T>(params T[] items) => items[_random.Next(items.Length)];

    private static string Write(SimulationRequest request) => SimulationJson.WriteRequest(request, indented: false);

    /// <summary>One to six character edits of a valid request's text.</summary>
    private string Edit()
    {
        var text = Write(Seed());
        var edits = _random.Next(1, 7);
        for (var i = 0; i < edits && text.Length > 0; i++)
        {
            var at = _random.Next(text.Length);
            var length = Math.Min(text.Length - at, _random.Next(1, 40));
            var inserted = Pick("{", "}", "[", "]", "\"", ",", ":", "\\", "\\u", "\\ud800", "\\udc00", "\u00e9", "\uFFFD", "0", "-1e999",
                "null", "true", "*", "?", "${", "}", "/", "\\\\u0000", "\n", "\u2028", "\U0001F600");
            text = _random.Next(5) switch
            {
                0 => text.Remove(at, length),
                1 => text.Insert(at, inserted),
                2 => text.Insert(at, text.Substring(at, length)),
                3 => text[..at],
                _ => text.Remove(at, 1).Insert(at, inserted),
            };
        }
        return text;
    }

    /// <summary>An escaped lone UTF-16 surrogate in an action name, context key or value, member name, CallerArn or policy.</summary>
    private string LoneSurrogate()
    {
        var escape = Pick("\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\ud800\\u0041", "\\udc00\\ud800", "\\ud800\\ud800");
        var seed = Seed();
        var place = _random.Next(8);
        var request = place switch
        {
            0 => seed with { ActionNames = [$"ssm:Send{Surrogate}Command"] },
            1 => seed with { ContextEntries = [new ContextEntry($"aws:{Surrogate}Key", ["v"], ContextKeyType.String)] },
            2 => seed with { ContextEntries = [new ContextEntry("aws:SomeKey", [$"v{Surrogate}"], ContextKeyType.StringList)] },
            3 => seed with { CallerArn = $"arn:aws:iam::123456789012:user/{Surrogate}" },
            4 => seed with { ResourceArns = [$"arn:aws:ec2:us-east-1:123456789012:instance/{Surrogate}"] },
            5 => seed with { PolicyInputList = [Surrogate] },
            _ => seed,
        };
        var text = Write(request);
        return place switch
        {
            6 => text.Replace("\"ActionNames\"", $"\"ActionNames{escape}\"", StringComparison.Ordinal),
            // Inside a policy: escaped once more, so that the policy text itself holds the escape.
            7 => text.Replace("Allow", "Allow" + escape.Replace("\\", "\\\\", StringComparison.Ordinal), StringComparison.Ordinal),
            _ => text.Replace(Surrogate, escape, StringComparison.Ordinal),
        };
    }

    /// <summary>IPv4-mapped IPv6 networks and other CIDR spellings, in a condition or in an <c>ip</c> context value.</summary>
    private string OddCidr()
    {
        var address = Pick("::ffff:1.2.3.4", "::ffff:10.0.0.0", "10.0.0.0", "2001:db8::", "::", "0.0.0.0", "::ffff:0:0", "fe80::1%1", "1.2.3");
        var prefix = Pick("+100", " 100", "0100", "100", "96", "128", "129", "33", "32", "-1", "", "+0", "00", "4294967296", "1e2", "0x20", "24 ");
        var cidr = $"{address}/{prefix}";
        if (_random.Next(2) == 0)
        {
            return Write(Seeds[1] with { ContextEntries = [new ContextEntry("aws:SourceIp", [cidr], Pick(ContextKeyType.Ip, ContextKeyType.IpList))] });
        }
        var policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"ssm:*\",\"Resource\":\"*\",\"Condition\":{\"" + Pick("IpAddress", "NotIpAddress") + "\":{\"aws:SourceIp\":\"" + cidr + "\"}}}}";
        return Write(Seeds[1] with { PolicyInputList = [policy] });
    }

    /// <summary>Values just inside and just outside IAM's documented limits.</summary>
    private string AtLimits()
    {
        var seed = Seed();
        var inside = _random.Next(2) == 0;
        var request = _random.Next(9) switch
        {
            0 => seed with { ActionNames = [new string('a', inside ? 3 : 2), "ssm:" + new string('x', inside ? 124 : 125)] },
            1 => seed with { ResourceArns = ["arn:aws:ec2:us-east-1:123456789012:instance/" + new string('i', (inside ? 2048 : 2049) - 45)] },
            2 => seed with { ContextEntries = [new ContextEntry(new string('k', inside ? 5 : 4), ["v"], ContextKeyType.String)] },
            3 => seed with { ContextEntries = [new ContextEntry("aws:" + new string('k', inside ? 252 : 253), ["v"], ContextKeyType.String)] },
            4 => seed with { MaxItems = Pick(0, 1, 1000, 1001, -1, int.MaxValue) },
            5 => seed with { Marker = Pick("", "0", "1", "2", "-1", "99999999999", new string('9', inside ? 320 : 321), "\u0100", "01") },
            6 => seed with { PolicyInputList = [Padded(seed.PolicyInputList[0], inside ? 131072 : 131073)] },
            7 => seed with { CallerArn = Caller + new string('x', (inside ? 2048 : 2049) - Caller.Length), ResourceOwner = Pick<string?>(null, "", "arn:aws:iam::123456789012:root") },
            _ => seed with { PolicyInputList = [seed.PolicyInputList[0].Replace("Allow", "Allow\u0100", StringComparison.Ordinal)] },
        };
        return Write(request);
    }

    /// <summary>Pads a policy with spaces to exactly <paramref name="length"/> characters.</summary>
    private static string Padded(string policy, int length) => policy + new string(' ', Math.Max(0, length - policy.Length));

    private string DeepNesting()
    {
        var depth = Pick(63, 64, 65, 1000, 100_000);
        var open = Pick("[", "{\"a\":");
        var close = open == "[" ? "]" : "}";
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        return _random.Next(2) == 0
            ? $$"""{"PolicyInputList":[{{nested}}],"ActionNames":["ssm:SendCommand"]}"""
            : Write(Seeds[0] with { PolicyInputList = ["{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:x\":" + nested + "}}}}"] });
    }

    /// <summary>A huge context value (binary, string or ip) or a huge policy.</summary>
    private string HugeValue()
    {
        var length = _random.Next(scale.HugeValue / 2, scale.HugeValue + 1) & ~3;
        var value = new string(Pick('Q', 'A', '/'), length);
        return _random.Next(4) switch
        {
            0 or 1 => Write(Seeds[1] with { ContextEntries = [new ContextEntry("ssm:test/Blob", [value], ContextKeyType.Binary)] }),
            2 => Write(Seeds[1] with { ContextEntries = [new ContextEntry("aws:SourceIp", [value], ContextKeyType.Ip)] }),
            _ => Write(Seeds[0] with { PolicyInputList = [Padded(Seeds[0].PolicyInputList[0], length)] }),
        };
    }

    /// <summary>A wide array under a long member name, in the request or inside a policy.</summary>
    private string WideArray()
    {
        var name = new string('n', _random.Next(scale.LongName / 2, scale.LongName + 1));
        var items = string.Join(",", Enumerable.Repeat("0", _random.Next(scale.WideArray / 2, scale.WideArray + 1)));
        if (_random.Next(2) == 0)
        {
            return $$"""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"{{name}}":[{{items}}]}""";
        }
        var policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"" + name + "\":[" + items + "]}}}}";
        return Write(Seeds[0] with { PolicyInputList = [policy] });
    }

    /// <summary>Two policies of many statements over many resources and a few actions.</summary>
    private string ManyStatements()
    {
        var statements = string.Join(",", Enumerable.Range(0, _random.Next(scale.Statements / 10, scale.Statements + 1)).Select(i =>
            $$"""{"Effect":"{{(i % 97 == 0 ? "Deny" : "Allow")}}","Action":"ssm:*","Resource":"*"}"""));
        var policy = $$"""{"Version":"2012-10-17","Statement":[{{statements}}]}""";
        var resources = Enumerable.Range(0, Math.Max(1, scale.Resources / 20)).Select(i => $"arn:aws:ec2:us-east-1:123456789012:instance/i-{i:D17}").ToImmutableArray();
        return Write(new SimulationRequest([policy, policy], ["ssm:SendCommand", "ssm:ListCommands", "ssm:GetDocument"], ResourceArns: resources));
    }

    /// <summary>Many actions × many resources, paged or not.</summary>
    private string ManyActions()
    {
        var actions = Enumerable.Range(0, scale.Actions).Select(i => $"ssm:Action{i}").ToImmutableArray();
        var resources = Enumerable.Range(0, scale.Resources).Select(i => $"arn:aws:ec2:us-east-1:123456789012:instance/i-{i:D17}").ToImmutableArray();
        return Write(Seeds[0] with { ActionNames = actions, ResourceArns = resources, ContextEntries = [], MaxItems = Pick<int?>(null, 1, 100, 1000) });
    }

    /// <summary><c>*</c> and a long literal run against a long value that almost matches it everywhere.</summary>
    private string LongPattern()
    {
        var literal = new string('a', scale.PatternLiterals);
        var pattern = Pick($"*{literal}b", $"*{literal}*b*", $"*a?{literal}?b", $"{literal}*{literal}*c");
        var policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"" + Pick("StringLike", "StringNotLike", "ArnLike", "ForAnyValue:StringLike") + "\":{\"aws:x/Value\":\"" + pattern + "\"}}}}";
        var value = new string('a', scale.LongValue);
        return Write(new SimulationRequest([policy], ["ssm:SendCommand"],
            ContextEntries: [new ContextEntry("aws:x/Value", [value, value + "b"], ContextKeyType.StringList)]));
    }
}
