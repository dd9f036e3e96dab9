using Conformance.Model.Simulation;
using System.Text;
using Conformance.Generators;
using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;
using Conformance.Model.Services;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Conformance.Offline.Tests.Generators;

/// <summary>
/// A generator that makes mostly implicit denies tests almost nothing: classify N generated cases (N is
/// <c>CONFORMANCE__DISTRIBUTIONCASES</c>, 3000 by default; fixed seed), print the table, and fail when the generators
/// degenerate. See the table with <c>dotnet test tests/Offline --filter DistributionTests --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class DistributionTests(ITestOutputHelper output)
{
    private const ulong Seed = 20261129UL;
    private const int Size = 50;

    [Fact]
    public void Generators_Distribution_IsSpreadOverDecisionsFamiliesAndOutcomes()
    {
        var count = ConformanceSettings.Current.DistributionCases;
        var cases = PolicyGenerators.CaseGen(GeneratorSettings.Default).Sample(count, new FsCheck.Rnd(Seed), Size);
        var rows = cases.Select(c => new Row(
            // As the simulator decides it: a resource outside the action's resource types is an implicit deny.
            ModelSimulator.Decide(c.Policies, c.Request, Conformance.Model.Services.ServiceReference.Default).Decision,
            [.. CaseClassifier.Conditions(c.Policies)],
            [.. CaseClassifier.Features(c.Policies, c.Request.Context).Distinct()],
            ResourceTypeOf(c.Request))).ToList();

        var sendCount = Math.Max(1, count / 3);
        var outcomes = SendCommandGenerators.CaseGen(GeneratorSettings.Default).Sample(sendCount, new FsCheck.Rnd(Seed), Size)
            .Select(c => CaseClassifier.OutcomeOf(c.Authorize()))
            .GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());

        var decisions = Enum.GetValues<EvalDecision>();
        var report = new StringBuilder();
        report.AppendLine($"PolicyCase: {count} cases, seed {Seed}, size {Size}");
        report.AppendLine($"{"decision",-28} {"cases",6} {"%",6}");
        foreach (var d in decisions)
        {
            var n = rows.Count(r => r.Decision == d);
            report.AppendLine($"{d.WireName(),-28} {n,6} {Percent(n, count),6}");
        }
        Table(report, "operator family (cases using it)", Enum.GetValues<OperatorFamily>(),
            (r, f) => r.Conditions.Any(c => c.Operator.Family == f), rows, decisions);
        Table(report, "key kind (cases using it)", Enum.GetValues<KeyKind>(),
            (r, k) => r.Conditions.Any(c => CaseClassifier.KindOf(c.ContextKeyName) == k), rows, decisions);
        var features = new[] { "ForAnyValue", "ForAllValues", "IfExists", "absent key", "policy variable", "NotAction", "NotResource", "boundary" };
        Table(report, "feature (cases using it)", features, (r, f) => r.Features.Contains(f), rows, decisions);
        // The model does not apply the resource-type rule yet; this shows how many cases it would decide differently.
        Table(report, "resource type of the action", ResourceTypeKinds, (r, k) => r.ResourceType == k, rows, decisions);
        Table(report, "conditions per case", [0, 1, 2, 3, 4], (r, n) => n == 4 ? r.Conditions.Count >= 4 : r.Conditions.Count == n, rows, decisions);
        report.AppendLine();
        report.AppendLine($"SendCommandCase: {sendCount} calls, seed {Seed}, size {Size}");
        foreach (var o in Enum.GetValues<SendCommandOutcome>())
        {
            var n = outcomes.GetValueOrDefault(o);
            report.AppendLine($"{o,-28} {n,6} {Percent(n, sendCount),6}");
        }
        output.WriteLine(report.ToString());
        // Also kept as a file, which .ci/run prints after the tests: test output is hidden at normal verbosity.
        var results = Directory.CreateDirectory(Path.Combine(Recorded.RecordedAnswers.RepositoryRoot, "TestResults"));
        File.WriteAllText(Path.Combine(results.FullName, "distribution.txt"), report.ToString());

        Assert.All(decisions, d => Assert.True(rows.Count(r => r.Decision == d) >= count / 5,
            $"{d.WireName()} is only {rows.Count(r => r.Decision == d)} of {count} cases (at least 20% expected)\n{report}"));
        Assert.All(Enum.GetValues<OperatorFamily>(), f => Assert.True(rows.Any(r => r.Conditions.Any(c => c.Operator.Family == f)),
            $"no case uses the {f} operator family\n{report}"));
        Assert.All(Enum.GetValues<KeyKind>(), k => Assert.True(rows.Any(r => r.Conditions.Any(c => CaseClassifier.KindOf(c.ContextKeyName) == k)),
            $"no case reads a key of kind {k}\n{report}"));
        Assert.All(["Matches", "NotAResourceType"], k => Assert.True(rows.Count(r => r.ResourceType == k) >= count / 50,
            $"under 2% of the cases have a resource that {k} (ServiceReferenceWeight)\n{report}"));
        Assert.True(outcomes.Count >= 2, $"every SendCommand case ended the same way\n{report}");
        Assert.All(outcomes.Values, n => Assert.True(n < sendCount * 9 / 10, $"one SendCommand outcome holds over 90% of the calls\n{report}"));
    }

    private static string Percent(int n, int of) => $"{100.0 * n / of:F1}";

    private sealed record Row(EvalDecision Decision, List<Condition> Conditions, List<string> Features, string ResourceType);

    private static readonly string[] ResourceTypeKinds = ["Matches", "NotAResourceType", "NoResourceTypes", "UnknownAction"];

    private static string ResourceTypeOf(AuthorizationRequest request) =>
        ServiceReference.Default.MatchResource(request.Action, request.Resource) switch
        {
            ResourceTypeMatch.Matches => "Matches",
            ResourceTypeMatch.NotAResourceType => "NotAResourceType",
            ResourceTypeMatch.NoResourceTypes => "NoResourceTypes",
            _ => "UnknownAction",
        };

    /// <summary>One line per key: how many cases have it, and how they split over the three decisions.</summary>
    private static void Table<TKey>(StringBuilder report, string title, IEnumerable<TKey> keys, Func<Row, TKey, bool> has,
        IReadOnlyList<Row> rows, EvalDecision[] decisions)
    {
        report.AppendLine();
        report.AppendLine($"{title,-28} {"cases",6} {"%",6} " + string.Join(" ", decisions.Select(d => $"{d.WireName(),12}")));
        foreach (var key in keys)
        {
            var with = rows.Where(r => has(r, key)).ToList();
            report.AppendLine($"{key,-28} {with.Count,6} {Percent(with.Count, rows.Count),6} " +
                string.Join(" ", decisions.Select(d => $"{with.Count(r => r.Decision == d),12}")));
        }
    }
}
