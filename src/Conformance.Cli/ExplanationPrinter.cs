using System.Collections.Immutable;
using Conformance.Model.Evaluation;

namespace Conformance.Cli;

/// <summary>Prints <see cref="Explanation"/>s as plain text for people.</summary>
internal static class ExplanationPrinter
{
    public static void Print(ImmutableArray<Explanation> explanations, TextWriter output)
    {
        for (var i = 0; i < explanations.Length; i++)
        {
            if (i > 0)
            {
                output.WriteLine();
            }
            Print(explanations[i], output);
        }
    }

    private static void Print(Explanation explanation, TextWriter output)
    {
        var request = explanation.Request;
        var decision = explanation.Decision;
        output.WriteLine($"{request.Action} on {request.Resource}: {decision.Decision.WireName()}");
        output.WriteLine($"  {explanation.Summary}.");

        var deciding = explanation.DecidingStatements.ToList();
        output.WriteLine(deciding.Count == 0 ? "  Decided by: no statement (MatchedStatements is empty)" : "  Decided by:");
        foreach (var statement in deciding)
        {
            PrintStatement(statement, output, withText: true);
        }

        var overridden = explanation.AppliedButNotDeciding.ToList();
        if (overridden.Count > 0)
        {
            output.WriteLine(decision.Decision == EvalDecision.ExplicitDeny
                ? "  Applied, but overridden by the explicit deny:"
                : "  Applied, but did not decide:");
            foreach (var statement in overridden)
            {
                PrintStatement(statement, output, withText: false);
            }
        }

        var failed = explanation.ConditionFailures.ToList();
        if (failed.Count > 0)
        {
            output.WriteLine("  Action and resource matched, but conditions failed:");
            foreach (var statement in failed)
            {
                PrintStatement(statement, output, withText: true);
                foreach (var condition in statement.Conditions)
                {
                    PrintCondition(condition, output);
                }
            }
        }

        var unmatched = explanation.Statements.Where(s => s.Outcome is StatementOutcome.ActionNotMatched
            or StatementOutcome.ResourceNotMatched or StatementOutcome.PrincipalNotMatched).ToList();
        if (unmatched.Count > 0)
        {
            output.WriteLine("  Did not match:");
            foreach (var statement in unmatched)
            {
                var element = statement.Outcome switch
                {
                    StatementOutcome.ActionNotMatched => statement.Statement.Action.ElementName,
                    StatementOutcome.ResourceNotMatched => statement.Statement.Resource.ElementName,
                    _ => statement.Statement.Principal!.ElementName,
                };
                output.WriteLine($"    {Label(statement)}: {element} does not match");
            }
        }

        output.WriteLine(decision.MissingContextValues.IsEmpty
            ? "  MissingContextValues: none"
            : $"  MissingContextValues: {string.Join(", ", decision.MissingContextValues)}");
        output.WriteLine(decision.AllowedByPermissionsBoundary switch
        {
            null => "  Permissions boundary: none given",
            true => "  Permissions boundary: allows (AllowedByPermissionsBoundary true)",
            false => "  Permissions boundary: does not allow (AllowedByPermissionsBoundary false)",
        });
    }

    private static string Label(StatementExplanation statement)
    {
        var s = statement.Statement;
        var sid = s.Sid is null ? "" : $" (Sid \"{s.Sid}\")";
        return $"{statement.SourcePolicyId} statement {s.Index + 1}{sid}, {s.Effect}, " +
               $"line {s.Start.Line}:{s.Start.Column} to {s.End.Line}:{s.End.Column}";
    }

    private static void PrintStatement(StatementExplanation statement, TextWriter output, bool withText)
    {
        output.WriteLine($"    {Label(statement)}");
        if (withText && statement.StatementText.Length > 0)
        {
            foreach (var line in Dedent(statement.StatementText))
            {
                output.WriteLine($"      {line}");
            }
        }
    }

    /// <summary>The statement's lines, its later lines shifted left together so that the closing brace lines up with the opening one.</summary>
    private static IEnumerable<string> Dedent(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var indent = lines.Skip(1).Where(l => l.Trim().Length > 0)
            .Select(l => l.Length - l.TrimStart(' ', '\t').Length).DefaultIfEmpty(0).Min();
        return lines.Select((l, i) => i == 0 || l.Length < indent ? l.TrimStart(' ', '\t') : l[indent..]);
    }

    private static void PrintCondition(ConditionExplanation condition, TextWriter output)
    {
        var c = condition.Condition;
        output.WriteLine($"      [{(condition.IsTrue ? "true" : "false")}] {c.Operator.Name} {c.ContextKeyName}");
        output.WriteLine($"        policy values: {string.Join(", ", condition.PolicyValues.Select(PolicyValue))}");
        output.WriteLine($"        request value: {RequestValue(condition.RequestValue)}");
        output.WriteLine($"        {condition.Reason}");
    }

    private static string PolicyValue(PolicyValueExplanation value) => value switch
    {
        { Resolved: false } => $"\"{value.Written}\" (a policy variable has no value: matches nothing)",
        { Substituted: { } text } => $"\"{value.Written}\" = \"{text}\"",
        _ => $"\"{value.Written}\"",
    };

    private static string RequestValue(ContextValue? value)
    {
        if (value is null)
        {
            return "absent";
        }
        var values = value.Values.IsEmpty ? "no values" : string.Join(", ", value.Values.Select(v => $"\"{v}\""));
        var origin = value.SuppliedByCaller ? "" : ", filled in by the simulator";
        return $"{values} ({value.Type.WireName()}{origin})";
    }
}
