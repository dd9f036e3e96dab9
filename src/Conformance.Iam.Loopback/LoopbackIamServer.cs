using System.Collections.Immutable;
using System.Net;
using System.Text;
using Conformance.Model.Simulation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conformance.Iam.Loopback;

/// <summary>How the loopback endpoint is started.</summary>
/// <param name="Port">The port on 127.0.0.1; 0 picks a free one (read it from <see cref="LoopbackIamServer.Endpoint"/>).</param>
/// <param name="Credentials">The credentials whose signatures are accepted; any other access key is <c>InvalidClientTokenId</c>.</param>
/// <param name="Log">Receives one line per request (method, action, status, error code); never a credential or signature.</param>
/// <param name="Clock">The time signatures are checked against (15 minutes of skew are allowed).</param>
public sealed record LoopbackIamOptions(
    int Port,
    ImmutableArray<LoopbackCredentials> Credentials,
    Action<string>? Log = null,
    TimeProvider? Clock = null);

/// <summary>One request the endpoint received, as tests inspect it.</summary>
/// <param name="SignedHeaders">The <c>SignedHeaders</c> of the Authorization header, or empty.</param>
/// <param name="SdkAttempt">The SDK's <c>amz-sdk-request</c> header (<c>attempt=N; max=M</c>), if sent.</param>
public sealed record LoopbackRequest(string? Action, int StatusCode, string? ErrorCode, string SignedHeaders, string? SdkAttempt, LoopbackFault? Fault);

/// <summary>
/// A loopback IAM endpoint on 127.0.0.1 answering <c>SimulateCustomPolicy</c> from the reference model
/// (<see cref="ModelSimulator.Simulate"/>), speaking IAM's query protocol, XML and error envelope, and verifying
/// SigV4 itself. Any other action is <c>InvalidAction</c>. Faults can be planted in process (<see cref="Faults"/>).
/// </summary>
public sealed class LoopbackIamServer : IAsyncDisposable
{
    public const string Action = "SimulateCustomPolicy";
    public const string Version = "2010-05-08";
    public const string SigningRegion = "us-east-1";
    public const string SigningService = "iam";

    /// <summary>
    /// The largest body the endpoint reads: the CLI reads any request, and the query protocol spells a value in up to
    /// three times its characters (%2B for +), so an 8.4-million-character base64 context value (the largest value
    /// the robustness run sends) must fit with room to spare. A larger body is answered in IAM's error envelope
    /// (<see cref="RequestEntityTooLarge"/>), not with the web server's bare 413.
    /// </summary>
    public const long MaxBodyBytes = 64L * 1024 * 1024;

    /// <summary>The code of the answer to a body over <see cref="MaxBodyBytes"/> (HTTP 413). Open question: what IAM's
    /// own front end answers to an oversized request; no recording has one, and API_SimulateCustomPolicy documents only
    /// each parameter's length.</summary>
    public const string RequestEntityTooLarge = "RequestEntityTooLarge";

    /// <summary>IAM's code for an unexpected internal failure (500), as its operations list it, e.g. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html ("Errors").</summary>
    public const string ServiceFailure = "ServiceFailure";

    private readonly WebApplication app;
    private readonly SigV4Verifier verifier;
    private readonly Action<string>? log;
    private readonly Lock gate = new();
    private readonly List<LoopbackRequest> requests = [];

    private LoopbackIamServer(WebApplication app, LoopbackIamOptions options)
    {
        this.app = app;
        log = options.Log;
        verifier = new SigV4Verifier(options.Credentials, SigningRegion, SigningService, options.Clock ?? TimeProvider.System);
    }

    /// <summary>Where the endpoint listens, e.g. http://127.0.0.1:49152.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public LoopbackFaults Faults { get; } = new();

    /// <summary>Every request received so far, in order.</summary>
    public ImmutableArray<LoopbackRequest> Requests
    {
        get { lock (gate) { return [.. requests]; } }
    }

    public static async Task<LoopbackIamServer> StartAsync(LoopbackIamOptions options, CancellationToken cancellationToken = default)
    {
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "the port must be 0 (pick a free one) or 1 to 65535");
        }
        if (options.Credentials.IsDefaultOrEmpty)
        {
            throw new ArgumentException("give at least one credential to accept: without one every request would be refused", nameof(options));
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        var app = builder.Build();
        var server = new LoopbackIamServer(app, options);
        // A RequestDelegate, not a minimal-API handler: the handler writes the response itself.
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.Endpoint = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Completes when the endpoint stops: <paramref name="cancellationToken"/> is cancelled, or the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        ReceivedRequest received;
        try
        {
            received = await ReadAsync(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel stops reading at MaxRequestBodySize; the connection is closed after this answer.
            var tooLarge = new IamWireError(413, RequestEntityTooLarge,
                $"The request body is larger than this endpoint reads ({MaxBodyBytes} bytes). Send fewer or smaller policies and context values.");
            Record(null, tooLarge.StatusCode, tooLarge.Code, "", null, null);
            await AnswerAsync(context, tooLarge.StatusCode, IamXml.Error(tooLarge, requestId), requestId).ConfigureAwait(false);
            return;
        }
        var signedHeaders = SignedHeaders(received);
        received.Headers.TryGetValue("amz-sdk-request", out var attempt);
        string? action = null;
        LoopbackFault? fault = null;

        IamWireError? error;
        SimulationResult? result = null;
        var (_, authError) = verifier.Verify(received);
        var (parameters, formError) = authError is null ? Parameters(context, received) : (null, null);
        error = authError ?? formError;
        if (error is null)
        {
            action = parameters!.GetValueOrDefault("Action");
            error = CheckAction(action, parameters!.GetValueOrDefault("Version"));
        }
        if (error is null)
        {
            fault = Faults.Next();
            switch (fault)
            {
                case LoopbackFault.ConnectionReset:
                    Record(action, 0, "(connection reset)", signedHeaders, attempt, fault);
                    context.Abort();
                    return;
                case LoopbackFault.SlowReply slow:
                    try
                    {
                        await Task.Delay(slow.Delay, context.RequestAborted).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        Record(action, 0, "(client gave up)", signedHeaders, attempt, fault);
                        return;
                    }
                    break;
                case LoopbackFault.Throttling:
                    error = new IamWireError(400, "Throttling", "Rate exceeded");
                    break;
                case LoopbackFault.PolicyEvaluationFailure:
                    error = new IamWireError(500, SimulationError.PolicyEvaluation, "The policy could not be evaluated (fault planted by the loopback endpoint).");
                    break;
            }
        }
        string body;
        try
        {
            if (error is null)
            {
                (result, error) = Simulate(parameters!);
            }
            body = error is null ? IamXml.Result(result!, requestId) : IamXml.Error(error, requestId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The model is meant never to throw (the robustness run holds it to that); should it ever, this request
            // gets IAM's own answer for an internal failure and the endpoint goes on serving the next one.
            log?.Invoke($"loopback-iam: the model failed on a request: {e.GetType().Name}: {QueryProtocolReader.Printable(e.Message)}");
            result = null;
            error = new IamWireError(500, ServiceFailure, "The request processing has failed because of an unknown error, exception or failure.");
            body = IamXml.Error(error, requestId);
        }

        var status = error?.StatusCode ?? 200;
        Record(action, status, error?.Code, signedHeaders, attempt, fault);
        await AnswerAsync(context, status, body, requestId).ConfigureAwait(false);
    }

    private static async Task AnswerAsync(HttpContext context, int status, string body, string requestId)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        await context.Response.WriteAsync(body, Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    }

    private (SimulationResult? Result, IamWireError? Error) Simulate(Dictionary<string, string> parameters)
    {
        var (request, readError) = QueryProtocolReader.Read(parameters);
        if (readError is not null)
        {
            return (null, readError);
        }
        var outcome = ModelSimulator.Simulate(request!);
        if (outcome.Error is { } modelError)
        {
            return (null, modelError.Code switch
            {
                SimulationError.InvalidInput or SimulationError.ValidationError => new IamWireError(400, modelError.Code, modelError.Message),
                SimulationError.PolicyEvaluation => new IamWireError(500, modelError.Code, modelError.Message),
                // Not an IAM answer: the model declines to decide; 501 says the endpoint cannot answer this question.
                _ => new IamWireError(501, modelError.Code, modelError.Message),
            });
        }
        var answer = outcome.Result!;
        if (Faults.AlterResult is { } alter)
        {
            answer = answer with { EvaluationResults = [.. answer.EvaluationResults.Select(r => alter(request!, r))] };
        }
        return (answer, null);
    }

    private static IamWireError? CheckAction(string? action, string? version)
    {
        if (action is null)
        {
            return new IamWireError(400, "MissingAction", "Missing Action");
        }
        if (action != Action || version != Version)
        {
            return new IamWireError(400, "InvalidAction",
                $"Could not find operation {QueryProtocolReader.Printable(action)} for version {QueryProtocolReader.Printable(version ?? "(none)")}: " +
                $"this endpoint answers only {Action} for version {Version}");
        }
        return null;
    }

    private static (Dictionary<string, string>? Parameters, IamWireError? Error) Parameters(HttpContext context, ReceivedRequest received)
    {
        var (parameters, error) = QueryProtocolReader.ParseForm(received.RawQuery.TrimStart('?'));
        if (error is not null)
        {
            return (null, error);
        }
        var contentType = context.Request.ContentType ?? "";
        if (received.Body.Length > 0)
        {
            if (!contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                return (null, new IamWireError(400, "MalformedQueryString",
                    $"the body has Content-Type \"{contentType}\"; the query protocol sends application/x-www-form-urlencoded"));
            }
            return QueryProtocolReader.ParseForm(Encoding.UTF8.GetString(received.Body), parameters);
        }
        return (parameters, null);
    }

    private static async Task<ReceivedRequest> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path + context.Request.QueryString).ToString();
        var question = target.IndexOf('?');
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name.ToLowerInvariant()] = string.Join(',', values.ToArray());
        }
        return new ReceivedRequest(
            context.Request.Method,
            question < 0 ? target : target[..question],
            question < 0 ? "" : target[question..],
            headers,
            buffer.ToArray());
    }

    private static string SignedHeaders(ReceivedRequest received)
    {
        if (!received.Headers.TryGetValue("authorization", out var authorization))
        {
            return "";
        }
        var start = authorization.IndexOf("SignedHeaders=", StringComparison.Ordinal);
        if (start < 0)
        {
            return "";
        }
        var value = authorization[(start + "SignedHeaders=".Length)..];
        var end = value.IndexOf(',');
        return end < 0 ? value.Trim() : value[..end].Trim();
    }

    private void Record(string? action, int status, string? errorCode, string signedHeaders, string? attempt, LoopbackFault? fault)
    {
        lock (gate)
        {
            requests.Add(new LoopbackRequest(action, status, errorCode, signedHeaders, attempt, fault));
        }
        log?.Invoke($"loopback-iam: {action ?? "(no action)"} -> {(status == 0 ? "no answer" : status.ToString(System.Globalization.CultureInfo.InvariantCulture))}" +
                    $"{(errorCode is null ? "" : " " + errorCode)}{(attempt is null ? "" : $" [{attempt}]")}{(fault is null ? "" : $" fault {fault.GetType().Name}")}");
    }
}
