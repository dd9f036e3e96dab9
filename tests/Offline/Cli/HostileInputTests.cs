using System.Diagnostics;
using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Cli;

/// <summary>
/// Each class of input that once escaped the error path (issue 9, found by the robustness run), through the same entry
/// point as <c>conformance simulate</c>: refused with exit 2, a message naming its place and nothing on standard
/// output, or answered.
/// </summary>
public sealed class HostileInputTests
{
    private const string Allow = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:*","Resource":"*"}}""";

    private static string Conditioned(string op, string key, string value) =>
        """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:*","Resource":"*","Condition":{""" +
        $"\"{op}\":{{\"{key}\":\"{value}\"}}" + "}}}";

    private static CliRun Simulate(string json) => CliRun.Of(["simulate", "--cli-input-json", json]);

    private static CliRun Explain(string json) => CliRun.Of(["explain", "--cli-input-json", json]);

    private static void AssertRefused(CliRun run, string code, params string[] fragments)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith($"An error occurred ({code}) when calling the SimulateCustomPolicy operation: ", run.Stderr);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, run.Stderr);
        }
    }

    private static void AssertAnsweredOrRefused(CliRun run)
    {
        Assert.True(run.ExitCode is 0 or 2, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal(run.ExitCode == 0, run.Stdout.Length > 0);
        Assert.Equal(run.ExitCode == 0, run.Stderr.Length == 0);
    }

    [Theory]
    [InlineData("""{"PolicyInputList":["\ud800"],"ActionNames":["ssm:SendCommand"]}""", "$.PolicyInputList[0]", 22)]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:Send\udc00"]}""", "$.ActionNames[0]", 51)]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"ContextEntries":[{"ContextKeyName":"aws:\ud800x","ContextKeyValues":["v"],"ContextKeyType":"string"}]}""", "$.ContextEntries[0].ContextKeyName", 102)]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"ContextEntries":[{"ContextKeyName":"aws:x/Key","ContextKeyValues":["\udbff"],"ContextKeyType":"string"}]}""", "$.ContextEntries[0].ContextKeyValues[0]", 130)]
    [InlineData("""{"PolicyInputList\ud800":["{}"],"ActionNames":["ssm:SendCommand"]}""", "$", 18)]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"CallerArn":"arn:aws:iam::123456789012:user/\ud800\ud800"}""", "$.CallerArn", 105)]
    public void Simulate_EscapedLoneSurrogate_ExitTwoNamingPathLineAndColumn(string json, string path, int column)
    {
        // RFC 8259 §8.2 (a lone surrogate is no character; it cannot be sent as UTF-8). Found by the robustness run.
        AssertRefused(Simulate(json), SimulationError.InvalidInput, "--cli-input-json: ", $"{path} (line 1, column {column}): the input is not valid JSON", "surrogate");
    }

    [Fact]
    public void Simulate_EscapedLoneSurrogateInsideAPolicy_ExitTwoNamingThePolicy()
    {
        // RFC 8259 §8.2. Found by the robustness run.
        var policy = Allow.Replace("Allow", "Allow\\ud800", StringComparison.Ordinal);
        AssertRefused(Simulate($$"""{"PolicyInputList":[{{CliRequests.Json(policy)}}],"ActionNames":["ssm:SendCommand"]}"""),
            SimulationError.InvalidInput, "$.PolicyInputList[0] (line 1, column 21)", "PolicyInputList.1 is not a valid policy", "surrogate");
    }

    [Fact]
    public void Simulate_SurrogatePairEscape_IsOneCharacterAndAnswered()
    {
        // RFC 8259 §7: a character outside the BMP is written as a surrogate pair escape.
        var run = Simulate($$"""{"PolicyInputList":[{{CliRequests.Json(Allow)}}],"ActionNames":["ssm:SendCommand"],"ContextEntries":[{"ContextKeyName":"aws:x/Key","ContextKeyValues":["\ud83d\ude00"],"ContextKeyType":"string"}]}""");
        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
    }

    [Theory]
    [InlineData("::ffff:1.2.3.4/+100")]
    [InlineData("::ffff:1.2.3.4/ 100")]
    [InlineData("::ffff:1.2.3.4/0100")]
    [InlineData("::ffff:1.2.3.4/100")]
    [InlineData("::ffff:1.2.3.4/129")]
    [InlineData("::ffff:1.2.3.4/-1")]
    public void Simulate_MappedIpv6NetworkSpellings_AnsweredOrRefusedInConditionAndContext(string cidr)
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress. Found by the robustness run.
        var policy = Conditioned("IpAddress", "aws:SourceIp", cidr);
        AssertAnsweredOrRefused(Simulate($$"""{"PolicyInputList":[{{CliRequests.Json(policy)}}],"ActionNames":["ssm:SendCommand"],"ContextEntries":[{"ContextKeyName":"aws:SourceIp","ContextKeyValues":["1.2.3.5"],"ContextKeyType":"ip"}]}"""));
        AssertAnsweredOrRefused(Simulate($$"""{"PolicyInputList":[{{CliRequests.Json(Allow)}}],"ActionNames":["ssm:SendCommand"],"ContextEntries":[{"ContextKeyName":"aws:SourceIp","ContextKeyValues":["{{cidr}}"],"ContextKeyType":"ip"}]}"""));
    }

    [Fact]
    public void Simulate_MappedNetworkOf120Bits_IsTakenAsWrittenNotAsItsIpv4Slash24()
    {
        // Recorded (simulate-custom-policy-2.jsonl condition_ip.json:simulation[45]): ::ffff:c000:201 is not inside
        // ::ffff:c000:200/120 for IAM, and a dotted tail is not read at all ([41]). Not RFC 4291's reading.
        string Decision(string cidr, string ip)
        {
            var policy = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"CIDR"}}}}""".Replace("CIDR", cidr, StringComparison.Ordinal);
            return SimulationJson.ReadResult(Simulate(
                $$"""{"PolicyInputList":[{{CliRequests.Json(policy)}}],"ActionNames":["ssm:SendCommand"],"ContextEntries":[{"ContextKeyName":"aws:SourceIp","ContextKeyValues":["{{ip}}"],"ContextKeyType":"ip"}]}""").Stdout)
                .EvaluationResults.Single().EvalDecision.ToString();
        }
        Assert.Equal("ImplicitDeny", Decision("::ffff:c000:200/120", "::ffff:c000:201"));
        Assert.Equal("ImplicitDeny", Decision("::ffff:1.2.3.4/0120", "1.2.3.200"));
        Assert.Equal("Allowed", Decision("2001:db8::/064", "2001:db8::1"));
    }

    [Fact]
    public void Simulate_BinaryValueOf8Point4MillionCharacters_AnsweredWithoutOverflowingTheStack()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ContextEntry.html (ContextKeyValues: no length constraint). Found by the robustness run.
        var value = new string('Q', 8_400_000);
        var run = Simulate($$"""{"PolicyInputList":[{{CliRequests.Json(Allow)}}],"ActionNames":["ssm:SendCommand"],"ContextEntries":[{"ContextKeyName":"ssm:test/Blob","ContextKeyValues":["{{value}}"],"ContextKeyType":"binary"}]}""");
        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
    }

    [Theory]
    [InlineData("\"ActionNames\":[\"ssm:SendCommand\",\"ab\"]", "Value at 'actionNames' failed to satisfy constraint: Member must satisfy constraint: [Member must have length greater than or equal to 3]", "$.ActionNames[1] (line 1, column 60)")]
    [InlineData("\"ActionNames\":[\"ssm:SendCommand\"],\"MaxItems\":1001", "1 validation error detected: Value at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000", "$.MaxItems (line 1, column 61)")]
    [InlineData("\"ActionNames\":[\"ssm:SendCommand\"],\"MaxItems\":0", "Value at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1", "$.MaxItems")]
    [InlineData("\"ActionNames\":[\"ssm:SendCommand\"],\"Marker\":\"\u0100\"", "Value at 'marker' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0020-\\u00FF]+", "$.Marker")]
    [InlineData("\"ActionNames\":[\"ssm:SendCommand\"],\"ContextEntries\":[{\"ContextKeyName\":\"k\",\"ContextKeyValues\":[],\"ContextKeyType\":\"string\"}]", "Member must have length greater than or equal to 5", "$.ContextEntries[0].ContextKeyName")]
    public void Simulate_ParameterOutsideItsDocumentedLimit_ValidationErrorAtItsPlace(string members, string message, string place)
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html ("Request Parameters"); MaxItems 1001 recorded from live IAM.
        AssertRefused(Simulate($$"""{"PolicyInputList":["{}"],{{members}}}"""), SimulationError.ValidationError, message, place);
    }

    [Fact]
    public void Simulate_PolicyLongerThan131072Characters_ValidationError()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html (PolicyInputList: 1 to 131072 characters).
        var policy = Allow + new string(' ', 131073 - Allow.Length);
        AssertRefused(Simulate($$"""{"PolicyInputList":[{{CliRequests.Json(Allow)}},{{CliRequests.Json(policy)}}],"ActionNames":["ssm:SendCommand"]}"""),
            SimulationError.ValidationError, "Value at 'policyInputList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 131072]", "$.PolicyInputList[1]");
    }

    [Fact]
    public void Simulate_PolicyOutsideLatin1_ValidationErrorForThePattern()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html (PolicyInputList pattern [\u0009\u000A\u000D\u0020-\u00FF]+).
        AssertRefused(Simulate($$"""{"PolicyInputList":[{{CliRequests.Json(Allow.Replace("ssm:*", "ssm:\u0100", StringComparison.Ordinal))}}],"ActionNames":["ssm:SendCommand"]}"""),
            SimulationError.ValidationError, "Member must satisfy regular expression pattern");
    }

    [Fact]
    public void Simulate_ManyActionsTimesManyResources_EvaluatesOnlyTheFirstPage()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html (MaxItems, default 100; IsTruncated). Found by the robustness run (1,000 × 1,000, scaled down).
        var actions = string.Join(",", Enumerable.Range(0, 400).Select(i => $"\"ssm:Action{i}\""));
        var resources = string.Join(",", Enumerable.Range(0, 400).Select(i => $"\"arn:aws:ec2:us-east-1:123456789012:instance/i-{i:D17}\""));
        var run = Simulate($$"""{"PolicyInputList":[{{CliRequests.Json(Allow)}}],"ActionNames":[{{actions}}],"ResourceArns":[{{resources}}]}""");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        var result = SimulationJson.ReadResult(run.Stdout);
        Assert.True(result.IsTruncated);
        Assert.InRange(result.EvaluationResults.Length, 1, 100);
        Assert.Equal(result.EvaluationResults.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Marker);
    }

    [Fact]
    public void Simulate_MarkerPastTheFirstPage_AnswersTheNextActions()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html (Marker, MaxItems).
        var actions = string.Join(",", Enumerable.Range(0, 5).Select(i => $"\"ssm:Action{i}\""));
        var run = Simulate($$"""{"PolicyInputList":[{{CliRequests.Json(Allow)}}],"ActionNames":[{{actions}}],"MaxItems":2,"Marker":"2"}""");

        var result = SimulationJson.ReadResult(run.Stdout);
        Assert.Equal(["ssm:Action2", "ssm:Action3"], result.EvaluationResults.Select(r => r.EvalActionName));
        Assert.Equal((true, "4"), (result.IsTruncated, result.Marker));
    }

    [Fact]
    public void Simulate_ManyStatementsTimesManyResources_RefusedWithPolicyEvaluationInsteadOfRunningForAMinute()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html ("Errors": PolicyEvaluation). Found by the robustness run (2 × 5,000 statements × 50 resources × 3 actions, scaled down).
        var statements = string.Join(",", Enumerable.Repeat("""{"Effect":"Allow","Action":"ssm:*","Resource":"*"}""", 1500));
        var policy = CliRequests.Json($$"""{"Version":"2012-10-17","Statement":[{{statements}}]}""");
        var resources = string.Join(",", Enumerable.Range(0, 80).Select(i => $"\"arn:aws:ec2:us-east-1:123456789012:instance/i-{i:D17}\""));
        var clock = Stopwatch.StartNew();
        var run = Simulate($$"""{"PolicyInputList":[{{policy}},{{policy}}],"ActionNames":["ssm:SendCommand","ssm:ListCommands","ssm:GetDocument"],"ResourceArns":[{{resources}}]}""");

        AssertRefused(run, SimulationError.PolicyEvaluation, "larger than the model evaluates in one request", "3000 statements × 80 resources");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Simulate_ManyMatchingStatements_OutputBoundedByCuttingThePage()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html (MaxItems: IAM might return fewer results than MaxItems). Found by the robustness run.
        var statements = string.Join(",", Enumerable.Repeat("""{"Effect":"Allow","Action":"ssm:*","Resource":"*"}""", 300));
        var policy = CliRequests.Json($$"""{"Version":"2012-10-17","Statement":[{{statements}}]}""");
        var actions = string.Join(",", Enumerable.Range(0, 20).Select(i => $"\"ssm:Action{i}\""));
        var resources = string.Join(",", Enumerable.Range(0, 30).Select(i => $"\"arn:aws:ec2:us-east-1:123456789012:instance/i-{i:D17}\""));
        var run = Simulate($$"""{"PolicyInputList":[{{policy}}],"ActionNames":[{{actions}}],"ResourceArns":[{{resources}}]}""");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        var result = SimulationJson.ReadResult(run.Stdout);
        Assert.True(result.IsTruncated, "20 actions × 30 resources × 300 matched statements is over the output bound: the page is cut");
        Assert.True(run.Stdout.Length < 2 * PagedEvaluation.MaxOutputCharacters, $"{run.Stdout.Length} characters");
    }

    [Fact]
    public void Simulate_ManyActionsTimesManyResources_PageCutAtThePageBound()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html (MaxItems: IAM might return fewer results than MaxItems). Found by the robustness run: pages of 31 results × 1,000 resources passed 1 s on a busy machine.
        var actions = string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"ssm:Action{i}\""));
        var resources = string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"arn:aws:ec2:us-east-1:123456789012:instance/i-{i:D17}\""));
        var run = Simulate($$"""{"PolicyInputList":[{{CliRequests.Json(Allow)}}],"ActionNames":[{{actions}}],"ResourceArns":[{{resources}}],"MaxItems":1000}""");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        var result = SimulationJson.ReadResult(run.Stdout);
        Assert.InRange(result.EvaluationResults.Length, 1, PagedEvaluation.PageStatementEvaluations / 1000);
        Assert.Equal((true, result.EvaluationResults.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)), (result.IsTruncated, result.Marker));
        Assert.True(run.Stdout.Length < 2 * PagedEvaluation.PageOutputCharacters, $"{run.Stdout.Length} characters");
    }

    [Fact]
    public void Explain_ManyStatementsTimesManyResources_RefusedLikeSimulate()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html ("Errors": PolicyEvaluation): explain takes no more work than simulate.
        var statements = string.Join(",", Enumerable.Repeat("""{"Effect":"Allow","Action":"ssm:*","Resource":"*"}""", 1500));
        var policy = CliRequests.Json($$"""{"Version":"2012-10-17","Statement":[{{statements}}]}""");
        var resources = string.Join(",", Enumerable.Range(0, 80).Select(i => $"\"arn:aws:ec2:us-east-1:123456789012:instance/i-{i:D17}\""));
        var json = $$"""{"PolicyInputList":[{{policy}},{{policy}}],"ActionNames":["ssm:SendCommand"],"ResourceArns":[{{resources}}]}""";

        AssertRefused(Explain(json), SimulationError.PolicyEvaluation, "larger than the model evaluates in one request", "3000 statements × 80 resources");
    }

    [Fact]
    public void Explain_ManyActions_ExplainsOnePageAndNamesTheMarkerOfTheRest()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html (MaxItems, Marker): explain pages as simulate does.
        var actions = string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"ssm:Action{i}\""));
        var resources = string.Join(",", Enumerable.Range(0, 500).Select(i => $"\"arn:aws:ec2:us-east-1:123456789012:instance/i-{i:D17}\""));
        var json = $$"""{"PolicyInputList":[{{CliRequests.Json(Allow)}}],"ActionNames":[{{actions}}],"ResourceArns":[{{resources}}],"MaxItems":1000}""";

        var first = Explain(json);
        Assert.Equal((0, ""), (first.ExitCode, first.Stderr));
        Assert.Contains("ssm:Action0 on ", first.Stdout);
        var marker = System.Text.RegularExpressions.Regex.Match(first.Stdout, "IsTruncated: true\\. .*\"Marker\": \"(\\d+)\"").Groups[1].Value;
        Assert.NotEqual("", marker);
        Assert.DoesNotContain($"ssm:Action{marker} on ", first.Stdout);
        Assert.True(first.Stdout.Length < 4 * PagedEvaluation.PageOutputCharacters, $"{first.Stdout.Length} characters");

        var second = Explain(json.Replace("\"MaxItems\":1000", $"\"MaxItems\":1000,\"Marker\":\"{marker}\"", StringComparison.Ordinal));
        Assert.Equal((0, ""), (second.ExitCode, second.Stderr));
        Assert.StartsWith($"ssm:Action{marker} on ", second.Stdout);
    }

    [Fact]
    public void Simulate_StarAndLongLiteralAgainstLongValue_AnsweredQuickly()
    {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String (StringLike). Found by the robustness run (5,000 literals against 1 MB).
        var pattern = "*" + new string('a', 5000) + "b";
        var policy = Conditioned("StringLike", "aws:x/Value", pattern);
        var value = new string('a', 1_000_000);
        var clock = Stopwatch.StartNew();
        var run = Simulate($$"""{"PolicyInputList":[{{CliRequests.Json(policy)}}],"ActionNames":["ssm:SendCommand"],"ContextEntries":[{"ContextKeyName":"aws:x/Value","ContextKeyValues":["{{value}}"],"ContextKeyType":"string"}]}""");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Equal("ImplicitDeny", SimulationJson.ReadResult(run.Stdout).EvaluationResults.Single().EvalDecision.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Simulate_WideArrayUnderLongMemberName_RefusedWithoutOneCopyOfThePathPerItem()
    {
        // Found by the robustness run: 98 KB of input took 2 GB before it was refused.
        var name = new string('n', 50_000);
        var items = string.Join(",", Enumerable.Repeat("0", 25_000));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var run = Simulate($$"""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"{{name}}":[{{items}}]}""");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        AssertRefused(run, SimulationError.InvalidInput, "unknown parameter");
        Assert.True(allocated < 64L * 1024 * 1024, $"{allocated / 1048576} MB allocated");
    }
}
