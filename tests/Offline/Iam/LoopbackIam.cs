using System.Collections.Concurrent;
using System.Collections.Immutable;
using Amazon.Runtime;
using Conformance.Iam;
using Conformance.Iam.Loopback;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Iam;

/// <summary>An in-process loopback IAM endpoint on a random 127.0.0.1 port, fake credentials, and everything logged.</summary>
public sealed class LoopbackIam : IAsyncDisposable
{
    // Canary values: a test fails if either ever shows up in a message or a log line.
    public const string AccessKeyId = "AKIDCANARYLOOPBACK01";
    public const string SecretAccessKey = "SECRETCANARY-do-not-print-0123456789abcdef";

    private LoopbackIam(LoopbackIamServer server, ConcurrentQueue<string> log)
    {
        Server = server;
        Log = log;
    }

    /// <summary>Every line the endpoint and the oracle logged.</summary>
    public ConcurrentQueue<string> Log { get; }

    public LoopbackIamServer Server { get; }

    public static async Task<LoopbackIam> StartAsync(params LoopbackCredentials[] extra)
    {
        var log = new ConcurrentQueue<string>();
        var server = await LoopbackIamServer.StartAsync(new LoopbackIamOptions(
            Port: 0,
            Credentials: [new LoopbackCredentials(AccessKeyId, SecretAccessKey), .. extra],
            Log: log.Enqueue));
        return new LoopbackIam(server, log);
    }

    /// <summary>An oracle signing with the canary credentials (or <paramref name="credentials"/>), pointed at this endpoint.</summary>
    public IamSimulationOracle Oracle(
        int maxAttempts = 3, TimeSpan? timeout = null, AWSCredentials? credentials = null, Action<ClientConfig>? configure = null) =>
        new(new IamOracleOptions(Endpoint: Server.Endpoint, MaxAttempts: maxAttempts, Timeout: timeout ?? TimeSpan.FromSeconds(10)),
            credentials ?? new BasicAWSCredentials(AccessKeyId, SecretAccessKey), Log.Enqueue, configure);

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>SimulateCustomPolicy questions covering every request member the wire carries.</summary>
public static class IamRequests
{
    public const string Document = "arn:aws:ssm:us-east-1::document/AWS-RunShellScript";
    public const string Instance = "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0";

    public static SimulationRequest RunCommandTagged(string tag) => new(
        PolicyInputList: [Cli.CliRequests.RunCommandTagPolicy],
        ActionNames: ["ssm:SendCommand"],
        ResourceArns: [Document, Instance],
        ContextEntries: [new ContextEntry("ssm:resourceTag/Finance", [tag], ContextKeyType.String)]);

    /// <summary>Context entries of six types, one key left missing so that MissingContextValues is not empty.</summary>
    public static readonly SimulationRequest TypedContext = new(
        PolicyInputList:
        [
            """
            {"Version":"2012-10-17","Statement":[{"Sid":"Typed","Effect":"Allow","Action":"ssm:SendCommand","Resource":"*","Condition":{
              "NumericLessThan":{"ssm:test/Count":"10"},
              "Bool":{"aws:MultiFactorAuthPresent":"true"},
              "DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"},
              "IpAddress":{"aws:SourceIp":"10.0.0.0/8"},
              "ForAnyValue:StringEquals":{"aws:TagKeys":["Env","Team"]},
              "BinaryEquals":{"ssm:test/Blob":"QUJD"}}},
             {"Sid":"NeedsTls","Effect":"Allow","Action":"ssm:ListCommands","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}
            """,
        ],
        ActionNames: ["ssm:SendCommand", "ssm:ListCommands"],
        ContextEntries:
        [
            new("ssm:test/Count", ["3"], ContextKeyType.Numeric),
            new("aws:MultiFactorAuthPresent", ["true"], ContextKeyType.Boolean),
            new("aws:CurrentTime", ["2024-06-01T12:00:00Z"], ContextKeyType.Date),
            new("aws:SourceIp", ["10.1.2.3"], ContextKeyType.Ip),
            new("aws:TagKeys", ["Team", "Owner & Co <x>"], ContextKeyType.StringList),
            new("ssm:test/Blob", ["QUJD"], ContextKeyType.Binary),
        ]);

    public static readonly SimulationRequest Boundary = new(
        PolicyInputList: ["""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:*","Resource":"*"}}"""],
        ActionNames: ["ssm:SendCommand", "ssm:ListCommands"],
        PermissionsBoundaryPolicyInputList: ["""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:SendCommand","Resource":"arn:aws:ssm:*:*:document/*"}}"""],
        ResourceArns: [Document]);

    public static readonly SimulationRequest ResourcePolicy = new(
        PolicyInputList: ["""{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}}"""],
        ActionNames: ["s3:GetObject", "s3:DeleteObject", "s3:PutObject"],
        ResourceArns: ["arn:aws:s3:::conformance-bucket/reports/2024.csv"],
        ResourcePolicy: """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":["s3:GetObject","s3:DeleteObject"],"Resource":"arn:aws:s3:::conformance-bucket/*"}}""",
        ResourceOwner: "arn:aws:iam::123456789012:root",
        CallerArn: "arn:aws:iam::123456789012:user/alice");

    /// <summary>Two organization levels: the root allows everything, the account's level only ssm:SendCommand.</summary>
    public static readonly SimulationRequest Organizations = new(
        PolicyInputList: ["""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:*","Resource":"*"}}"""],
        ActionNames: ["ssm:SendCommand", "ssm:ListCommands"],
        OrderedOrganizationPolicyInputList:
        [
            new OrganizationPolicyLevel(["""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"""]),
            new OrganizationPolicyLevel(["""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:SendCommand","Resource":"*"}}"""]),
        ]);

    /// <summary>Forty instances, every fifth one explicitly denied by tag-free ARN pattern.</summary>
    public static readonly SimulationRequest ManyResources = new(
        PolicyInputList:
        [
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:SendCommand","Resource":"*"},{"Effect":"Deny","Action":"ssm:SendCommand","Resource":"arn:aws:ec2:*:*:instance/i-*5"}]}""",
        ],
        ActionNames: ["ssm:SendCommand"],
        ResourceArns: [.. Enumerable.Range(0, 40).Select(i => $"arn:aws:ec2:us-east-1:123456789012:instance/i-{i:D16}")]);

    /// <summary>ActionNames takes no wildcards: IAM answers InvalidInput.</summary>
    public static readonly SimulationRequest Invalid = new(
        PolicyInputList: ["""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:*","Resource":"*"}}"""],
        ActionNames: ["ssm:Send*"]);

    public static SimulationRequest ManyActions(int count) => new(
        PolicyInputList: ["""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ssm:List*","Resource":"*"}}"""],
        ActionNames: [.. Enumerable.Range(0, count).Select(i => i % 2 == 0 ? $"ssm:ListThing{i}" : $"ssm:SendThing{i}")]);

    /// <summary>Both outcomes as text: the aws-cli JSON of a result, or code and message of an error.</summary>
    public static string Describe(SimulationOutcome outcome) =>
        outcome.Error is { } error ? $"error {error.Code}: {error.Message}" : SimulationJson.WriteResult(outcome.Result!);
}
