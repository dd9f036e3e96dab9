using System.Text;
using Conformance.Campaign.Directed;
using Conformance.Model.Evaluation;
using Conformance.Model.SendCommand;

namespace Conformance.Campaign.Exhaustive;

/// <summary>
/// The fleet's nodes placed in the decision table: for each node, <c>ssm:SendCommand</c> on its ARN with its own tags
/// (as <c>ssm:resourceTag/…</c> and <c>aws:ResourceTag/…</c>) and nothing else in the context: its class and that
/// class's decision. Which of my nodes can this role run a command on, in one column.
/// </summary>
public static class FleetTable
{
    public const string Action = "ssm:SendCommand";

    public static string Write(EquivalenceClasses classes, ExhaustiveReport report, Fleet fleet)
    {
        var decisions = report.Decisions.ToDictionary(d => d.Class.Signature, StringComparer.Ordinal);
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine($"Fleet: {fleet.Nodes.Length} nodes, {Action} on each with its own tags");
        foreach (var node in fleet.Nodes)
        {
            var arn = node.Arn("aws");
            var found = classes.Classify(Action, arn, DirectedVocabulary.Tags(node.Tags));
            var tags = node.Tags.IsEmpty ? "(no tags)" : string.Join(", ", node.Tags.Select(t => $"{t.Key}={t.Value}"));
            var where = found is not null && decisions.TryGetValue(found.Signature, out var d)
                ? $"class {d.Class.Number}: {d.ModelDecision.WireName()}"
                : "(in no enumerated class)";
            text.AppendLine($"  {node.InstanceId,-22} {tags,-40} {where}");
        }
        return text.ToString();
    }
}
