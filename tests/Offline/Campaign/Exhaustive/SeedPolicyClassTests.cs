using Conformance.Campaign.Directed;
using Conformance.Campaign.Exhaustive;
using Conformance.Iam.Loopback;
using Conformance.Model.Evaluation;
using Conformance.Offline.Tests.Iam;
using Xunit.Abstractions;

using Conformance.Offline.Tests.Support;

namespace Conformance.Offline.Tests.Campaign.Exhaustive;

/// <summary>
/// The exhaustive mode on the four example policies of "Setting up Run Command"
/// (https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html, docs/examples/run-command):
/// the number of classes with the reasoning that gives it, the decisions the page documents, and the same classes put to
/// the loopback endpoint (as it is: every class agrees; with <c>ignore-ssm-resource-tag</c> planted: exactly the classes
/// a resource tag allows are marked).
/// </summary>
public sealed class SeedPolicyClassTests(ITestOutputHelper output)
{
    private static readonly string Examples = RunCommandExamples.Folder;

    private static CampaignPolicies Seed(string file) => CampaignPolicies.Read([Path.Combine(Examples, file)], null, []);

    private async Task<ExhaustiveReport> Table(string file)
    {
        var classes = EquivalenceClasses.Enumerate(Seed(file).Questions);
        var report = await ExhaustiveRun.RunAsync(classes);
        output.WriteLine(DecisionTable.Write(report));
        return report;
    }

    private static IEnumerable<ClassDecision> Where(ExhaustiveReport report, string action, string resourcePart, params string[] context) =>
        report.Decisions.Where(d => d.Class.Action == action && d.Class.Resource.Contains(resourcePart, StringComparison.Ordinal) &&
                                    d.Class.Context.Select(e => $"{e.ContextKeyName}={string.Join("|", e.ContextKeyValues)}").Order().SequenceEqual(context.Order()));

    private static IEnumerable<ClassDecision> OnAnyContext(ExhaustiveReport report, string action, string resourcePart) =>
        report.Decisions.Where(d => d.Class.Action == action && d.Class.Resource.Contains(resourcePart, StringComparison.Ordinal));

    [Fact]
    public async Task FinanceWebServers_Has14Classes_AndAllowsInstancesOnlyWithTheTag()
    {
        var report = await Table("1-finance-webservers.json");
        // Action × resource, 7: the resource-type rule fails (1 class, nothing else matters), or it holds and the action is
        // ssm:SendCommand or another (2) × the resource is a document (S1), an EC2 instance (S2) or neither, such as a
        // managed instance (3) = 1 + 6. ssm:resourceTag/Finance, 2: StringLike "WebServers" matches, or not (absent, another
        // value and several values all fail a positive operator without a set qualifier). 7 × 2 = 14.
        Assert.Equal(14, (int)report.Classes.Count);
        Assert.Equal([7, 2], report.Classes.Parts.Select(p => p.Classes.Length));
        Assert.Equal(EvalDecision.Allowed, Assert.Single(Where(report, "ssm:SendCommand", ":instance/", "ssm:resourceTag/Finance=WebServers")).ModelDecision);
        Assert.Equal(EvalDecision.ImplicitDeny, Assert.Single(Where(report, "ssm:SendCommand", ":instance/")).ModelDecision);
        Assert.Equal(EvalDecision.ImplicitDeny, Assert.Single(Where(report, "ssm:SendCommand", ":managed-instance/mi-", "ssm:resourceTag/Finance=WebServers")).ModelDecision);
        Assert.All(OnAnyContext(report, "ssm:SendCommand", ":document/"), d => Assert.Equal(EvalDecision.Allowed, d.ModelDecision));
        Assert.Equal(3, report.Decisions.Count(d => d.ModelDecision == EvalDecision.Allowed));
    }

    [Theory]
    [InlineData("2-two-tags.json", 1)]
    [InlineData("3-either-tag.json", 3)]
    public async Task TwoTagPolicies_Have28Classes_AndDifferOnlyInWhichTagsANodeNeeds(string file, int allowedOfTheFourTagCombinations)
    {
        var report = await Table(file);
        // Action × resource, 7: the resource-type rule fails (1), or ssm:SendCommand / one of the four read actions / any
        // other action (3) × an AWS-* document in us-west-1 or us-east-2, or any other resource (2) = 1 + 6. Each of
        // ssm:resourceTag/tag_key1 and tag_key2, 2: StringLike matches or not. 7 × 2 × 2 = 28.
        Assert.Equal(28, (int)report.Classes.Count);
        Assert.Equal([7, 2, 2], report.Classes.Parts.Select(p => p.Classes.Length));
        // On a node (any resource but the AWS-* documents) the four combinations of the two tags decide: example 2 needs
        // both tags (one condition block: AND), so 1 of 4 is allowed; example 3 either (two statements: OR), so 3 of 4.
        var onOtherResources = report.Decisions.Where(d => d.Class.Action == "ssm:SendCommand" && !d.Class.Resource.Contains("::document/AWS-", StringComparison.Ordinal)
                                                           && report.Classes.Questions.OfActionResourceType(d.Class.Action, d.Class.Resource)).ToList();
        Assert.Equal(4, onOtherResources.Count);
        Assert.Equal(allowedOfTheFourTagCombinations, onOtherResources.Count(d => d.ModelDecision == EvalDecision.Allowed));
        Assert.All(OnAnyContext(report, "ssm:SendCommand", "::document/AWS-"), d => Assert.Equal(EvalDecision.Allowed, d.ModelDecision));
    }

    [Fact]
    public async Task VpceOrViaAwsService_Has20Classes_AndAllowsYourDocumentOnEitherLeg()
    {
        var report = await Table("4-vpce-or-via-aws-service.json");
        // Action × resource, 5: the resource-type rule fails (1), or ssm:SendCommand (the second statement's
        // "ssm:Sendcommand" is the same action: names ignore case) or another action (2) × YourDocument or another resource
        // (2) = 1 + 4. aws:SourceVpce, 2: equals vpce-example1234 or not. aws:ViaAWSService, 2: Bool "true" holds or not
        // (false, absent, several values). 5 × 2 × 2 = 20.
        Assert.Equal(20, (int)report.Classes.Count);
        Assert.Equal([5, 2, 2], report.Classes.Parts.Select(p => p.Classes.Length));
        var yourDocument = OnAnyContext(report, "ssm:SendCommand", "document/YourDocument").ToList();
        Assert.Equal(4, yourDocument.Count);
        Assert.Equal(EvalDecision.ImplicitDeny, Assert.Single(Where(report, "ssm:SendCommand", "document/YourDocument")).ModelDecision);
        Assert.Equal(3, yourDocument.Count(d => d.ModelDecision == EvalDecision.Allowed));
        Assert.Equal(3, report.Decisions.Count(d => d.ModelDecision == EvalDecision.Allowed));
    }

    [Fact]
    public void Enumeration_BeyondMaxClasses_StopsWithAMessage_BeforeBuildingTheClasses()
    {
        var questions = Seed("2-two-tags.json").Questions;
        var stop = Assert.Throws<EnumerationBoundException>(() => EquivalenceClasses.Enumerate(questions, maxClasses: 20));
        Assert.Contains("more than 20 classes", stop.Message);
        Assert.Contains("--max-classes", stop.Message);
    }

    [Theory]
    [InlineData("1-finance-webservers.json", 1)]
    [InlineData("2-two-tags.json", 1)]
    [InlineData("3-either-tag.json", 3)]
    [InlineData("4-vpce-or-via-aws-service.json", 0)]
    public async Task Exhaustive_AgainstTheLoopbackEndpoint_MarksExactlyTheClassesAResourceTagAllows(string file, int plantedDivergences)
    {
        var classes = EquivalenceClasses.Enumerate(Seed(file).Questions);
        await using (var clean = await LoopbackIam.StartAsync())
        {
            var report = await ExhaustiveRun.RunAsync(classes, clean.Oracle());
            Assert.Equal(0, report.Divergences);
            Assert.Equal(0, report.NotAsked);
            Assert.True(report.Calls < (int)classes.Count, $"{report.Calls} calls for {classes.Count} classes: batched");
        }
        await using var planted = await LoopbackIam.StartAsync();
        Assert.True(PlantedDifferences.TryPlant(planted.Server.Faults, PlantedDifferences.IgnoreSsmResourceTag));
        var answered = await ExhaustiveRun.RunAsync(classes, planted.Oracle());
        output.WriteLine(DecisionTable.Write(answered, "IAM"));
        Assert.Equal(plantedDivergences, answered.Divergences);
        // The endpoint answers as if the ssm:resourceTag keys were absent: only a class the model allows because of them
        // can differ, and there IAM (the endpoint) answered implicitDeny.
        Assert.All(answered.Decisions.Where(d => d.Diverges), d =>
        {
            Assert.Equal(EvalDecision.Allowed, d.ModelDecision);
            Assert.Equal(EvalDecision.ImplicitDeny, d.OracleDecision);
            Assert.Contains(d.Class.Context, e => e.ContextKeyName.StartsWith("ssm:resourceTag/", StringComparison.Ordinal));
        });
    }
}
