using System.Collections.Immutable;
using System.Globalization;
using Conformance.Model.SendCommand;
using Conformance.Model.Simulation;

namespace Conformance.Benchmarks.Corpus;

/// <summary>
/// One Run Command call at the scale of issue 11: the seed's tag policy
/// (<c>docs/examples/run-command/1-finance-webservers.json</c>, the first example of "Setting up Run Command") and one
/// <c>ssm:SendCommand</c> that targets a 200-node fleet by tag. Every check the call needs
/// (<see cref="SendCommandAuthorizer.Expand"/>: the document, each node, the Systems Manager leg) becomes the
/// SimulateCustomPolicy input <see cref="AuthorizationCheck.ToSimulationRequest"/> makes of it.
/// </summary>
public static class SendCommandFleet
{
    public const int Nodes = 200;

    /// <summary>The checks of the call: the document, 200 nodes, the Systems Manager leg.</summary>
    public const int Checks = Nodes + 2;

    private static readonly string?[] FinanceValues = ["WebServers", "WebServers", "WebServer", "webservers", "Databases", null];

    public static string TagPolicy()
    {
        using var stream = typeof(SendCommandFleet).Assembly.GetManifestResourceStream("Conformance.Benchmarks.1-finance-webservers.json")
            ?? throw new InvalidOperationException("the embedded seed policy 1-finance-webservers.json is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>A fleet of <see cref="Nodes"/> EC2 and hybrid nodes in one region and account, all tagged
    /// <c>Team=ops</c>, with a Finance tag that matches, has the wrong value or case, or is absent; and the call that
    /// targets <c>tag:Team = ops</c> with <c>AWS-RunShellScript</c> through a VPC endpoint.</summary>
    public static SendCommandRequest Call()
    {
        var random = new Random(20261130);
        var nodes = Enumerable.Range(0, Nodes).Select(i =>
        {
            var id = (random.Next(4) == 0 ? "mi-" : "i-") + i.ToString("x17", CultureInfo.InvariantCulture);
            var tags = ImmutableArray.CreateBuilder<Tag>();
            tags.Add(new Tag("Team", "ops"));
            if (FinanceValues[random.Next(FinanceValues.Length)] is { } finance)
            {
                tags.Add(new Tag("Finance", finance));
            }
            return new ManagedNode(id, "us-east-2", RunCommandPolicies.Account, tags.ToImmutable());
        }).ToImmutableArray();
        return new SendCommandRequest("aws", "us-east-2", RunCommandPolicies.Account,
            new DocumentReference.AwsOwned("AWS-RunShellScript"),
            new Targeting.ByTargets([new Target("tag:Team", ["ops"])]),
            new Fleet(nodes),
            new CallerContext(new CallerNetwork.VpcEndpoint(SendCommandCorpus.Endpoint), CallerArn: "arn:aws:iam::111122223333:role/Operator"));
    }

    /// <summary>Every check of <see cref="Call"/> under the tag policy, as SimulateCustomPolicy input.</summary>
    public static SimulationRequest[] Requests()
    {
        var policies = new PolicyTexts([TagPolicy()]);
        var requests = SendCommandAuthorizer.Expand(Call()).Select(check => check.ToSimulationRequest(policies)).ToArray();
        if (requests.Length != Checks)
        {
            throw new InvalidOperationException($"the call makes {requests.Length} checks, not {Checks}");
        }
        return requests;
    }
}
