using System.Globalization;
using System.Text;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Campaign;

/// <summary>A campaign report for people: Markdown for a file, a pull request body and <c>$GITHUB_STEP_SUMMARY</c>.</summary>
public static class CampaignMarkdown
{
    public static string Write(CampaignReport report, string oracleName, ulong seed)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var causes = report.RootCauses;
        md.AppendLine($"# {Count(causes.Length, "root cause")} in {Count(report.Divergences.Length, "divergence")}: conformance campaign against {oracleName}");
        md.AppendLine();
        for (var i = 0; i < causes.Length; i++)
        {
            md.AppendLine($"{i + 1}. {Count(causes[i].Count, "divergence")}: {causes[i].Signature.InWords()}");
        }
        if (!report.Unclassified.IsEmpty)
        {
            if (!causes.IsEmpty)
            {
                md.AppendLine();
            }
            md.AppendLine($"{Count(report.Unclassified.Length, "divergence")} could not be shrunk within the budget and " +
                          "matched no root cause's pre-signature: they may show the causes above or new ones (listed at the end).");
        }
        if (causes.Length > 0 || !report.Unclassified.IsEmpty)
        {
            md.AppendLine();
        }
        md.AppendLine("| | |");
        md.AppendLine("| --- | --- |");
        md.AppendLine($"| seed | `{seed}` |");
        md.AppendLine($"| questions asked | {report.Cases} |");
        md.AppendLine($"| calls to the oracle (shrinking included) | {report.Calls} |");
        md.AppendLine($"| calls spent shrinking | {report.ShrinkCalls} |");
        md.AppendLine($"| questions the oracle rejected | {report.Rejections} |");
        md.AppendLine($"| per-resource decisions compared | {report.Decisions} |");
        md.AppendLine($"| decisions per call | {report.DecisionsPerCall.ToString("F1", inv)} |");
        md.AppendLine($"| root causes | {causes.Length} |");
        md.AppendLine($"| divergences | {report.Divergences.Length} ({report.Divergences.Count(d => d.Shrunk)} shrunk) |");
        md.AppendLine($"| elapsed | {report.Elapsed.TotalSeconds.ToString("F1", inv)} s |");
        md.AppendLine($"| stopped because | {report.StopReason} |");
        md.AppendLine();
        md.AppendLine("| decision | count |");
        md.AppendLine("| --- | --- |");
        foreach (var decision in Enum.GetValues<EvalDecision>())
        {
            md.AppendLine($"| {decision.WireName()} | {report.DecisionsByClass.GetValueOrDefault(decision)} |");
        }
        if (report.Coverage is { } coverage)
        {
            var kinds = Enum.GetValues<Generators.KeyKind>();
            md.AppendLine();
            md.AppendLine("Coverage: questions whose policies use each operator family on each kind of condition key.");
            md.AppendLine();
            md.AppendLine("| operator family | " + string.Join(" | ", kinds) + " |");
            md.AppendLine("| --- |" + string.Concat(kinds.Select(_ => " ---: |")));
            foreach (var family in Enum.GetValues<Model.Conditions.OperatorFamily>())
            {
                md.AppendLine($"| {family} | " + string.Join(" | ", kinds.Select(k => coverage.GetValueOrDefault((family, k)).ToString(inv))) + " |");
            }
        }
        if (report.Confirmations is { } confirmed)
        {
            var least = Model.Fixtures.RuleConfirmations.LeastConfirmed(confirmed);
            var share = report.Cases == 0 ? 0 : 100.0 * report.QuestionsOnLeastConfirmed / report.Cases;
            md.AppendLine();
            md.AppendLine($"Questions on the least-confirmed rules (the lowest quartile of confirmations, {least.Count} rules): " +
                          $"{report.QuestionsOnLeastConfirmed} of {report.Cases} ({share.ToString("F0", inv)}%).");
            md.AppendLine();
            md.AppendLine("| rule | confirmations | last confirmed |");
            md.AppendLine("| --- | ---: | --- |");
            foreach (var rule in confirmed)
            {
                md.AppendLine($"| `{rule.RuleId}`{(least.Contains(rule.RuleId) ? " (least confirmed)" : "")} | {rule.Confirmations} | {rule.LastConfirmed ?? "never"} |");
            }
        }
        for (var i = 0; i < causes.Length; i++)
        {
            var cause = causes[i];
            var d = cause.Representative;
            md.AppendLine();
            md.AppendLine($"## Root cause {i + 1}: {Count(cause.Count, "divergence")}");
            md.AppendLine();
            md.AppendLine($"{char.ToUpperInvariant(cause.Signature.InWords()[0])}{cause.Signature.InWords()[1..]}.");
            md.AppendLine();
            md.AppendLine($"- signature: `{cause.Signature.Text}`");
            md.AppendLine($"- representative: question {d.Question}, shrunk in {d.ShrinkCalls} calls; fixture: `{d.FixturePath ?? "(not kept)"}`");
            if (!cause.Others.IsEmpty)
            {
                md.AppendLine($"- other members (seed {seed.ToString(inv)}): " + string.Join(", ", cause.Others.Select(o =>
                    $"question {o.Question} ({(o.Shrunk ? $"shrunk in {o.ShrinkCalls} calls" : "pre-signature matched, not shrunk")})")));
            }
            foreach (var difference in d.Differences)
            {
                md.AppendLine($"- {difference}");
            }
            md.AppendLine();
            for (var p = 0; p < d.Minimal.PolicyInputList.Length; p++)
            {
                md.AppendLine($"PolicyInputList.{p + 1}:");
                AppendJson(md, PrettyPolicy(d.Minimal.PolicyInputList[p]));
            }
            if (d.Minimal.PermissionsBoundaryPolicyInputList.Length == 1)
            {
                md.AppendLine("PermissionsBoundaryPolicyInputList.1:");
                AppendJson(md, PrettyPolicy(d.Minimal.PermissionsBoundaryPolicyInputList[0]));
            }
            md.AppendLine("The question (`aws iam simulate-custom-policy --cli-input-json file://question.json`):");
            AppendJson(md, SimulationJson.WriteRequest(d.Minimal));
            md.AppendLine($"{oracleName} answered:");
            AppendJson(md, Describe(d.OracleAnswer));
            md.AppendLine("The model answered:");
            AppendJson(md, Describe(d.ModelAnswer));
        }
        if (!report.Unclassified.IsEmpty)
        {
            md.AppendLine();
            md.AppendLine("## Divergences not shrunk and not classified");
            md.AppendLine();
            foreach (var d in report.Unclassified)
            {
                md.AppendLine($"- question {d.Question}: {d.Differences[0]} (pre-signature `{d.PreSignature?.Text}`)");
            }
        }
        return md.ToString();
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Describe(SimulationOutcome outcome) =>
        outcome.Result is { } result ? SimulationJson.WriteResult(result) : $"{{\"Error\": \"{outcome.Error}\"}}";

    private static string PrettyPolicy(string text)
    {
        var parsed = Model.Policies.PolicyParser.Parse(text);
        return parsed.IsSuccess ? Model.Policies.PolicyPrinter.Print(parsed.Value!) : text;
    }

    private static void AppendJson(StringBuilder md, string json)
    {
        md.AppendLine("```json");
        md.AppendLine(json.TrimEnd());
        md.AppendLine("```");
    }
}
