using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Cli;

/// <summary>Prints <see cref="Explanation"/>s as plain text for people.</summary>
internal static class ExplanationPrinter
{
    /// <summary>Characters of a request value printed before it is shortened: a person reads the start, not 8 million characters.</summary>
    private const int MaxPrintedValue = 200;

    /// <summary>
    /// Prints the explanations of one page, an action at a time (each action has one explanation per resource). Stops
    /// after the action that takes the text past <see cref="PagedEvaluation.PageOutputCharacters"/> when more follow, as
    /// <c>simulate</c> cuts its page, and ends with the <c>Marker</c> that explains the rest.
    /// </summary>
    public static void Print(ImmutableArray<Explanation> explanations, SimulationRequest request, string? nextMarker, TextWriter output)
    {
        var perAction = Math.Max(1, request.ResourceArns.Length);
        var written = new CountingWriter(output);
        for (var i = 0; i < explanations.Length; i++)
        {
            if (i > 0 && i % perAction == 0 && written.Count > PagedEvaluation.PageOutputCharacters)
            {
                // explanations[i] starts the next action: the page ends before it.
                var next = request.Marker is { } m && Paging.TryReadMarker(m, out var start) ? start + i / perAction : i / perAction;
                nextMarker = Paging.Marker(next);
                break;
            }
            if (i > 0)
            {
                written.WriteLine();
            }
            Print(explanations[i], written);
        }
        if (nextMarker is not null)
        {
            written.WriteLine();
            written.WriteLine($"IsTruncated: true. The rest of the actions are explained by the same request with \"Marker\": \"{nextMarker}\".");
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

    internal static string Label(StatementExplanation statement)
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

    internal static void PrintCondition(ConditionExplanation condition, TextWriter output)
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

    private static string Shortened(string value) =>
        value.Length <= MaxPrintedValue ? value : $"{value[..MaxPrintedValue]}… ({value.Length} characters in all)";

    private static string RequestValue(ContextValue? value)
    {
        if (value is null)
        {
            return "absent";
        }
        var values = value.Values.IsEmpty ? "no values" : string.Join(", ", value.Values.Select(v => $"\"{Shortened(v)}\""));
        var origin = value.SuppliedByCaller ? "" : ", filled in by the simulator";
        return $"{values} ({value.Type.WireName()}{origin})";
    }

    /// <summary>Counts what passes through, so that the printer knows how much it has written.</summary>
    private sealed class CountingWriter(TextWriter inner) : TextWriter
    {
        public long Count { get; private set; }

        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void WriteLine()
        {
            Count += inner.NewLine.Length;
            inner.WriteLine();
        }

        public override void Write(char value)
        {
            Count++;
            inner.Write(value);
        }

        public override void Write(string? value)
        {
            Count += value?.Length ?? 0;
            inner.Write(value);
        }

        public override void WriteLine(string? value)
        {
            Count += (value?.Length ?? 0) + inner.NewLine.Length;
            inner.WriteLine(value);
        }
    }
}
