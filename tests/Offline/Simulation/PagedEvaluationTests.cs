using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Json;
using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Simulation;

/// <summary>
/// The page a request evaluates: the actions [Marker, Marker + MaxItems) (MaxItems defaults to 100,
/// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html), cut early when the next action
/// would pass the page's bound on work or output ("a page may hold fewer than MaxItems results even when more are
/// available"), and refused when one action alone would pass the bound of a single result. The output is estimated
/// before it is written, from the fixed text around each element of the aws-cli answer: 300 characters a result,
/// 200 a resource, 320 a matched statement, 20 a missing context key, and the names themselves.
/// </summary>
public sealed class PagedEvaluationTests
{
    private static SimulationRequest Actions(int count, int? maxItems = null, string? marker = null, int resources = 0) =>
        new(["{}"], [.. Enumerable.Range(0, count).Select(i => $"ssm:Action{i}")], ResourceArns: [.. Enumerable.Range(0, resources).Select(i => $"arn:aws:s3:::b/{i}")],
            MaxItems: maxItems, Marker: marker);

    [Theory]
    [InlineData(10, null, null, 1, 0, 0, 10)]
    [InlineData(150, null, null, 1, 0, 0, 100)]
    [InlineData(10, 4, null, 1, 0, 0, 4)]
    [InlineData(10, 4, "3", 1, 0, 3, 7)]
    [InlineData(10, 4, "8", 1, 0, 8, 10)]
    [InlineData(10, 4, "12", 1, 0, 10, 10)]
    [InlineData(10, 100, null, 1000, 10, 0, 5)]
    [InlineData(10, 100, "2", 1000, 10, 2, 7)]
    [InlineData(10, 100, null, 0, 0, 0, 10)]
    [InlineData(10, 100, null, 50_000, 0, 0, 1)]
    [InlineData(10, 100, null, 50_001, 0, 0, 1)]
    [InlineData(10, 100, null, 25_000, 0, 0, 2)]
    [InlineData(10, 100, null, 100_000, 2, 0, 1)]
    public void Plan_PageIsTheRequestedActionsWithinTheWorkBound(int actions, int? maxItems, string? marker, int statements, int resources, int start, int end)
    {
        var (s, e, error) = PagedEvaluation.Plan(Actions(actions, maxItems, marker, resources), statements);
        Assert.Null(error);
        Assert.Equal((start, end), (s, e));
    }

    [Fact]
    public void Plan_OneActionOverTheBound_IsRefusedAsPolicyEvaluation_UnlessNoActionIsLeft()
    {
        var (_, _, error) = PagedEvaluation.Plan(Actions(3, resources: 2), 100_001);
        Assert.Equal(SimulationError.PolicyEvaluation, error!.Code);
        Assert.Equal(
            "The request is larger than the model evaluates in one request: one action takes 100001 statements × 2 resources = 200002 statement evaluations, " +
            "over its bound of 200000 statement evaluations and 8 MB of output per result. Simulate fewer resources per request, or fewer or smaller policies.",
            error.Message);
        Assert.Null(PagedEvaluation.Plan(Actions(3, resources: 2), 100_000).Error);
        Assert.Null(PagedEvaluation.Plan(Actions(3, marker: "3", resources: 2), 100_001).Error);
        Assert.Contains("takes 200001 statements × 1 resources = 200001", PagedEvaluation.Plan(Actions(1), 200_001).Error!.Message);
    }

    private static readonly StatementReference Reference = new("PolicyInputList.1", "IAM Policy", new TextPosition(1, 1), new TextPosition(1, 2));

    /// <summary>A result of the given estimated size: 300 + the two names + 320 per statement + 20 per missing key and its name.</summary>
    private static EvaluationResult Result(string action, int statements, params string[] missing) =>
        new(action, "*", EvalDecision.Allowed, [.. Enumerable.Repeat(Reference, statements)], [.. missing], null, null, []);

    private static long Size(string action, int statements, params string[] missing) =>
        300 + action.Length + 1 + 320L * statements + missing.Sum(m => 20 + m.Length);

    [Fact]
    public void Run_PageIsCutBeforeItsOutputPassesTheBound_NotAtIt()
    {
        // Two results that together make exactly PageOutputCharacters: both on the page. One character more: the second waits.
        var first = Size("ssm:Action0", 2000);
        var rest = PagedEvaluation.PageOutputCharacters - first - Size("ssm:Action1", 0);
        var statements = (int)(rest / 320);
        var key = new string('k', (int)(rest - 320L * statements) - 20);
        Assert.Equal(PagedEvaluation.PageOutputCharacters, first + Size("ssm:Action1", statements, key));

        var request = Actions(3);
        var exact = PagedEvaluation.Run(request, 1, a => a == "ssm:Action1" ? Result(a, statements, key) : Result(a, a == "ssm:Action0" ? 2000 : 0));
        Assert.Equal(["ssm:Action0", "ssm:Action1"], exact.Result!.EvaluationResults.Select(r => r.EvalActionName).ToArray());
        Assert.Equal((true, "2"), (exact.Result.IsTruncated, exact.Result.Marker));

        var over = PagedEvaluation.Run(request, 1, a => a == "ssm:Action1" ? Result(a, statements, key + "k") : Result(a, a == "ssm:Action0" ? 2000 : 0));
        Assert.Equal(["ssm:Action0"], over.Result!.EvaluationResults.Select(r => r.EvalActionName).ToArray());
        Assert.Equal((true, "1"), (over.Result.IsTruncated, over.Result.Marker));
    }

    [Fact]
    public void Run_ResourceResultsCountTowardsTheBound()
    {
        // Per resource: 200 + its name + 320 per statement + its missing keys.
        static EvaluationResult WithResources(string action, int statements) => new(action, "*", EvalDecision.Allowed, [], [], null, null,
            [new ResourceSpecificResult("arn:aws:s3:::b/0", EvalDecision.Allowed, [.. Enumerable.Repeat(Reference, statements)], ["aws:k"], null)]);
        const string resource = "arn:aws:s3:::b/0";
        var one = 300 + "ssm:Action0".Length + 1 + 200 + resource.Length + 20 + "aws:k".Length;
        // Two results of one + 320·n characters each make the bound exactly.
        var n = (int)((PagedEvaluation.PageOutputCharacters / 2 - one) / 320);
        var spare = PagedEvaluation.PageOutputCharacters - 2 * (one + 320L * n);
        Assert.InRange(spare, 0, 639);
        var page = PagedEvaluation.Run(Actions(3), 1, a => WithResources(a, n)).Result!;
        Assert.Equal(2, page.EvaluationResults.Length);
        page = PagedEvaluation.Run(Actions(3), 1, a => WithResources(a, n + (int)(spare / 320) + 1)).Result!;
        Assert.Single(page.EvaluationResults);
    }

    [Fact]
    public void Run_LastPage_IsNotTruncated_AndAFullPageKeepsItsOrder()
    {
        var page = PagedEvaluation.Run(Actions(5, maxItems: 2, marker: "3"), 1, a => Result(a, 1)).Result!;
        Assert.Equal(["ssm:Action3", "ssm:Action4"], page.EvaluationResults.Select(r => r.EvalActionName).ToArray());
        Assert.Equal((false, (string?)null), (page.IsTruncated, page.Marker));
        page = PagedEvaluation.Run(Actions(5, maxItems: 2), 1, a => Result(a, 1)).Result!;
        Assert.Equal((true, "2"), (page.IsTruncated, page.Marker));
    }

    [Fact]
    public void Run_OneResultOverTheOutputBound_IsRefused_NamingItsAction()
    {
        var action = "ssm:" + new string('A', 70);
        var statements = (int)(PagedEvaluation.MaxOutputCharacters / 320) + 1;
        var outcome = PagedEvaluation.Run(Actions(1) with { ActionNames = [action] }, 1, a => Result(a, statements));
        Assert.Equal(SimulationError.PolicyEvaluation, outcome.Error!.Code);
        Assert.Contains($"the result of action \"{action[..64]}…\" alone would be about 8 MB of output, over its bound of 200000", outcome.Error.Message);
        // Just within the bound it is answered.
        var within = (int)((PagedEvaluation.MaxOutputCharacters - Size("ssm:A", 0)) / 320);
        Assert.False(PagedEvaluation.Run(Actions(1) with { ActionNames = ["ssm:A"] }, 1, a => Result(a, within)).IsError);
        Assert.Contains("action \"ssm:A\" alone", PagedEvaluation.Run(Actions(1) with { ActionNames = ["ssm:A"] }, 1, a => Result(a, within + 1)).Error!.Message);
    }

    [Fact]
    public void Run_OneResultOfExactlyTheOutputBound_IsAnswered_AndA64CharacterActionIsNamedWhole()
    {
        var action = "ssm:" + new string('A', 60);
        var statements = (int)((PagedEvaluation.MaxOutputCharacters - Size(action, 0) - 21) / 320);
        var key = new string('k', (int)(PagedEvaluation.MaxOutputCharacters - Size(action, statements)) - 20);
        Assert.Equal(PagedEvaluation.MaxOutputCharacters, Size(action, statements, key));
        var request = Actions(1) with { ActionNames = [action] };
        Assert.False(PagedEvaluation.Run(request, 1, a => Result(a, statements, key)).IsError);
        var over = PagedEvaluation.Run(request, 1, a => Result(a, statements, key + "k"));
        Assert.Contains($"the result of action \"{action}\" alone would be about 8 MB", over.Error!.Message);
    }

    [Fact]
    public void Run_ResourceResults_CountTheirNameStatementsAndMissingKeys_ToTheCharacter()
    {
        const string resource = "arn:aws:s3:::b/0";
        static EvaluationResult WithResource(string action, int statements, string key) => new(action, "*", EvalDecision.Allowed, [], [], null, null,
            [new ResourceSpecificResult(resource, EvalDecision.Allowed, [.. Enumerable.Repeat(Reference, statements)], [key], null)]);
        // 300 + the action + "*" for the result; 200 + the resource + 320 per statement + 20 + the key for its resource.
        static long SizeOf(string action, int statements, string key) => 300 + action.Length + 1 + 200 + resource.Length + 320L * statements + 20 + key.Length;
        var rest = PagedEvaluation.PageOutputCharacters - SizeOf("ssm:Action0", 1000, "aws:k");
        var statements = (int)((rest - SizeOf("ssm:Action1", 0, "") - 1) / 320);
        var key = new string('k', (int)(rest - SizeOf("ssm:Action1", statements, "")));
        Assert.Equal(PagedEvaluation.PageOutputCharacters, SizeOf("ssm:Action0", 1000, "aws:k") + SizeOf("ssm:Action1", statements, key));

        EvaluationResult Evaluate(string action, string secondKey) =>
            action == "ssm:Action0" ? WithResource(action, 1000, "aws:k") : WithResource(action, action == "ssm:Action1" ? statements : 0, secondKey);
        var exact = PagedEvaluation.Run(Actions(3), 1, a => Evaluate(a, key)).Result!;
        Assert.Equal(["ssm:Action0", "ssm:Action1"], exact.EvaluationResults.Select(r => r.EvalActionName).ToArray());
        var over = PagedEvaluation.Run(Actions(3), 1, a => Evaluate(a, key + "k")).Result!;
        Assert.Equal(["ssm:Action0"], over.EvaluationResults.Select(r => r.EvalActionName).ToArray());
    }
}

/// <summary>The first result of a page is held only to the bound of a single result, so that paging always moves on.</summary>
public sealed class PagedEvaluationFirstResultTests
{
    [Fact]
    public void Run_FirstResultOverThePageBound_IsAnsweredAlone()
    {
        var reference = new StatementReference("PolicyInputList.1", "IAM Policy", new(1, 1), new(1, 2));
        var statements = (int)(2 * PagedEvaluation.PageOutputCharacters / 320);
        var request = new SimulationRequest(["{}"], ["ssm:A", "ssm:B"]);
        var page = PagedEvaluation.Run(request, 1, a => new EvaluationResult(a, "*", EvalDecision.Allowed, [.. Enumerable.Repeat(reference, statements)], [], null, null, [])).Result!;
        Assert.Equal(["ssm:A"], page.EvaluationResults.Select(r => r.EvalActionName).ToArray());
        Assert.Equal((true, "1"), (page.IsTruncated, page.Marker));
    }
}
