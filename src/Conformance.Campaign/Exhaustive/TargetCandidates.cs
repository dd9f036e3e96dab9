using System.Collections.Immutable;
using Conformance.Generators;
using Conformance.Model.Matching;
using Conformance.Model.Services;

namespace Conformance.Campaign.Exhaustive;

/// <summary>
/// Actions and resources that together give every answer the statements' Action, NotAction, Resource and NotResource
/// entries and the resource-type rule can give. Actions: the known actions of the services the policies name (so the
/// resource-type rule meets real actions), then one text per combination of action-pattern answers (which may be an
/// action the Service Authorization Reference does not know: the simulator checks no resource type for it, so every
/// combination of Resource answers is reachable with it). Resources: an ARN of each resource type of those actions,
/// then one ARN per combination of answers of the Resource patterns and the resource types' ARN formats.
/// </summary>
public static class TargetCandidates
{
    public static IReadOnlyList<string> Actions(PolicyQuestions questions, int maxStates)
    {
        var patterns = questions.Statements.SelectMany(s => s.Statement.Action.Patterns).Select(p => p.Text).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var services = patterns.Select(p => p.Split(':')[0]).Where(s => !s.Contains('*') && !s.Contains('?')).Append("ssm")
            .Distinct(StringComparer.OrdinalIgnoreCase).Select(questions.Services.FindService).OfType<AwsService>();
        var known = services.SelectMany(s => s.Actions).Select(a => a.FullName);
        var automata = patterns.Select(p => TextPattern.Glob(p, ignoreCase: true)).ToList();
        var texts = TextWitnesses.Find(automata, maxStates).Select(w => AsActionName(w.Text, w.Answers, automata)).OfType<string>();
        // One action per (answers of the action patterns, resource types): the rest add nothing.
        return [.. known.Concat(texts).Distinct(StringComparer.OrdinalIgnoreCase)
            .DistinctBy(a => string.Concat(questions.Statements.Select(s => Model.Evaluation.PolicyEvaluator.ActionMatches(s.Statement.Action, a) ? '1' : '0')) +
                             "|" + Profile(questions.Services, a))];
    }

    private static bool IsActionName(string text) =>
        text.Length is >= 3 and <= 128 && text.IndexOf(':') is > 0 && text.Count(c => c == ':') == 1;

    /// <summary>The witness as an action name IAM takes (<c>service:Name</c>), with the same answers; null when none of
    /// the few spellings tried keeps them (known actions then stand for its answers).</summary>
    private static string? AsActionName(string text, string answers, IReadOnlyList<TextPattern> patterns) =>
        new[] { text, "zz:" + text, text + ":zz", "zz:zz" + text, "zz:zz" }
            .FirstOrDefault(t => IsActionName(t) && TextWitnesses.Answers(patterns, t) == answers);

    /// <summary>True when some statement's Action (or NotAction) test accepts the action.</summary>
    public static bool AnyStatementNames(PolicyQuestions questions, string action) =>
        questions.Statements.Any(s => Model.Evaluation.PolicyEvaluator.ActionMatches(s.Statement.Action, action));

    /// <summary>The ARN formats of the action's resource types: actions with one profile meet the resource-type rule alike.</summary>
    private static string Profile(ServiceReference services, string action) => services.FindAction(action) is { } known
        ? known.ResourceTypes.IsEmpty ? "*" : string.Join(",", known.ResourceTypes.SelectMany(t => t.ResourceType.ArnFormats))
        : "unknown";

    public static IReadOnlyList<string> Resources(PolicyQuestions questions, IReadOnlyList<string> actions, Func<string, string?> lookup, int maxStates)
    {
        // The resource-type rule of the known actions whose answers to the Action tests no unknown action gives, so that
        // each of their answers meets a resource of their types where one exists. An unknown action with the same
        // answers stands for the others: the simulator checks no resource type for it, so it meets every Resource
        // answer.
        string Answers(string action) => string.Concat(questions.Statements.Select(s => Model.Evaluation.PolicyEvaluator.ActionMatches(s.Statement.Action, action) ? '1' : '0'));
        var byUnknown = actions.Where(a => questions.Services.FindAction(a) is null).Select(Answers).ToHashSet(StringComparer.Ordinal);
        var formats = actions.Where(a => !byUnknown.Contains(Answers(a))).Select(questions.Services.FindAction).OfType<ServiceAction>()
            .SelectMany(a => a.ResourceTypes.SelectMany(t => t.ResourceType.ArnFormats)).Distinct(StringComparer.Ordinal).ToList();
        var patterns = new List<TextPattern>();
        var fields = new List<TextPattern?[]>();
        var fieldWise = true;
        foreach (var pattern in questions.Statements.SelectMany(s => s.Statement.Resource.Patterns))
        {
            if (pattern.Template.TryResolve(lookup, out var text, out var mask))
            {
                patterns.Add(TextPattern.Arn(text, mask));
                var split = TextPattern.ArnFields(text, mask);
                fieldWise &= split is not null || text == "*";
                if (split is not null)
                {
                    fields.Add(split);
                }
            }
        }
        foreach (var format in formats.Select(FormatFields).DistinctBy(f => string.Join("|", f.Select(p => p is null ? "" : string.Join(",", p.Steps)))))
        {
            fields.Add(format);
        }
        patterns.AddRange(formats.Select(FormatPattern));
        var realistic = actions.Select(questions.Services.FindAction).OfType<ServiceAction>()
            .SelectMany(a => a.ResourceTypes.SelectMany(t => t.ResourceType.ArnFormats)).Distinct(StringComparer.Ordinal).Select(ResourceTypeGenerators.SampleArn);
        var witnesses = fieldWise
            ? TextWitnesses.FindArns(fields, maxStates, Fill).Select(w => w.Text)
            : TextWitnesses.Find(patterns, maxStates).Select(w => Readable(w.Text, patterns)).OfType<string>();
        return [.. realistic.Concat(witnesses).Where(IsResourceArn).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The resource-type rule of one ARN format field by field: its service (when literal) and the literal
    /// text of its resource field up to the first variable.</summary>
    private static TextPattern?[] FormatFields(string format)
    {
        var parts = format.Split(':', 6);
        if (parts.Length < 6)
        {
            return [TextPattern.Exactly("\u0001"), null, null, null, null, null];
        }
        var service = ResourceTypeMatcher.NextVariable(parts[2], 0) < 0 ? TextPattern.Exactly(parts[2]) : null;
        var end = ResourceTypeMatcher.NextVariable(parts[5], 0);
        var resource = end < 0
            ? TextPattern.Exactly(parts[5])
            : new TextPattern([.. TextPattern.Exactly(parts[5][..end]).Steps, new TextStep(TextStepKind.Many)]);
        return [TextPattern.Exactly("arn"), null, service, null, null, resource];
    }

    /// <summary>The resource-type rule of one ARN format as a text question (<see cref="ResourceTypeMatcher"/>): its
    /// service, and the literal text of its resource field up to the first variable.</summary>
    private static TextPattern FormatPattern(string format)
    {
        var fields = format.Split(':', 6);
        if (fields.Length < 6)
        {
            return TextPattern.Exactly("\u0001");
        }
        var any = new TextStep(TextStepKind.Many, StopsAtColon: true);
        var steps = ImmutableArray.CreateBuilder<TextStep>();
        steps.AddRange(TextPattern.Exactly("arn:").Steps);
        steps.Add(any);
        steps.Add(new TextStep(TextStepKind.Literal, ':'));
        var service = fields[2];
        if (ResourceTypeMatcher.NextVariable(service, 0) < 0)
        {
            steps.AddRange(TextPattern.Exactly(service).Steps);
        }
        else
        {
            steps.Add(any);
        }
        steps.AddRange(new[] { new TextStep(TextStepKind.Literal, ':'), any, new TextStep(TextStepKind.Literal, ':'), any, new TextStep(TextStepKind.Literal, ':') });
        var resource = fields[5];
        var end = ResourceTypeMatcher.NextVariable(resource, 0);
        steps.AddRange(TextPattern.Exactly(end < 0 ? resource : resource[..end]).Steps);
        if (end >= 0)
        {
            steps.Add(new TextStep(TextStepKind.Many));
        }
        return new TextPattern(steps.ToImmutable());
    }

    /// <summary>A readable value for an ARN field's witness: <c>aws</c>, <c>ssm</c>, <c>us-east-1</c>, the account, or a
    /// resource with a name after its last slash.</summary>
    private static string? Fill(int field, string text) => field switch
    {
        1 when text.Length == 0 => "aws",
        2 when text.Length == 0 => "ssm",
        3 when text.Length == 0 => "us-east-1",
        4 when text.Length == 0 => Vocabulary.Account,
        5 when text.Length == 0 => "example",
        5 when text.EndsWith('/') => text + "example",
        _ => null,
    };

    /// <summary>An ARN a reader recognises, with the same answers: empty fields filled where that changes no answer.</summary>
    public static string? Readable(string arn, IReadOnlyList<TextPattern> patterns)
    {
        if (!Arn.TrySplit(arn, out var parts) || parts.Prefix != "arn")
        {
            return null;
        }
        var answers = TextWitnesses.Answers(patterns, arn);
        var fields = new[] { parts.Prefix, parts.Partition, parts.Service, parts.Region, parts.Account, parts.Resource };
        var fills = new (int Field, Func<string, string?> Fill)[]
        {
            (1, f => f.Length == 0 ? "aws" : null),
            (2, f => f.Length == 0 ? "ssm" : null),
            (3, f => f.Length == 0 ? "us-east-1" : null),
            (4, f => f.Length == 0 ? Vocabulary.Account : null),
            (5, f => f.Length == 0 ? "example" : f.EndsWith('/') ? f + "example" : null),
        };
        foreach (var (field, fill) in fills)
        {
            if (fill(fields[field]) is not { } filled)
            {
                continue;
            }
            var tried = (string[])fields.Clone();
            tried[field] = filled;
            var text = string.Join(':', tried);
            if (TextWitnesses.Answers(patterns, text) == answers)
            {
                fields = tried;
            }
        }
        return string.Join(':', fields);
    }

    private static bool IsResourceArn(string text) =>
        text.Length <= 2048 && Arn.TrySplit(text, out var arn) && arn.Prefix == "arn" && arn.Resource.Length > 0;
}
