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
        // The resource-type rule of the actions some statement names, so that each of their answers meets a resource of
        // their types where one exists; an action no statement names answers alike with an unknown action, for which
        // the simulator checks no resource type.
        var formats = actions.Where(a => AnyStatementNames(questions, a)).Select(questions.Services.FindAction).OfType<ServiceAction>()
            .SelectMany(a => a.ResourceTypes.SelectMany(t => t.ResourceType.ArnFormats)).Distinct(StringComparer.Ordinal).ToList();
        var patterns = new List<TextPattern>();
        foreach (var pattern in questions.Statements.SelectMany(s => s.Statement.Resource.Patterns))
        {
            if (pattern.Template.TryResolve(lookup, out var text, out var mask))
            {
                patterns.Add(TextPattern.Arn(text, mask));
            }
        }
        var realistic = actions.Select(questions.Services.FindAction).OfType<ServiceAction>()
            .SelectMany(a => a.ResourceTypes.SelectMany(t => t.ResourceType.ArnFormats)).Distinct(StringComparer.Ordinal).Select(ResourceTypeGenerators.SampleArn);
        var witnesses = TextWitnesses.Find(patterns, maxStates).Select(w => Readable(w.Text, patterns)).OfType<string>().ToList();
        // Per resource-type format, the resources of that type in every combination of the Resource answers: one small
        // search each (all formats in one search would multiply their automata).
        foreach (var format in formats.Select(FormatPattern).DistinctBy(p => string.Concat(p.Steps.Select(t => t.Kind == TextStepKind.Literal ? t.Char.ToString() : "\u0001"))))
        {
            List<TextPattern> withFormat = [.. patterns, format];
            witnesses.AddRange(TextWitnesses.Find(withFormat, maxStates).Where(w => w.Answers[^1] == '1')
                .Select(w => Readable(w.Text, withFormat)).OfType<string>());
        }
        return [.. realistic.Concat(witnesses).Where(IsResourceArn).Distinct(StringComparer.Ordinal)];
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
