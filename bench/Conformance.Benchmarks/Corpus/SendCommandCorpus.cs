using System.Collections.Immutable;
using System.Globalization;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Benchmarks.Corpus;

/// <summary>What the corpus generator makes; the defaults are what the benchmarks measure.</summary>
/// <param name="Seed">Same seed, same corpus, byte for byte.</param>
/// <param name="Cases">SendCommand calls: one document and some targeted nodes each.</param>
/// <param name="FleetSize">Nodes to target, EC2 (<c>i-</c>) and hybrid (<c>mi-</c>).</param>
/// <param name="MaxTargets">Nodes one call targets, at most (the API takes 50 instance IDs).</param>
/// <param name="BoundaryShare">Share of cases with a permissions boundary.</param>
/// <param name="GuardrailShare">Share of cases that also carry the Deny guard rails.</param>
public sealed record CorpusSettings(
    int Seed = 20260529,
    int Cases = 200,
    int FleetSize = 300,
    int MaxTargets = 20,
    double BoundaryShare = 0.3,
    double GuardrailShare = 0.4);

/// <summary>A managed node: its ARN and its tags.</summary>
public sealed record FleetNode(string Arn, ImmutableArray<KeyValuePair<string, string>> Tags);

/// <summary>
/// One per-resource authorization question of a SendCommand call, ready for both benchmark lines: pre-parsed
/// for <see cref="PolicyEvaluator.Evaluate"/> and as the SimulateCustomPolicy input for <see cref="ModelSimulator.Simulate"/>.
/// </summary>
public sealed record ResourceQuestion(int Case, PolicySet Policies, AuthorizationRequest Request, SimulationRequest Simulation);

/// <summary>
/// A deterministic corpus of SendCommand calls against a tagged fleet. Each call is authorized per resource
/// (iam-facts §e): the document, then each targeted node with its tags as both <c>ssm:resourceTag/&lt;key&gt;</c>
/// and <c>aws:ResourceTag/&lt;key&gt;</c>, on top of the caller's context.
/// </summary>
public sealed class SendCommandCorpus
{
    public const string SendCommand = "ssm:SendCommand";
    public const string Endpoint = "vpce-1a2b3c4d5e6f70819";

    private static readonly string[] Regions = ["us-east-2", "us-west-1", "eu-west-1"];
    private static readonly string[] Accounts = [RunCommandPolicies.Account, RunCommandPolicies.Account, "444455556666"];
    private static readonly string[] Callers =
    [
        "arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/bob",
        "arn:aws:iam::111122223333:role/AdminOps", "arn:aws:iam::111122223333:role/Deployer",
    ];

    // Tag values: the matching one, a wrong value (the seed page's own WebServer/WebServers slip), a wrong case,
    // and null for an absent tag.
    private static readonly string?[] Finance = ["WebServers", "WebServers", "WebServers", "WebServer", "webservers", "Databases", null];
    private static readonly string?[] Environment = ["Production", "Production", "production", "Prod", "Staging", "Staging", "staging", null];
    private static readonly string?[] Owner = ["alice", "alice", "bob", "Alice", null];

    private SendCommandCorpus(CorpusSettings settings, ImmutableArray<FleetNode> fleet, ImmutableArray<ResourceQuestion> questions)
    {
        Settings = settings;
        Fleet = fleet;
        Questions = questions;
    }

    public CorpusSettings Settings { get; }

    public ImmutableArray<FleetNode> Fleet { get; }

    /// <summary>Every per-resource question, case by case, the document first in each case.</summary>
    public ImmutableArray<ResourceQuestion> Questions { get; }

    public static SendCommandCorpus Generate(CorpusSettings settings)
    {
        var random = new Random(settings.Seed);
        var fleet = Enumerable.Range(0, settings.FleetSize).Select(_ => Node(random)).ToImmutableArray();
        var questions = ImmutableArray.CreateBuilder<ResourceQuestion>();
        for (var c = 0; c < settings.Cases; c++)
        {
            AddCase(c, random, settings, fleet, questions);
        }
        return new SendCommandCorpus(settings, fleet, questions.ToImmutable());
    }

    private static void AddCase(int index, Random random, CorpusSettings settings, ImmutableArray<FleetNode> fleet,
        ImmutableArray<ResourceQuestion>.Builder questions)
    {
        var grants = RunCommandPolicies.Grants;
        var identity = ImmutableArray.CreateBuilder<string>();
        identity.Add(grants[random.Next(grants.Count)]);
        if (random.NextDouble() < 0.5)
        {
            identity.Add(grants[random.Next(grants.Count)]);
        }
        if (random.NextDouble() < settings.GuardrailShare)
        {
            identity.Insert(random.Next(identity.Count + 1), RunCommandPolicies.Guardrails);
        }
        ImmutableArray<string> boundary = random.NextDouble() < settings.BoundaryShare
            ? [RunCommandPolicies.Boundaries[random.Next(RunCommandPolicies.Boundaries.Count)]]
            : [];
        var caller = Callers[random.Next(Callers.Length)];
        var callerContext = CallerContext(random);
        var document = Document(random);
        var targets = Enumerable.Range(0, 1 + random.Next(settings.MaxTargets))
            .Select(_ => fleet[random.Next(fleet.Length)])
            .ToList();

        PolicySet? policies = null;
        Add(document, []);
        foreach (var node in targets)
        {
            Add(node.Arn, node.Tags);
        }

        void Add(string resource, ImmutableArray<KeyValuePair<string, string>> tags)
        {
            var simulation = new SimulationRequest(
                PolicyInputList: identity.ToImmutable(),
                ActionNames: [SendCommand],
                PermissionsBoundaryPolicyInputList: boundary,
                ResourceArns: [resource],
                CallerArn: caller,
                ContextEntries: [.. callerContext, .. TagEntries(tags)]);
            var (error, compiled) = ModelSimulator.Compile(simulation);
            if (error is not null)
            {
                throw new InvalidOperationException($"corpus case {index} does not compile: {error}");
            }
            // Parsed once per case, as a caller of the evaluator would: every resource shares the PolicySet.
            policies ??= compiled!.Value.Policies;
            var request = new AuthorizationRequest(SendCommand, resource, compiled!.Value.Context, caller);
            questions.Add(new ResourceQuestion(index, policies, request, simulation));
        }
    }

    private static IEnumerable<ContextEntry> TagEntries(ImmutableArray<KeyValuePair<string, string>> tags)
    {
        foreach (var (key, value) in tags)
        {
            yield return new ContextEntry($"ssm:resourceTag/{key}", [value], ContextKeyType.String);
            yield return new ContextEntry($"aws:ResourceTag/{key}", [value], ContextKeyType.String);
        }
    }

    private static ImmutableArray<ContextEntry> CallerContext(Random random)
    {
        var entries = ImmutableArray.CreateBuilder<ContextEntry>();
        var vpce = random.NextDouble();
        if (vpce < 0.4)
        {
            entries.Add(new ContextEntry("aws:SourceVpce", [Endpoint], ContextKeyType.String));
        }
        else if (vpce < 0.5)
        {
            entries.Add(new ContextEntry("aws:SourceVpce", ["vpce-0fedcba987654321f"], ContextKeyType.String));
        }
        var via = random.NextDouble();
        if (via < 0.6)
        {
            // Present on every real call (true on the service's own leg); absent in a simulation unless supplied.
            entries.Add(new ContextEntry("aws:ViaAWSService", [via < 0.3 ? "true" : "false"], ContextKeyType.Boolean));
        }
        return entries.ToImmutable();
    }

    private static string Document(Random random)
    {
        var region = Regions[random.Next(Regions.Length)];
        return random.Next(5) switch
        {
            0 => $"arn:aws:ssm:{region}:{RunCommandPolicies.Account}:document/MyRunbook",
            1 => $"arn:aws:ssm:{region}:{RunCommandPolicies.Account}:document/PatchNow",
            2 => $"arn:aws:ssm:{region}::document/AWS-RunPowerShellScript",
            3 => $"arn:aws:ssm:{region}::document/AWS-UpdateSSMAgent",
            _ => $"arn:aws:ssm:{region}::document/AWS-RunShellScript",
        };
    }

    private static FleetNode Node(Random random)
    {
        var region = Regions[random.Next(Regions.Length)];
        var account = Accounts[random.Next(Accounts.Length)];
        var id = random.NextInt64(0, long.MaxValue).ToString("x16", CultureInfo.InvariantCulture) + random.Next(16).ToString("x", CultureInfo.InvariantCulture);
        var arn = random.Next(4) == 0
            ? $"arn:aws:ssm:{region}:{account}:managed-instance/mi-{id}"
            : $"arn:aws:ec2:{region}:{account}:instance/i-{id}";
        var tags = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        Tag("Finance", Finance);
        Tag("Environment", Environment);
        Tag("Owner", Owner);
        if (random.Next(20) == 0)
        {
            tags.Add(new("Quarantine", "true"));
        }
        return new FleetNode(arn, tags.ToImmutable());

        void Tag(string key, string?[] values)
        {
            if (values[random.Next(values.Length)] is { } value)
            {
                tags.Add(new(key, value));
            }
        }
    }
}
