using System.Globalization;
using System.Text;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;

namespace Conformance.Campaign.Exhaustive;

/// <summary>
/// The decision table of an exhaustive run, for people: the statements with their conditions numbered, the number of
/// classes (and per part), then one row per class: its representative request, what each statement answered
/// (<c>applies</c>, or which of its tests failed), the model's decision and, when IAM was asked, IAM's.
/// </summary>
public static class DecisionTable
{
    public static string Write(ExhaustiveReport report, string? oracleName = null)
    {
        var questions = report.Classes.Questions;
        var text = new StringBuilder();
        text.AppendLine("Statements:");
        foreach (var s in questions.Statements)
        {
            text.AppendLine($"  {s.ShortName,-6} {s.Label}: {Describe(s.Statement)}");
        }
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Classes.Count:N0} classes of requests ({string.Join(" × ", report.Classes.Parts.Select(p => $"{p.Part.Name}: {p.Classes.Length}"))})"));
        var asked = oracleName is not null;
        var header = new List<string> { "class", "action", "resource", "context" };
        header.AddRange(questions.Statements.Select(s => s.ShortName));
        header.Add("model");
        if (asked)
        {
            header.Add(oracleName!);
        }
        var rows = report.Decisions.Select(d => Row(questions, d, asked)).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        text.AppendLine();
        AppendRow(text, header, widths);
        foreach (var row in rows)
        {
            AppendRow(text, row, widths);
        }
        var byDecision = report.Decisions.GroupBy(d => d.ModelDecision).OrderBy(g => g.Key)
            .Select(g => $"{g.Key.WireName()} {g.Count()}");
        text.AppendLine();
        text.AppendLine($"model: {string.Join(", ", byDecision)}");
        if (asked)
        {
            text.AppendLine($"{oracleName}: {report.Calls} calls for {report.Decisions.Length - report.NotAsked} classes; " +
                            $"{report.Divergences} diverge{(report.NotAsked > 0 ? $"; {report.NotAsked} not asked (call budget)" : "")}");
        }
        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            text.Append(i == 0 ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
            text.Append(i + 1 < cells.Count ? "  " : "");
        }
        text.Append('\n');
    }

    private static List<string> Row(PolicyQuestions questions, ClassDecision decision, bool asked)
    {
        var c = decision.Class;
        var context = PolicyQuestions.ContextOf(c.Context);
        var row = new List<string>
        {
            c.Number.ToString(CultureInfo.InvariantCulture),
            c.Action,
            c.Resource,
            c.Context.IsEmpty ? "(none)" : string.Join(", ", c.Context.Select(e => $"{e.ContextKeyName}={(e.ContextKeyType.IsList() ? $"[{string.Join(",", e.ContextKeyValues)}]" : e.ContextKeyValues[0])}")),
        };
        var ofType = questions.OfActionResourceType(c.Action, c.Resource);
        foreach (var s in questions.Statements)
        {
            if (!ofType)
            {
                row.Add("(not its type)");
                continue;
            }
            var failed = new List<string>();
            if (!PolicyEvaluator.ActionMatches(s.Statement.Action, c.Action))
            {
                failed.Add(s.Statement.Action.ElementName);
            }
            if (!PolicyEvaluator.ResourceMatches(s.Statement.Resource, c.Resource, context))
            {
                failed.Add(s.Statement.Resource.ElementName);
            }
            for (var i = 0; i < s.Statement.Conditions.Length; i++)
            {
                if (!Model.Conditions.ConditionEvaluator.Evaluate(s.Statement.Conditions[i], context))
                {
                    failed.Add($"c{i + 1}");
                }
            }
            row.Add(failed.Count == 0 ? $"applies ({s.Statement.Effect})" : "no: " + string.Join(",", failed));
        }
        row.Add(decision.ModelDecision.WireName());
        if (asked)
        {
            row.Add(decision.OracleError is { } error ? $"refused ({error})"
                : decision.OracleDecision is { } o ? o.WireName() + (o == decision.ModelDecision ? "" : "  DIVERGES") : "(not asked)");
        }
        return row;
    }

    /// <summary>One line per statement: effect, actions, resources, and its conditions numbered c1, c2, ...</summary>
    private static string Describe(Statement s)
    {
        var actions = $"{s.Action.ElementName} {string.Join(",", s.Action.Patterns.Select(p => p.Text))}";
        var resources = $"{s.Resource.ElementName} {string.Join(",", s.Resource.Patterns.Select(p => p.Text))}";
        var conditions = s.Conditions.Select((c, i) => $"c{i + 1} {c}");
        return $"{s.Effect} {actions} on {resources}" + (s.Conditions.IsEmpty ? "" : "; " + string.Join("; ", conditions));
    }
}
