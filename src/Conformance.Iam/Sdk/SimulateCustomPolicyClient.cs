using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Conformance.Model.Simulation;

namespace Conformance.Iam.Sdk;

/// <summary>
/// An AWSSDK.Core service client with exactly one operation, <c>SimulateCustomPolicy</c>. The SDK resolves
/// credentials, signs (SigV4, service <c>iam</c>, the partition's signing region), retries in standard mode and
/// turns error envelopes into <see cref="AmazonServiceException"/>; this class only says where to send what.
/// Invariant: the only request this client can marshal is <see cref="SimulateCustomPolicyWebRequest"/>, whose
/// marshaller writes the constant <c>Action=SimulateCustomPolicy</c>; <c>InvokeAsync</c> is protected, so no
/// other action can leave through it.
/// Uses public types under Amazon.Runtime.Internal, which are not a stable API: AWSSDK.Core is pinned exactly
/// and the loopback tests fail on a break.
/// </summary>
internal sealed class SimulateCustomPolicyClient : AmazonServiceClient
{
    private static readonly InvokeOptions Options = new()
    {
        RequestMarshaller = SimulateCustomPolicyMarshaller.Instance,
        ResponseUnmarshaller = SimulateCustomPolicyUnmarshaller.Instance,
    };

    private SimulateCustomPolicyClient(IamClientConfig config) : base(config)
    {
    }

    private SimulateCustomPolicyClient(AWSCredentials credentials, IamClientConfig config) : base(credentials, config)
    {
    }

    public static SimulateCustomPolicyClient Create(IamOracleOptions options, AWSCredentials? credentials, Action<ClientConfig>? configure)
    {
        options.Validate();
        var config = new IamClientConfig(options.ResolveEndpoint(), options.SigningRegion)
        {
            // A region configured later never changes the signing region: the endpoint provider names it.
            RegionEndpoint = RegionEndpoint.GetBySystemName(options.SigningRegion),
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = options.MaxAttempts - 1,
            Timeout = options.EffectiveTimeout,
            // Endpoint variables are resolved once, in IamOracleOptions.ResolveEndpoint, in a documented order.
            IgnoreConfiguredEndpointUrls = true,
        };
        configure?.Invoke(config);
        if (credentials is not null)
        {
            return new SimulateCustomPolicyClient(credentials, config);
        }
        if (options.Profile is { } profile)
        {
            var chain = new Amazon.Runtime.CredentialManagement.CredentialProfileStoreChain();
            if (!chain.TryGetAWSCredentials(profile, out var fromProfile))
            {
                throw new ArgumentException(
                    $"no credentials for profile \"{profile}\" in the shared config or credentials file; " +
                    "check the name with 'aws configure list-profiles'");
            }
            return new SimulateCustomPolicyClient(fromProfile, config);
        }
        return new SimulateCustomPolicyClient(config);
    }

    public Task<SimulateCustomPolicyResponse> SimulateCustomPolicyAsync(SimulationRequest request, CancellationToken cancellationToken) =>
        InvokeAsync<SimulateCustomPolicyResponse>(new SimulateCustomPolicyWebRequest(request), Options, cancellationToken);

    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        pipeline.RemoveHandler<EndpointResolver>();
        pipeline.AddHandlerAfter<Marshaller>(new IamEndpointResolver());
        pipeline.AddHandlerAfter<IamEndpointResolver>(new IamAuthResolver());
    }

    /// <summary>Supplies the parameters the endpoint provider reads; the provider itself ignores none of them silently.</summary>
    private sealed class IamEndpointResolver : BaseEndpointResolver
    {
        protected override EndpointParameters MapEndpointsParameters(IRequestContext requestContext)
        {
            var parameters = new EndpointParameters();
            parameters["Region"] = requestContext.ClientConfig.RegionEndpoint?.SystemName;
            return parameters;
        }
    }

    /// <summary>IAM speaks SigV4 only.</summary>
    private sealed class IamAuthResolver : BaseAuthResolverHandler
    {
        protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext) =>
            AuthSchemeOption.DEFAULT_SIGV4;
    }
}

/// <summary>The client's configuration: service name <c>iam</c>, API version 2010-05-08, standard retries.</summary>
internal sealed class IamClientConfig : ClientConfig
{
    private readonly IamEndpointProvider provider;

    public IamClientConfig(Uri endpoint, string signingRegion) : base(StandardRetriesEverywhere)
    {
        provider = new IamEndpointProvider(endpoint, signingRegion);
        ServiceId = "IAM";
        AuthenticationServiceName = "iam";
        AuthenticationRegion = signingRegion;
        EndpointProvider = provider;
    }

    /// <summary>Every configuration mode retries in standard mode (throttling backs off with jitter).</summary>
    private static readonly DefaultConfigurationProvider StandardRetriesEverywhere = new(
        Enum.GetValues<DefaultConfigurationMode>().Select(mode => new DefaultConfiguration { Name = mode, RetryMode = RequestRetryMode.Standard }));

    public override string RegionEndpointServiceName => "iam";

    public override string ServiceVersion => "2010-05-08";

    public override string UserAgent => "conformance-iam-oracle";

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) =>
        provider.ResolveEndpoint(new EndpointParameters());
}

/// <summary>One endpoint, and the auth scheme that signs for it: SigV4, service <c>iam</c>, the partition's region.</summary>
internal sealed class IamEndpointProvider(Uri endpoint, string signingRegion) : IEndpointProvider
{
    private readonly string attributes = System.Text.Json.JsonSerializer.Serialize(new
    {
        authSchemes = new[] { new { name = "sigv4", signingName = "iam", signingRegion } },
    });

    public Endpoint ResolveEndpoint(EndpointParameters parameters) =>
        new(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/'), attributes, null);
}
