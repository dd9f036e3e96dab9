namespace Conformance.Iam;

/// <summary>The AWS partitions IAM runs in, each with its own global endpoint and signing region.</summary>
public enum IamPartition { Aws, China, GovCloud }

/// <summary>
/// How <see cref="IamSimulationOracle"/> reaches IAM. Credentials are not part of the options: they come from the
/// SDK's default chain (environment, shared profile, SSO, web identity), from <see cref="Profile"/>, or are passed to
/// the oracle's constructor, so that printing the options can never print a secret.
/// </summary>
/// <param name="Endpoint">Overrides the endpoint; when null, <c>AWS_ENDPOINT_URL_IAM</c>, then <c>AWS_ENDPOINT_URL</c>,
/// then the partition's global endpoint.</param>
/// <param name="Partition">Chooses the global endpoint and the signing region (us-east-1, cn-north-1, us-gov-west-1).</param>
/// <param name="Timeout">How long one attempt may take before it is abandoned.</param>
/// <param name="MaxAttempts">Attempts per page, the first included (standard retry mode: throttling backs off).</param>
/// <param name="Profile">A shared-config profile name to take credentials from instead of the default chain.</param>
public sealed record IamOracleOptions(
    Uri? Endpoint = null,
    IamPartition Partition = IamPartition.Aws,
    TimeSpan? Timeout = null,
    int MaxAttempts = 3,
    string? Profile = null)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public TimeSpan EffectiveTimeout => Timeout ?? DefaultTimeout;

    /// <summary>The region IAM requests are signed for: IAM is global, so this never follows a configured region.</summary>
    public string SigningRegion => Partition switch
    {
        IamPartition.Aws => "us-east-1",
        IamPartition.China => "cn-north-1",
        IamPartition.GovCloud => "us-gov-west-1",
        _ => throw new ArgumentOutOfRangeException(nameof(Partition), Partition, "unknown partition"),
    };

    /// <summary>The partition's global IAM endpoint (iam-facts §f, "Transport").</summary>
    public Uri PartitionEndpoint => Partition switch
    {
        IamPartition.Aws => new Uri("https://iam.amazonaws.com"),
        IamPartition.China => new Uri("https://iam.cn-north-1.amazonaws.com.cn"),
        IamPartition.GovCloud => new Uri("https://iam.us-gov.amazonaws.com"),
        _ => throw new ArgumentOutOfRangeException(nameof(Partition), Partition, "unknown partition"),
    };

    /// <summary>The endpoint requests go to: the explicit option, <c>AWS_ENDPOINT_URL_IAM</c>, <c>AWS_ENDPOINT_URL</c>,
    /// or the partition's endpoint, in that order. <paramref name="environment"/> reads a variable (tests pass their own).</summary>
    public Uri ResolveEndpoint(Func<string, string?>? environment = null)
    {
        if (Endpoint is not null)
        {
            return Endpoint;
        }
        environment ??= Environment.GetEnvironmentVariable;
        foreach (var variable in new[] { "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL" })
        {
            if (environment(variable) is { Length: > 0 } value)
            {
                return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                    ? uri
                    : throw new ArgumentException($"{variable} is \"{value}\", which is not an absolute http or https URL such as http://127.0.0.1:4566");
            }
        }
        return PartitionEndpoint;
    }

    /// <summary>Checks the values a person typed; says what would be accepted.</summary>
    public void Validate()
    {
        if (MaxAttempts is < 1 or > 10)
        {
            throw new ArgumentException($"MaxAttempts is {MaxAttempts}; give 1 to 10 attempts (1 means no retries)");
        }
        if (Timeout is { } t && (t <= TimeSpan.Zero || t > TimeSpan.FromMinutes(10)))
        {
            throw new ArgumentException($"Timeout is {t}; give more than zero and at most 10 minutes");
        }
    }
}
