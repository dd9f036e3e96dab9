using System.Collections.Immutable;
using Conformance.Iam.Loopback;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Iam;

/// <summary>
/// The loopback endpoint behind <c>conformance serve</c> answers each class of input that once crashed the CLI with
/// IAM's error envelope, or with a result, and answers the next request (issue 9, found by the robustness run).
/// </summary>
public sealed class ServeRobustnessTests
{
    private const string Allow = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:*","Resource":"*"}}""";

    private static SimulationRequest Request(string policy = Allow, ImmutableArray<string> actions = default, ImmutableArray<ContextEntry> context = default,
        ImmutableArray<string> resources = default, int? maxItems = null) =>
        new([policy], actions.IsDefault ? ["ssm:SendCommand"] : actions, ResourceArns: resources, ContextEntries: context, MaxItems: maxItems);

    public static TheoryData<string, string?> Cases() => new()
    {
        // RFC 8259 §8.2: a lone surrogate escape inside a policy.
        { "surrogate-in-policy", SimulationError.InvalidInput },
        // IPv4-mapped network spelled with a sign: not a network, so not an ip value.
        { "mapped-cidr-context", SimulationError.InvalidInput },
        // Answered: the condition is false, the policy denies implicitly.
        { "mapped-cidr-condition", null },
        // API_ContextEntry: ContextKeyValues have no documented length; 8.4 million characters (the size that overflowed
        // the stack) make a body over 8 MB, which the web server used to refuse with its own bare 413.
        { "huge-binary", null },
        // API_SimulateCustomPolicy: ActionNames items 3 to 128 characters.
        { "long-action", SimulationError.ValidationError },
        // Recorded from live IAM: MaxItems 1001.
        { "max-items", SimulationError.ValidationError },
        // API_SimulateCustomPolicy "Errors": PolicyEvaluation, for a request over the model's work bound.
        { "many-statements", SimulationError.PolicyEvaluation },
    };

    private static SimulationRequest Hostile(string name) => name switch
    {
        "surrogate-in-policy" => Request(Allow.Replace("Allow", "Allow\\ud800", StringComparison.Ordinal)),
        "mapped-cidr-context" => Request(context: [new ContextEntry("aws:SourceIp", ["::ffff:1.2.3.4/+100"], ContextKeyType.Ip)]),
        "mapped-cidr-condition" => Request("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"::ffff:1.2.3.4/+100"}}}}""",
            context: [new ContextEntry("aws:SourceIp", ["1.2.3.4"], ContextKeyType.Ip)]),
        "huge-binary" => Request(context: [new ContextEntry("ssm:test/Blob", [new string('Q', 8_400_000)], ContextKeyType.Binary)]),
        "long-action" => Request(actions: ["ssm:" + new string('x', 125)]),
        "max-items" => Request(maxItems: 1001),
        "many-statements" => Request(
            """{"Version":"2012-10-17","Statement":[""" + string.Join(",", Enumerable.Repeat("""{"Effect":"Allow","Action":"ssm:*","Resource":"*"}""", 2000)) + "]}",
            resources: [.. Enumerable.Range(0, 120).Select(i => $"arn:aws:ec2:us-east-1:123456789012:instance/i-{i:D17}")]),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Serve_InputThatCrashedTheCli_AnsweredOrIamErrorThenNextRequestAnswered(string name, string? code)
    {
        await using var iam = await LoopbackIam.StartAsync();
        using var oracle = iam.Oracle(maxAttempts: 1, timeout: TimeSpan.FromSeconds(60));

        var expected = ModelSimulator.Simulate(Hostile(name));
        Assert.Equal(code, expected.Error?.Code);
        // ValidationError is an answer too (IamSimulationOracle), so every kind comes back as the model's own.
        Assert.Equal(IamRequests.Describe(expected), IamRequests.Describe(await oracle.SimulateAsync(Hostile(name))));

        var next = await oracle.SimulateAsync(IamRequests.Boundary);
        Assert.Equal(IamRequests.Describe(ModelSimulator.Simulate(IamRequests.Boundary)), IamRequests.Describe(next));
        Assert.DoesNotContain(iam.Server.Requests, r => r.ErrorCode == LoopbackIamServer.ServiceFailure);
    }

    [Fact]
    public async Task Serve_BodyOverTheLimit_IamErrorEnvelopeThenNextRequestAnswered()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html (every refusal in the error envelope)
        await using var iam = await LoopbackIam.StartAsync();
        using var oracle = iam.Oracle(maxAttempts: 1, timeout: TimeSpan.FromSeconds(60));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        // With 100-continue the body is not sent once the endpoint has refused it; a client that sends it regardless
        // may find the connection closed before it reads the answer (the endpoint does not read 64 MB to throw it away).
        http.DefaultRequestHeaders.ExpectContinue = true;
        using var body = new ByteArrayContent(new byte[LoopbackIamServer.MaxBodyBytes + 1]);
        body.Headers.ContentType = new("application/x-www-form-urlencoded");

        using var response = await http.PostAsync(iam.Server.Endpoint, body);

        Assert.Equal(413, (int)response.StatusCode);
        var xml = await response.Content.ReadAsStringAsync();
        Assert.Contains("<ErrorResponse", xml);
        Assert.Contains($"<Code>{LoopbackIamServer.RequestEntityTooLarge}</Code>", xml);
        Assert.Contains("<RequestId>", xml);
        var next = await oracle.SimulateAsync(IamRequests.Boundary);
        Assert.Equal(IamRequests.Describe(ModelSimulator.Simulate(IamRequests.Boundary)), IamRequests.Describe(next));
    }

    [Fact]
    public void Simulate_ModelAnswersTheHostileRequestsInProcessToo()
    {
        // The same requests straight through the model: nothing escapes as an exception.
        foreach (var name in Cases().Select(row => (string)row[0]))
        {
            Assert.NotNull(ModelSimulator.Simulate(Hostile(name)));
        }
    }
}
