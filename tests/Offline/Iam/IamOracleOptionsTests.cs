using Conformance.Iam;

namespace Conformance.Offline.Tests.Iam;

/// <summary>Endpoint and signing region resolution. https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html</summary>
public sealed class IamOracleOptionsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void ResolveEndpoint_ExplicitOption_WinsOverEnvironment()
    {
        var options = new IamOracleOptions(Endpoint: new Uri("http://127.0.0.1:1"));
        Assert.Equal(new Uri("http://127.0.0.1:1"), options.ResolveEndpoint(Env(("AWS_ENDPOINT_URL_IAM", "http://127.0.0.1:2"))));
    }

    [Fact]
    public void ResolveEndpoint_ServiceVariable_WinsOverGlobalVariable()
    {
        var env = Env(("AWS_ENDPOINT_URL_IAM", "http://127.0.0.1:2"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:3"));
        Assert.Equal(new Uri("http://127.0.0.1:2"), new IamOracleOptions().ResolveEndpoint(env));
        Assert.Equal(new Uri("http://127.0.0.1:3"), new IamOracleOptions().ResolveEndpoint(Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:3"))));
    }

    [Theory]
    [InlineData(IamPartition.Aws, "https://iam.amazonaws.com/", "us-east-1")]
    [InlineData(IamPartition.China, "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
    [InlineData(IamPartition.GovCloud, "https://iam.us-gov.amazonaws.com/", "us-gov-west-1")]
    public void Partition_ChoosesGlobalEndpointAndSigningRegion(IamPartition partition, string endpoint, string region)
    {
        var options = new IamOracleOptions(Partition: partition);
        Assert.Equal(new Uri(endpoint), options.ResolveEndpoint(Env()));
        Assert.Equal(region, options.SigningRegion);
    }

    [Fact]
    public void ResolveEndpoint_NotAUrl_SaysWhichVariable()
    {
        var error = Assert.Throws<ArgumentException>(() => new IamOracleOptions().ResolveEndpoint(Env(("AWS_ENDPOINT_URL_IAM", "localhost:4566"))));
        Assert.Contains("AWS_ENDPOINT_URL_IAM is \"localhost:4566\"", error.Message);
    }

    [Fact]
    public void Validate_ZeroAttempts_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new IamOracleOptions(MaxAttempts: 0).Validate());
        Assert.Contains("give 1 to 10 attempts", error.Message);
    }
}
