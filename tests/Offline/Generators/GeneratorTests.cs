using System.Collections.Immutable;
using Conformance.Generators;
using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;
using Conformance.Model.SendCommand;
using Conformance.Model.Simulation;
using Conformance.Offline.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Conformance.Offline.Tests.Generators;

/// <summary>Generators for domain types only (never for string or int).</summary>
public static class GeneratorArbitraries
{
    public static Arbitrary<PolicyCase> PolicyCase() => PolicyGenerators.Cases();
    public static Arbitrary<SendCommandCase> SendCommandCase() => SendCommandGenerators.Cases();
    public static Arbitrary<Fleet> Fleet() => FleetGenerators.Fleets();
}

/// <summary>The generators keep AWS's limits, stay consistent, honour their switches, and put the same question to the
/// simulator as the case itself.</summary>
[Properties(Arbitrary = [typeof(GeneratorArbitraries)])]
public sealed class GeneratorTests
{
    private const ulong Seed = 7UL;

    // https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html (key ≤ 128, value ≤ 256, ≤ 50 tags a resource)
    [ConformanceProperty]
    public bool Fleet_Tags_Respect_AwsLimits(Fleet fleet) =>
        fleet.Nodes.All(n => n.Tags.Length <= TagGenerators.MaxTagsPerResource &&
                             n.Tags.All(t => TagGenerators.IsValidKey(t.Key) && TagGenerators.IsValidValue(t.Value)) &&
                             n.Tags.Select(t => t.Key.ToLowerInvariant()).Distinct().Count() == n.Tags.Length) &&
        fleet.Nodes.Select(n => n.InstanceId).Distinct().Count() == fleet.Nodes.Length;

    [Fact]
    public void TagSet_AtTheLimits_ReachesButNeverExceedsThem()
    {
        // https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html ("Tag naming limits and requirements")
        var sets = TagGenerators.TagSet(80).Sample(400, new Rnd(Seed), 50);
        var tags = sets.SelectMany(s => s).ToList();

        Assert.All(sets, s => Assert.InRange(s.Length, 0, TagGenerators.MaxTagsPerResource));
        Assert.All(tags, t => Assert.True(TagGenerators.IsValidKey(t.Key) && TagGenerators.IsValidValue(t.Value), $"invalid tag {t}"));
        Assert.Equal(TagGenerators.MaxKeyLength, tags.Max(t => t.Key.Length));
        Assert.Equal(TagGenerators.MaxValueLength, tags.Max(t => t.Value.Length));
        Assert.Contains(tags, t => t.Value.Length == 0);
        Assert.Contains(tags, t => t.Value.Contains('*') || t.Value.Contains('?'));
        Assert.Contains(tags, t => t.Key.EndsWith(' '));
        Assert.Contains(tags, t => t.Key == "Finance" || t.Key == "Environment");
        Assert.True(GeneratorSettings.Default with { MaxTagsPerNode = 80 } is { TagsPerResource: TagGenerators.MaxTagsPerResource });
    }

    [Fact]
    public void ShrinkTagSet_Candidates_AreSmallerAndStayValid()
    {
        ImmutableArray<Tag> tags = [new("Finance", "WebServers"), new(new string('k', 128), new string('v', 256))];

        var shrunk = TagGenerators.ShrinkTagSet(tags).ToList();

        Assert.Contains(shrunk, s => s.Length == 1);
        Assert.All(shrunk, s => Assert.True(s.Sum(t => t.Key.Length + t.Value.Length) < tags.Sum(t => t.Key.Length + t.Value.Length)));
        Assert.All(shrunk.SelectMany(s => s), t => Assert.True(TagGenerators.IsValidKey(t.Key) && TagGenerators.IsValidValue(t.Value)));
    }

    [ConformanceProperty]
    public bool SendCommandCase_Targets_ExistingNodesOfTheCallsRegionAndAccount(SendCommandCase c)
    {
        var nodes = SendCommandAuthorizer.TargetedNodes(c.Request);
        var idsInFleet = c.Request.Targeting is not Targeting.ByInstanceIds ids ||
                         ids.InstanceIds.All(id => c.Request.Fleet.Find(id) is not null);
        return !nodes.IsEmpty && idsInFleet && nodes.All(n => n.Region == c.Request.Region && n.Account == c.Request.Account);
    }

    [Fact]
    public void SendCommandShrink_Candidates_StayConsistentAndSmaller()
    {
        foreach (var c in SendCommandGenerators.CaseGen(GeneratorSettings.Default).Sample(30, new Rnd(Seed), 50))
        {
            foreach (var smaller in SendCommandGenerators.Shrink(c))
            {
                Assert.NotEmpty(SendCommandAuthorizer.TargetedNodes(smaller.Request)); // throws when inconsistent
                Assert.True(Weight(smaller) < Weight(c), $"shrink did not make the case smaller:\n{smaller}");
                _ = smaller.ParsedPolicies;
            }
        }

        static int Weight(SendCommandCase c) =>
            c.Policies.IdentityPolicies.Sum(p => p.Length) + (c.Policies.PermissionsBoundary?.Length ?? 0) +
            c.Request.Fleet.Nodes.Sum(n => 1 + n.Tags.Sum(t => 1 + t.Key.Length + t.Value.Length)) +
            c.Request.Targeting switch
            {
                Targeting.ByInstanceIds ids => ids.InstanceIds.Length,
                Targeting.ByTargets t => t.Targets.Sum(x => 1 + x.Values.Length),
                _ => 0,
            } +
            c.Request.Caller.PrincipalTags.Length + c.Request.Caller.ExtraContext.Length;
    }

    [Fact]
    public void PolicyCaseShrink_Candidates_ParseAndAreSmaller()
    {
        foreach (var c in PolicyGenerators.CaseGen(GeneratorSettings.Default).Sample(50, new Rnd(Seed), 50))
        {
            foreach (var smaller in PolicyGenerators.Shrink(c))
            {
                _ = smaller.Policies;
                Assert.True(smaller.IdentityPolicies.Sum(p => p.Length) + (smaller.PermissionsBoundary?.Length ?? 0) + smaller.Request.Context.Values.Count()
                            < c.IdentityPolicies.Sum(p => p.Length) + (c.PermissionsBoundary?.Length ?? 0) + c.Request.Context.Values.Count());
            }
        }
    }

    // The simulator answers with the model: the generated SimulationRequest must put exactly the case's question.
    [ConformanceProperty]
    public bool PolicyCase_SimulationRequest_GetsTheCasesDecision(PolicyCase c)
    {
        // The simulator decides a resource outside the action's resource types before reading the policies.
        var expected = ModelSimulator.Decide(c.Policies, c.Request, Conformance.Model.Services.ServiceReference.Default);
        var answer = Answer(c.ToSimulationRequest());
        return answer.EvalDecision == expected.Decision &&
               answer.MissingContextValues.SequenceEqual(expected.MissingContextValues);
    }

    [ConformanceProperty]
    public bool SendCommandCase_SimulationRequests_GetEachChecksDecision(SendCommandCase c)
    {
        var decision = c.Authorize();
        var requests = c.ToSimulationRequests();
        return requests.Length == decision.Checks.Length &&
               requests.Zip(decision.Checks).All(p => Answer(p.First).EvalDecision == p.Second.Decision.Decision &&
                                                      p.First.ResourceArns.Single() == p.Second.Check.ResourceArn);
    }

    private static EvaluationResult Answer(SimulationRequest request)
    {
        // Through the JSON text, as `conformance generate` writes it and `aws iam simulate-custom-policy` reads it.
        var roundTripped = SimulationJson.ReadRequestOrThrow(SimulationJson.WriteRequest(request, indented: false));
        var outcome = ModelSimulator.Simulate(roundTripped);
        Assert.Null(outcome.Error);
        return outcome.Result!.EvaluationResults.Single();
    }

    [Fact]
    public void Switches_TurnedOff_RemoveTheirFeatures()
    {
        var off = GeneratorSettings.Default with
        {
            PolicyVariables = false, IpConditions = false, DateConditions = false, NumericConditions = false,
            BinaryConditions = false, SetQualifiers = false, IfExists = false, Boundaries = false,
        };
        var policyCases = PolicyGenerators.CaseGen(off).Sample(300, new Rnd(Seed), 50);
        var sendCases = SendCommandGenerators.CaseGen(off).Sample(100, new Rnd(Seed), 50);
        var conditions = policyCases.SelectMany(c => CaseClassifier.Conditions(c.Policies))
            .Concat(sendCases.SelectMany(c => CaseClassifier.Conditions(c.ParsedPolicies))).ToList();

        Assert.NotEmpty(conditions);
        Assert.DoesNotContain(conditions, c => c.Operator.Family is OperatorFamily.Ip or OperatorFamily.Date or OperatorFamily.Numeric or OperatorFamily.Binary);
        Assert.DoesNotContain(conditions, c => c.Operator.Qualifier != SetQualifier.None || c.Operator.IfExists);
        Assert.DoesNotContain(conditions, c => c.Values.Any(v => v.HasVariables));
        Assert.All(policyCases, c => Assert.Null(c.PermissionsBoundary));
        Assert.All(sendCases, c => Assert.Null(c.Policies.PermissionsBoundary));
        Assert.DoesNotContain(policyCases.SelectMany(c => c.Policies.IdentityPolicies).SelectMany(p => p.Statements)
            .SelectMany(s => s.Resource.Patterns), p => p.Template.HasVariables);
        Assert.All(sendCases, c => Assert.IsType<CallerNetwork.VpcEndpoint>(c.Request.Caller.Network));
    }

    [Fact]
    public void Switches_On_ProduceTheirFeatures()
    {
        var cases = PolicyGenerators.CaseGen(GeneratorSettings.Default).Sample(500, new Rnd(Seed), 50);
        var conditions = cases.SelectMany(c => CaseClassifier.Conditions(c.Policies)).ToList();

        Assert.Contains(conditions, c => c.Operator.Qualifier == SetQualifier.ForAllValues);
        Assert.Contains(conditions, c => c.Operator.Qualifier == SetQualifier.ForAnyValue);
        Assert.Contains(conditions, c => c.Operator.IfExists);
        Assert.Contains(conditions, c => c.Values.Any(v => v.HasVariables));
        Assert.Contains(cases, c => c.PermissionsBoundary is not null);
        Assert.Contains(conditions, c => c.ContextKeyName.StartsWith("aws:ResourceTag/", StringComparison.Ordinal));
        Assert.Contains(conditions, c => c.ContextKeyName.StartsWith("ssm:resourceTag/", StringComparison.Ordinal));
        Assert.Contains(cases, c => c.Policies.IdentityPolicies.SelectMany(p => p.Statements).Any(s => s.Action.IsNot || s.Resource.IsNot));
        Assert.Contains(cases, c => c.Policies.IdentityPolicies.SelectMany(p => p.Statements).SelectMany(s => s.Resource.Patterns)
            .Any(p => p.Template.Text.Contains("::document/", StringComparison.Ordinal)));
    }

    [Fact]
    public void Generators_SameSeed_SameCases()
    {
        static string Text(ulong seed) => string.Join("\n",
            PolicyGenerators.CaseGen(GeneratorSettings.Default).Sample(20, new Rnd(seed), 50).Select(c => c.ToString()) .Concat(
            SendCommandGenerators.CaseGen(GeneratorSettings.Default).Sample(20, new Rnd(seed), 50).Select(c => c.ToString())));

        Assert.Equal(Text(Seed), Text(Seed));
        Assert.NotEqual(Text(Seed), Text(Seed + 1));
    }
}
