using System.Collections.Immutable;
using System.Net;
using Amazon.Runtime;
using Conformance.Iam.Sdk;
using Conformance.Model.Simulation;

namespace Conformance.Iam;

/// <summary>
/// IAM itself as an oracle: sends <c>SimulateCustomPolicy</c> (and nothing else) over SigV4 through AWSSDK.Core,
/// follows <c>IsTruncated</c>/<c>Marker</c> until the answer is complete, and merges the pages.
/// IAM's own answers to the question — <c>InvalidInput</c>, <c>ValidationError</c> and <c>PolicyEvaluation</c> — come back as a
/// <see cref="SimulationOutcome"/> error; anything else (bad credentials, throttling or timeouts after every
/// attempt, an unreadable answer) throws <see cref="IamCallException"/>.
/// </summary>
public sealed class IamSimulationOracle : ISimulationOracle, IDisposable
{
    /// <summary>A guard against an endpoint that never stops paginating.</summary>
    public const int MaxPages = 1000;

    /// <summary>Answers to the question rather than failures of the call: a campaign compares them with the model's.
    /// <c>ValidationError</c> is IAM's answer to a parameter outside its documented constraints (recorded:
    /// simulate-custom-policy-2.jsonl simulation.json:maxitems_too_large). <c>ModelCannotDecide</c> is no IAM code: the
    /// loopback endpoint sends it (HTTP 501) so that, through it, this oracle answers exactly as the model does.</summary>
    private static readonly ImmutableHashSet<string> AnswerErrors =
        [SimulationError.InvalidInput, SimulationError.ValidationError, SimulationError.PolicyEvaluation, SimulationError.ModelCannotDecide];

    private readonly SimulateCustomPolicyClient client;
    private readonly Action<string>? log;

    /// <param name="options">Endpoint, partition, timeout, attempts, profile; defaults reach the global IAM endpoint.</param>
    /// <param name="credentials">Credentials to sign with; null takes them from <see cref="IamOracleOptions.Profile"/>
    /// or the SDK's default chain (environment, shared profile, SSO, web identity).</param>
    /// <param name="log">Receives one line per page and outcome; never a credential or a signature.</param>
    public IamSimulationOracle(IamOracleOptions? options = null, AWSCredentials? credentials = null, Action<string>? log = null)
        : this(options ?? new IamOracleOptions(), credentials, log, configure: null)
    {
    }

    /// <summary>Lets tests adjust the SDK configuration last: another region (which must not change the signing
    /// region), or an HTTP client that tampers with a signed request.</summary>
    internal IamSimulationOracle(IamOracleOptions options, AWSCredentials? credentials, Action<string>? log, Action<ClientConfig>? configure)
    {
        Options = options;
        Endpoint = options.ResolveEndpoint();
        this.log = log;
        client = SimulateCustomPolicyClient.Create(options, credentials, configure);
    }

    public string Name => "iam";

    public IamOracleOptions Options { get; }

    /// <summary>Where requests go, after the endpoint variables were consulted.</summary>
    public Uri Endpoint { get; }

    public async Task<SimulationOutcome> SimulateAsync(SimulationRequest request, CancellationToken cancellationToken = default)
    {
        var results = ImmutableArray.CreateBuilder<EvaluationResult>();
        var marker = request.Marker;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            SimulationResult result;
            try
            {
                var response = await client.SimulateCustomPolicyAsync(request with { Marker = marker }, cancellationToken).ConfigureAwait(false);
                result = response.Result;
                log?.Invoke($"iam: page {page}: {result.EvaluationResults.Length} results, truncated={result.IsTruncated.ToString().ToLowerInvariant()}, request id {response.ResponseMetadata?.RequestId ?? "(none)"}");
            }
            catch (AmazonServiceException e) when (e.ErrorCode is { } code && AnswerErrors.Contains(code))
            {
                log?.Invoke($"iam: page {page}: {code} (HTTP {(int)e.StatusCode}), request id {e.RequestId}");
                return SimulationOutcome.Of(new SimulationError(code, e.Message));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException
                                          or OperationCanceledException or TimeoutException or FormatException or System.Xml.XmlException)
            {
                var failure = IamCallException.From(e, Endpoint, Options, page);
                log?.Invoke($"iam: page {page}: {failure.Message}");
                throw failure;
            }

            results.AddRange(result.EvaluationResults);
            if (!result.IsTruncated)
            {
                return SimulationOutcome.Of(new SimulationResult(results.ToImmutable()));
            }
            if (result.Marker is null || !seen.Add(result.Marker) || page >= MaxPages)
            {
                throw new IamCallException(
                    result.Marker is null
                        ? $"IAM at {Endpoint} answered page {page} with IsTruncated=true but no Marker: the answer cannot be completed"
                        : $"IAM at {Endpoint} did not finish paginating: page {page} returned Marker \"{result.Marker}\" " +
                          (page >= MaxPages ? $"and {MaxPages} pages is the limit" : "a second time"),
                    errorCode: null, statusCode: null, innerException: null);
            }
            marker = result.Marker;
        }
    }

    public void Dispose() => client.Dispose();
}

/// <summary>
/// A call to IAM that produced no answer to the question: refused credentials or signature, throttling or server
/// errors on every attempt, a timeout, a broken connection, or an answer that could not be read.
/// Messages name the endpoint and the error code; they never carry credentials or signatures.
/// </summary>
public sealed class IamCallException : Exception
{
    public IamCallException(string message, string? errorCode, HttpStatusCode? statusCode, Exception? innerException)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    /// <summary>IAM's error code (<c>SignatureDoesNotMatch</c>, <c>Throttling</c>, ...), or null when nothing was answered.</summary>
    public string? ErrorCode { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>True when the call ran out of time rather than being refused.</summary>
    public bool IsTimeout { get; private init; }

    internal static IamCallException From(Exception e, Uri endpoint, IamOracleOptions options, int page)
    {
        var attempts = options.MaxAttempts == 1 ? "1 attempt" : $"{options.MaxAttempts} attempts";
        var pageText = page == 1 ? "" : $" (page {page})";
        if (e is AmazonServiceException { ErrorCode: { Length: > 0 } code } service)
        {
            var retried = Retried(code, service.StatusCode) ? $" after {attempts}" : "";
            return new IamCallException(
                $"IAM at {endpoint} refused SimulateCustomPolicy{pageText}{retried}: {code} (HTTP {(int)service.StatusCode}): {service.Message}" +
                (service.RequestId is { Length: > 0 } id ? $" [request id {id}]" : ""),
                code, service.StatusCode, e);
        }
        if (e is AmazonServiceException unnamed)
        {
            return new IamCallException(
                $"IAM at {endpoint} answered SimulateCustomPolicy{pageText} with HTTP {(int)unnamed.StatusCode} and no IAM error code: {unnamed.Message}",
                null, unnamed.StatusCode, e);
        }
        if (IsTimeoutFailure(e))
        {
            return new IamCallException(
                $"IAM at {endpoint} did not answer SimulateCustomPolicy{pageText} within the timeout of {options.EffectiveTimeout.TotalSeconds:0.###} s on any of {attempts}",
                null, null, e) { IsTimeout = true };
        }
        if (e is FormatException or System.Xml.XmlException)
        {
            return new IamCallException($"IAM at {endpoint} answered SimulateCustomPolicy{pageText} with a response this client cannot read: {e.Message}", null, null, e);
        }
        return new IamCallException(
            $"could not reach IAM at {endpoint} for SimulateCustomPolicy{pageText} after {attempts}: {Innermost(e).Message}", null, null, e);
    }

    /// <summary>What standard retry mode retries: throttling and server errors.</summary>
    private static bool Retried(string code, HttpStatusCode status) =>
        code is "Throttling" or "ThrottlingException" or "RequestLimitExceeded" || (int)status >= 500;

    private static bool IsTimeoutFailure(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is TimeoutException or OperationCanceledException)
            {
                return true;
            }
        }
        return false;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }
}
