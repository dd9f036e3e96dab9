using System.Collections.Immutable;
using System.Globalization;
using Conformance.Campaign.Exhaustive;
using Conformance.Generators;
using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;
using Conformance.Model.Matching;
using Conformance.Model.SendCommand;
using Conformance.Model.Services;
using Conformance.Model.Simulation;

namespace Conformance.Campaign.Directed;

/// <summary>
/// What a policy-directed campaign asks about, drawn from the given policies (and fleet): the actions they name and
/// actions near them, the resources their patterns match and resources just outside, and for every condition key
/// the values that meet its constants, miss them narrowly, or are absent. Built on the exhaustive mode's candidates
/// (one value per distinct answer) with the near misses IAM might read differently from the model on top.
/// </summary>
/// <param name="KnownActions">Actions the Service Authorization Reference knows: named, matched by a wildcard, or other
/// actions of the same service.</param>
/// <param name="UnknownActions">Near misses it does not know (<c>ssm:SendCommands</c>); IAM takes them only in a call
/// without known actions.</param>
/// <param name="Resources">Resources to ask about, the fleet's nodes first.</param>
/// <param name="KeyValues">Per condition key, its values (null: absent), the ones that meet a constant first.</param>
/// <param name="NodeContexts">Per node of the fleet, its ARN and its tags as <c>ssm:resourceTag/…</c> and
/// <c>aws:ResourceTag/…</c> keys.</param>
public sealed record DirectedVocabulary(
    ImmutableArray<string> KnownActions,
    ImmutableArray<string> UnknownActions,
    ImmutableArray<string> Resources,
    ImmutableArray<(string Key, ImmutableArray<ContextEntry?> Values)> KeyValues,
    ImmutableArray<(string Arn, ImmutableArray<ContextEntry> Tags)> NodeContexts)
{
    private const int MaxStates = 200_000;

    public static DirectedVocabulary From(PolicyQuestions questions, Fleet? fleet = null)
    {
        var services = questions.Services;
        var candidates = TargetCandidates.Actions(questions, MaxStates);
        var named = questions.Statements.SelectMany(s => s.Statement.Action.Patterns).Select(p => p.Text).ToList();
        var literal = named.Where(n => !n.Contains('*') && !n.Contains('?')).ToList();
        var known = new List<string>();
        // Named actions first (as the Service Authorization Reference spells them), then those a wildcard matches,
        // then other actions of the same services.
        known.AddRange(literal.Select(n => services.FindAction(n)?.FullName).OfType<string>());
        known.AddRange(candidates.Where(a => services.FindAction(a) is not null && TargetCandidates.AnyStatementNames(questions, a)));
        known.AddRange(candidates.Where(a => services.FindAction(a) is not null));
        var unknown = literal.SelectMany(NearMisses).Where(a => services.FindAction(a) is null)
            .Concat(candidates.Where(a => services.FindAction(a) is null));

        var nodes = fleet?.Nodes.Select(n => (n.Arn("aws"), Tags(n.Tags))).ToImmutableArray() ?? [];
        var resources = new List<string>(nodes.Select(n => n.Item1));
        resources.AddRange(TargetCandidates.Resources(questions, candidates, _ => null, MaxStates));
        foreach (var pattern in questions.Statements.SelectMany(s => s.Statement.Resource.Patterns).Where(p => !p.Template.HasVariables && p.Text != "*"))
        {
            resources.AddRange(ArnNearMisses(pattern.Text));
        }

        var keyValues = new List<(string, ImmutableArray<ContextEntry?>)>();
        foreach (var key in questions.Keys)
        {
            var conditions = questions.Conditions.Where(c => string.Equals(c.Condition.ContextKeyName, key, StringComparison.OrdinalIgnoreCase))
                .Select(c => c.Condition).ToList();
            var exact = KeyValueCandidates.For(key, conditions, _ => null, [], MaxStates);
            var near = conditions.SelectMany(c => ValueNearMisses(key, c));
            var matching = exact.Where(e => e is not null && conditions.Any(c => ConditionEvaluator.Evaluate(c, PolicyQuestions.ContextOf([e]))));
            var fromFleet = fleet is null ? [] : fleet.Nodes.SelectMany(n => Tags(n.Tags)).Where(t => string.Equals(t.ContextKeyName, key, StringComparison.OrdinalIgnoreCase));
            keyValues.Add((key, [.. matching.Concat(exact).Concat(near).Concat(fromFleet).DistinctBy(Describe)]));
        }
        return new DirectedVocabulary(
            [.. known.Distinct(StringComparer.OrdinalIgnoreCase)],
            [.. unknown.Distinct(StringComparer.OrdinalIgnoreCase).Where(a => a.Length is >= 3 and <= 128)],
            [.. resources.Where(r => Arn.TrySplit(r, out var arn) && arn.Resource.Length > 0).Distinct(StringComparer.Ordinal)],
            [.. keyValues],
            nodes);
    }

    /// <summary>A node's tags as the keys a policy reads them by.</summary>
    public static ImmutableArray<ContextEntry> Tags(IEnumerable<Tag> tags) =>
    [
        .. tags.DistinctBy(t => t.Key, StringComparer.OrdinalIgnoreCase).SelectMany(t => new[]
        {
            new ContextEntry($"ssm:resourceTag/{t.Key}", [t.Value], ContextKeyType.String),
            new ContextEntry($"aws:ResourceTag/{t.Key}", [t.Value], ContextKeyType.String),
        }),
    ];

    private static string Describe(ContextEntry? e) =>
        e is null ? "(absent)" : $"{e.ContextKeyType}:{string.Join("\u0001", e.ContextKeyValues)}";

    /// <summary>Plural, singular, one character less, case changed.</summary>
    private static IEnumerable<string> NearMisses(string action)
    {
        yield return action.EndsWith('s') ? action[..^1] : action + "s";
        yield return action[..^1];
        yield return action.ToUpperInvariant();
    }

    /// <summary>The pattern's ARN with each field changed in turn: another partition, service, region, account, and a
    /// resource one character longer and one of another type.</summary>
    private static IEnumerable<string> ArnNearMisses(string pattern)
    {
        if (!Model.Matching.Arn.TrySplit(pattern, out var arn))
        {
            yield break;
        }
        static string Fill(string field, string instead) => field.Replace("*", instead, StringComparison.Ordinal).Replace('?', 'z');
        var partition = Fill(arn.Partition, "aws");
        var service = Fill(arn.Service, "ssm");
        var region = Fill(arn.Region, "us-east-1");
        var account = Fill(arn.Account, Vocabulary.Account);
        var resource = Fill(arn.Resource, "example");
        string Compose(string p, string s, string r, string a, string res) => $"arn:{p}:{s}:{r}:{a}:{res}";
        yield return Compose(partition, service, region, account, resource);
        yield return Compose(partition == "aws" ? "aws-cn" : "aws", service, region, account, resource);
        yield return Compose(partition, service == "ssm" ? "ec2" : "ssm", region, account, resource);
        yield return Compose(partition, service, region == "us-east-1" ? "us-west-2" : "us-east-1", account, resource);
        yield return Compose(partition, service, region, account == Vocabulary.Account ? Vocabulary.OtherAccount : Vocabulary.Account, resource);
        yield return Compose(partition, service, region, account.Length == 0 ? Vocabulary.Account : "", resource);
        yield return Compose(partition, service, region, account, resource + "x");
        var slash = resource.IndexOf('/');
        if (slash > 0)
        {
            yield return Compose(partition, service, region, account, resource[..slash].ToUpperInvariant() + resource[slash..]);
        }
    }

    /// <summary>Near misses of a condition's constants: case changed, one character more or less, empty, several values,
    /// wildcard instances, and the numbers, dates and addresses just beside them.</summary>
    private static IEnumerable<ContextEntry?> ValueNearMisses(string key, Condition condition)
    {
        var values = KeyValueCandidates.Resolved(condition, _ => null).Select(v => v.Text).ToList();
        switch (condition.Operator.Family)
        {
            case OperatorFamily.String or OperatorFamily.Arn:
                foreach (var v in values)
                {
                    foreach (var text in new[]
                             {
                                 v.ToUpperInvariant(), v.ToLowerInvariant(), v + "s", v.Length > 0 ? v[..^1] : "x", "",
                                 v.Replace("*", "", StringComparison.Ordinal).Replace('?', 'z'),
                                 v.Replace("*", "abc", StringComparison.Ordinal).Replace('?', 'Q'),
                             })
                    {
                        yield return new ContextEntry(key, [text], ContextKeyType.String);
                    }
                }
                if (values.Count > 0)
                {
                    yield return new ContextEntry(key, [values[0], values[0] + "-other"], ContextKeyType.StringList);
                }
                break;
            case OperatorFamily.Numeric:
                foreach (var v in values.Where(v => NumericCondition.TryParse(v, out _)))
                {
                    NumericCondition.TryParse(v, out var d);
                    foreach (var n in new[] { d - 0.5, d + 0.5, -d })
                    {
                        yield return new ContextEntry(key, [n.ToString("R", CultureInfo.InvariantCulture)], ContextKeyType.Numeric);
                    }
                }
                break;
            case OperatorFamily.Date:
                foreach (var v in values.Where(v => DateCondition.TryParse(v, out _)))
                {
                    DateCondition.TryParse(v, out var d);
                    foreach (var t in new[] { d.AddDays(-1), d.AddDays(1), d.AddYears(1) })
                    {
                        yield return new ContextEntry(key, [t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)], ContextKeyType.Date);
                    }
                }
                break;
            case OperatorFamily.Bool:
                yield return new ContextEntry(key, ["TRUE"], ContextKeyType.Boolean);
                yield return new ContextEntry(key, ["yes"], ContextKeyType.Boolean);
                yield return new ContextEntry(key, ["true"], ContextKeyType.String);
                break;
            default:
                break;
        }
    }
}
