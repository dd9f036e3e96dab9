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
        md.AppendLine($"# Conformance campaign against {oracleName}");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("| --- | --- |");
        md.AppendLine($"| seed | `{seed}` |");
        md.AppendLine($"| questions asked | {report.Cases} |");
        md.AppendLine($"| calls to the oracle (shrinking included) | {report.Calls} |");
        md.AppendLine($"| calls spent shrinking | {report.ShrinkCalls} |");
        md.AppendLine($"| questions the oracle rejected | {report.Rejections} |");
        md.AppendLine($"| per-resource decisions compared | {report.Decisions} |");
        md.AppendLine($"| decisions per call | {report.DecisionsPerCall.ToString("F1", inv)} |");
        md.AppendLine($"| divergences | {report.Divergences.Length} |");
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
        var unshrunk = report.Divergences.Where(d => !d.Shrunk).ToList();
        if (unshrunk.Count > 0)
        {
            md.AppendLine();
            md.AppendLine($"{unshrunk.Count} further divergences were counted but not shrunk (the shrunk ones below come first):");
            md.AppendLine();
            foreach (var d in unshrunk)
            {
                md.AppendLine($"- {d.Differences[0]}");
            }
        }
        var shrunk = report.Divergences.Where(d => d.Shrunk).ToList();
        for (var i = 0; i < shrunk.Count; i++)
        {
            var d = shrunk[i];
            md.AppendLine();
            md.AppendLine($"## Divergence {i + 1}");
            md.AppendLine();
            foreach (var difference in d.Differences)
            {
                md.AppendLine($"- {difference}");
            }
            md.AppendLine($"- shrunk in {d.ShrinkCalls} calls; fixture: `{d.FixturePath ?? "(not kept)"}`");
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
        return md.ToString();
    }

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
