using System.Diagnostics;
using Amazon;
using Amazon.Runtime;
using Conformance.Iam;
using Conformance.Iam.Loopback;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Iam;

/// <summary>
/// The IAM client against the loopback endpoint: the answer must be the model's, byte for byte in its aws-cli JSON,
/// and the SDK's retries, signing and errors must behave as IAM's clients do.
/// Wire protocol: https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
/// </summary>
public sealed class IamSimulationOracleTests
{
    public static TheoryData<string> Requests => new() { "tagged", "untagged", "typed", "boundary", "resourcePolicy", "manyResources", "invalid", "crossAccount", "organizations" };

    private static SimulationRequest Request(string name) => name switch
    {
        "tagged" => IamRequests.RunCommandTagged("WebServers"),
        "untagged" => IamRequests.RunCommandTagged("Databases"),
        "typed" => IamRequests.TypedContext,
        "boundary" => IamRequests.Boundary,
        "resourcePolicy" => IamRequests.ResourcePolicy,
        "manyResources" => IamRequests.ManyResources,
        "invalid" => IamRequests.Invalid,
        // A cross-account resource policy: EvalDecisionDetails keyed by policy type must survive the wire.
        "crossAccount" => IamRequests.ResourcePolicy with { ResourceOwner = "arn:aws:iam::999999999999:root" },
        // Organization levels go out as OrderedOrganizationPolicyInputList and come back as OrganizationsDecisionDetail.
        "organizations" => IamRequests.Organizations,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown request"),
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task SimulateAsync_OverTheWire_EqualsModelSimulator(string name)
    {
        var request = Request(name);
        await using var iam = await LoopbackIam.StartAsync();
        using var oracle = iam.Oracle();

        var outcome = await oracle.SimulateAsync(request);

        Assert.Equal(IamRequests.Describe(ModelSimulator.Simulate(request)), IamRequests.Describe(outcome));
        Assert.All(iam.Server.Requests, r => Assert.Equal(LoopbackIamServer.Action, r.Action));
    }

    [Fact]
    public async Task SimulateAsync_ResultsCoverEveryRequestMember()
    {
        // Guards the round-trip theory: the requests above must exercise what they claim, or equality proves little.
        var typed = ModelSimulator.Simulate(IamRequests.TypedContext).Result!;
        Assert.Equal(EvalDecision.Allowed, typed.EvaluationResults[0].EvalDecision);
        Assert.Contains("aws:SecureTransport", typed.EvaluationResults[1].MissingContextValues);
        var boundary = ModelSimulator.Simulate(IamRequests.Boundary).Result!;
        Assert.Contains(boundary.EvaluationResults, r => r.AllowedByPermissionsBoundary == false);
        var resource = ModelSimulator.Simulate(IamRequests.ResourcePolicy).Result!;
        Assert.Contains(resource.EvaluationResults.SelectMany(r => r.MatchedStatements), s => s.SourcePolicyId == "ResourcePolicy");
        var cross = ModelSimulator.Simulate(Request("crossAccount")).Result!;
        Assert.Contains(cross.EvaluationResults, r => r.EvalDecisionDetails is { Entries.Length: > 0 });
        var organizations = ModelSimulator.Simulate(IamRequests.Organizations).Result!;
        Assert.Contains(organizations.EvaluationResults, r => r.AllowedByOrganizations == false);
        Assert.Contains(organizations.EvaluationResults, r => r.AllowedByOrganizations == true);
        var many = ModelSimulator.Simulate(IamRequests.ManyResources).Result!.EvaluationResults.Single();
        Assert.Equal(40, many.ResourceSpecificResults.Length);
        Assert.Contains(many.ResourceSpecificResults, r => r.EvalResourceDecision == EvalDecision.ExplicitDeny);
        Assert.Contains(many.ResourceSpecificResults, r => r.EvalResourceDecision == EvalDecision.Allowed);
    }

    [Fact]
    public async Task SimulateAsync_SmallMaxItems_FollowsMarkersAndMergesPages()
    {
        var request = IamRequests.ManyActions(7) with { MaxItems = 2 };
        await using var iam = await LoopbackIam.StartAsync();
        using var oracle = iam.Oracle();

        var outcome = await oracle.SimulateAsync(request);

        Assert.Equal(4, iam.Server.Requests.Length);
        Assert.Equal(IamRequests.Describe(ModelSimulator.Simulate(request with { MaxItems = null })), IamRequests.Describe(outcome));
        Assert.False(outcome.Result!.IsTruncated);
    }

    [Fact]
    public async Task SimulateAsync_ThrottledTwice_SucceedsOnTheThirdAttempt()
    {
        await using var iam = await LoopbackIam.StartAsync();
        iam.Server.Faults.Enqueue(new LoopbackFault.Throttling(), times: 2);
        using var oracle = iam.Oracle(maxAttempts: 3);

        var outcome = await oracle.SimulateAsync(IamRequests.Boundary);

        Assert.False(outcome.IsError);
        Assert.Equal(["Throttling", "Throttling", null], iam.Server.Requests.Select(r => r.ErrorCode));
        Assert.Equal(["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"], iam.Server.Requests.Select(r => r.SdkAttempt));
    }

    [Fact]
    public async Task SimulateAsync_ThrottledOnEveryAttempt_ThrowsWithTheCode()
    {
        await using var iam = await LoopbackIam.StartAsync();
        iam.Server.Faults.Enqueue(new LoopbackFault.Throttling(), times: 2);
        using var oracle = iam.Oracle(maxAttempts: 2);

        var error = await Assert.ThrowsAsync<IamCallException>(() => oracle.SimulateAsync(IamRequests.Boundary));

        Assert.Equal("Throttling", error.ErrorCode);
        Assert.Contains("after 2 attempts", error.Message);
        Assert.Equal(2, iam.Server.Requests.Length);
    }

    [Fact]
    public async Task SimulateAsync_PolicyEvaluation500Once_IsRetriedAndAnswered()
    {
        await using var iam = await LoopbackIam.StartAsync();
        iam.Server.Faults.Enqueue(new LoopbackFault.PolicyEvaluationFailure());
        using var oracle = iam.Oracle();

        var outcome = await oracle.SimulateAsync(IamRequests.Boundary);

        Assert.Equal(IamRequests.Describe(ModelSimulator.Simulate(IamRequests.Boundary)), IamRequests.Describe(outcome));
        Assert.Equal([500, 200], iam.Server.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task SimulateAsync_PolicyEvaluation500OnEveryAttempt_ReturnsTheErrorAsAnAnswer()
    {
        await using var iam = await LoopbackIam.StartAsync();
        iam.Server.Faults.Enqueue(new LoopbackFault.PolicyEvaluationFailure(), times: 3);
        using var oracle = iam.Oracle(maxAttempts: 3);

        var outcome = await oracle.SimulateAsync(IamRequests.Boundary);

        Assert.Equal(SimulationError.PolicyEvaluation, outcome.Error?.Code);
        Assert.Equal(3, iam.Server.Requests.Length);
    }

    [Fact]
    public async Task SimulateAsync_InvalidInput_IsAnAnswerAndNotRetried()
    {
        await using var iam = await LoopbackIam.StartAsync();
        using var oracle = iam.Oracle();

        var outcome = await oracle.SimulateAsync(IamRequests.Invalid);

        Assert.Equal(ModelSimulator.Simulate(IamRequests.Invalid).Error, outcome.Error);
        Assert.Single(iam.Server.Requests);
    }

    [Fact]
    public async Task SimulateAsync_ValidationError_IsAnAnswerAndNotRetried()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html (ActionNames: length 3 to 128)
        await using var iam = await LoopbackIam.StartAsync();
        using var oracle = iam.Oracle();
        var request = IamRequests.RunCommandTagged("WebServers") with { ActionNames = ["ab"] };

        var outcome = await oracle.SimulateAsync(request);

        var expected = ModelSimulator.Simulate(request).Error!;
        Assert.Equal(SimulationError.ValidationError, expected.Code);
        Assert.Equal((expected.Code, expected.Message), (outcome.Error?.Code, outcome.Error?.Message));
        Assert.Single(iam.Server.Requests);
    }

    [Fact]
    public async Task SimulateAsync_WrongSecret_SignatureDoesNotMatchAndNotRetried()
    {
        await using var iam = await LoopbackIam.StartAsync();
        using var oracle = iam.Oracle(credentials: new BasicAWSCredentials(LoopbackIam.AccessKeyId, "SECRETCANARY-wrong-secret-fedcba9876543210"));

        var error = await Assert.ThrowsAsync<IamCallException>(() => oracle.SimulateAsync(IamRequests.Boundary));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.Single(iam.Server.Requests);
    }

    [Fact]
    public async Task SimulateAsync_UnknownAccessKey_InvalidClientTokenId()
    {
        await using var iam = await LoopbackIam.StartAsync();
        using var oracle = iam.Oracle(credentials: new BasicAWSCredentials("AKIDCANARYUNKNOWN999", LoopbackIam.SecretAccessKey));

        var error = await Assert.ThrowsAsync<IamCallException>(() => oracle.SimulateAsync(IamRequests.Boundary));

        Assert.Equal("InvalidClientTokenId", error.ErrorCode);
        Assert.Single(iam.Server.Requests);
    }

    [Fact]
    public async Task SimulateAsync_SessionCredentials_SignTheSecurityToken()
    {
        const string token = "TOKENCANARY-session-0123456789";
        await using var iam = await LoopbackIam.StartAsync(new LoopbackCredentials("ASIACANARYSESSION001", LoopbackIam.SecretAccessKey, token));
        using var oracle = iam.Oracle(credentials: new SessionAWSCredentials("ASIACANARYSESSION001", LoopbackIam.SecretAccessKey, token));

        var outcome = await oracle.SimulateAsync(IamRequests.Boundary);

        Assert.False(outcome.IsError);
        Assert.Contains("x-amz-security-token", iam.Server.Requests.Single().SignedHeaders.Split(';'));
    }

    [Fact]
    public async Task SimulateAsync_BodyChangedAfterSigning_XAmzContentSHA256Mismatch()
    {
        // The SDK signs and sends X-Amz-Content-SHA256 for the body it signed; the body then changes on the way.
        // Trusting the header (as botocore's verifier would) accepts the request; hashing the body refuses it.
        await using var iam = await LoopbackIam.StartAsync();
        using var oracle = iam.Oracle(configure: c => c.HttpClientFactory = new TamperingHttpClientFactory(keepContentHashHeader: true));

        var error = await Assert.ThrowsAsync<IamCallException>(() => oracle.SimulateAsync(IamRequests.Boundary));

        Assert.Equal("XAmzContentSHA256Mismatch", error.ErrorCode);
        Assert.Single(iam.Server.Requests);
    }

    [Fact]
    public async Task SimulateAsync_BodyChangedAfterSigningWithMatchingHashHeader_SignatureDoesNotMatch()
    {
        await using var iam = await LoopbackIam.StartAsync();
        using var oracle = iam.Oracle(configure: c => c.HttpClientFactory = new TamperingHttpClientFactory(keepContentHashHeader: false));

        var error = await Assert.ThrowsAsync<IamCallException>(() => oracle.SimulateAsync(IamRequests.Boundary));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
    }

    [Fact]
    public async Task SimulateAsync_ConnectionResetOnce_IsRetried()
    {
        await using var iam = await LoopbackIam.StartAsync();
        iam.Server.Faults.Enqueue(new LoopbackFault.ConnectionReset());
        using var oracle = iam.Oracle();

        var outcome = await oracle.SimulateAsync(IamRequests.Boundary);

        Assert.False(outcome.IsError);
        Assert.Equal([0, 200], iam.Server.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task SimulateAsync_ConnectionResetOnEveryAttempt_ThrowsCouldNotReach()
    {
        await using var iam = await LoopbackIam.StartAsync();
        iam.Server.Faults.Enqueue(new LoopbackFault.ConnectionReset(), times: 20);
        using var oracle = iam.Oracle(maxAttempts: 2);

        var error = await Record.ExceptionAsync(() => oracle.SimulateAsync(IamRequests.Boundary));

        Assert.True(error is IamCallException, string.Join("\n", iam.Server.Requests) + "\n" + error);
        Assert.Null(((IamCallException)error).ErrorCode);
        Assert.False(((IamCallException)error).IsTimeout);
        Assert.Contains("could not reach IAM at " + iam.Server.Endpoint, error.Message);
        // The HTTP stack resends on a dropped connection within one SDK attempt (12 sends for 2 attempts seen with
        // AWSSDK.Core 4.1.0); what matters is that it ends, with a clear error, before the planted faults run out.
        Assert.InRange(iam.Server.Requests.Length, 2, 19);
    }

    [Fact]
    public async Task SimulateAsync_ReplySlowerThanTheTimeout_ThrowsATimeout()
    {
        await using var iam = await LoopbackIam.StartAsync();
        // Every send meets the slow reply: under load the HTTP stack may send again within one SDK attempt (as it does
        // on a dropped connection), and a resend must not find a fast answer (seen once on a busy CI machine).
        iam.Server.Faults.Enqueue(new LoopbackFault.SlowReply(TimeSpan.FromSeconds(5)), times: 20);
        using var oracle = iam.Oracle(maxAttempts: 1, timeout: TimeSpan.FromMilliseconds(400));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<IamCallException>(() => oracle.SimulateAsync(IamRequests.Boundary));

        Assert.True(error.IsTimeout, error.ToString());
        Assert.Contains("did not answer SimulateCustomPolicy within the timeout of 0.4 s", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}; sends: {string.Join("; ", iam.Server.Requests)}");
    }

    [Fact]
    public async Task SimulateAsync_PlantedDifference_IsVisible()
    {
        // A comparison that cannot see a planted difference proves nothing about agreement.
        await using var iam = await LoopbackIam.StartAsync();
        iam.Server.Faults.FlipDecisions((_, r) => r.EvalActionName == "ssm:ListCommands");
        using var oracle = iam.Oracle();

        var outcome = await oracle.SimulateAsync(IamRequests.Boundary);

        var model = ModelSimulator.Simulate(IamRequests.Boundary).Result!;
        Assert.Equal(model.EvaluationResults[0].EvalDecision, outcome.Result!.EvaluationResults[0].EvalDecision);
        Assert.NotEqual(model.EvaluationResults[1].EvalDecision, outcome.Result.EvaluationResults[1].EvalDecision);
    }

    [Fact]
    public async Task SimulateAsync_ClientConfiguredForAnotherRegion_StillSignsUsEast1()
    {
        await using var iam = await LoopbackIam.StartAsync();
        using var oracle = iam.Oracle(configure: c => c.RegionEndpoint = RegionEndpoint.EUWest1);

        var outcome = await oracle.SimulateAsync(IamRequests.Boundary);

        Assert.False(outcome.IsError, outcome.Error?.ToString());
    }

    [Fact]
    public async Task SimulateAsync_SdkSignedHeaders_AreAcceptedAndIncludeTheContentHash()
    {
        await using var iam = await LoopbackIam.StartAsync();
        using var oracle = iam.Oracle();

        await oracle.SimulateAsync(IamRequests.Boundary);

        var signed = iam.Server.Requests.Single().SignedHeaders.Split(';');
        Assert.Contains("host", signed);
        Assert.Contains("x-amz-date", signed);
        Assert.Contains("x-amz-content-sha256", signed);
    }

    [Fact]
    public async Task SimulateAsync_ParameterValuesThatLookLikeOtherActions_StaySimulateCustomPolicy()
    {
        // Values are form-encoded: "&Action=CreateUser" inside a value cannot become a parameter.
        var request = IamRequests.Boundary with
        {
            ActionNames = ["iam:CreateUser&Action=CreateUser", "ssm:SendCommand"],
            Marker = null,
            ResourceOwner = "arn:aws:iam::123456789012:root&Action=DeleteUser&Version=2010-05-08",
        };
        await using var iam = await LoopbackIam.StartAsync();
        using var oracle = iam.Oracle();

        var outcome = await oracle.SimulateAsync(request);

        Assert.Equal(IamRequests.Describe(ModelSimulator.Simulate(request)), IamRequests.Describe(outcome));
        Assert.Equal([LoopbackIamServer.Action], iam.Server.Requests.Select(r => r.Action));
    }

    [Fact]
    public void PublicSurface_OffersNoWayToNameAnotherAction()
    {
        // Structural: the assembly's public types are the oracle, its options, its exception and a credential check; no public member
        // takes an action name or a raw request, and the SDK client underneath is internal.
        var assembly = typeof(IamSimulationOracle).Assembly;
        var exported = assembly.GetExportedTypes().Select(t => t.Name).Order().ToArray();
        Assert.Equal(["IamCallException", "IamCredentials", "IamOracleOptions", "IamPartition", "IamSimulationOracle"], exported);
        var calls = typeof(IamSimulationOracle).GetMethods()
            .Where(m => m.DeclaringType == typeof(IamSimulationOracle) && typeof(Task).IsAssignableFrom(m.ReturnType))
            .Select(m => $"{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})");
        Assert.Equal(["SimulateAsync(SimulationRequest, CancellationToken)"], calls);
    }

    [Fact]
    public async Task Failures_NeverShowTheSecretInMessagesOrLogs()
    {
        await using var iam = await LoopbackIam.StartAsync();
        var texts = new List<string>();
        async Task Capture(IamSimulationOracle oracle)
        {
            using (oracle)
            {
                try
                {
                    texts.Add(IamRequests.Describe(await oracle.SimulateAsync(IamRequests.Invalid)));
                    texts.Add(IamRequests.Describe(await oracle.SimulateAsync(IamRequests.Boundary)));
                }
                catch (IamCallException e)
                {
                    texts.Add(e.ToString());
                }
            }
        }

        await Capture(iam.Oracle(credentials: new BasicAWSCredentials(LoopbackIam.AccessKeyId, "SECRETCANARY-wrong-secret-fedcba9876543210")));
        await Capture(iam.Oracle(credentials: new BasicAWSCredentials("AKIDCANARYUNKNOWN999", LoopbackIam.SecretAccessKey)));
        iam.Server.Faults.Enqueue(new LoopbackFault.Throttling(), times: 2);
        await Capture(iam.Oracle(maxAttempts: 2));
        iam.Server.Faults.Enqueue(new LoopbackFault.ConnectionReset());
        await Capture(iam.Oracle(maxAttempts: 1));
        await Capture(iam.Oracle(configure: c => c.HttpClientFactory = new TamperingHttpClientFactory(keepContentHashHeader: true)));
        await Capture(iam.Oracle());
        texts.AddRange(iam.Log);
        texts.Add(new LoopbackCredentials(LoopbackIam.AccessKeyId, LoopbackIam.SecretAccessKey, "TOKENCANARY").ToString());

        Assert.True(texts.Count >= 10, string.Join("\n", texts));
        Assert.All(texts, t => Assert.DoesNotContain("SECRETCANARY", t));
        Assert.All(texts, t => Assert.DoesNotContain("TOKENCANARY", t));
        Assert.All(texts, t => Assert.DoesNotContain("Signature=", t));
    }
}

/// <summary>Changes the body of every signed request on its way out (every Allow becomes Deny),
/// keeping the X-Amz-Content-SHA256 header the SDK computed for the original body, or making it match the new body.</summary>
internal sealed class TamperingHttpClientFactory(bool keepContentHashHeader) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Tamperer(keepContentHashHeader));

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    private sealed class Tamperer(bool keepContentHashHeader) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            var changed = body.Replace("Allow", "Deny", StringComparison.Ordinal);
            Assert.NotEqual(body, changed);
            var content = new StringContent(changed);
            content.Headers.ContentType = request.Content.Headers.ContentType;
            request.Content = content;
            if (!keepContentHashHeader)
            {
                // The header now tells the truth about the new body; only the signature can catch the change.
                request.Headers.Remove("X-Amz-Content-SHA256");
                request.Headers.Add("X-Amz-Content-SHA256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(changed))));
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
