using System.Collections.Immutable;
using System.Numerics;
using System.Text;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Campaign.Exhaustive;

/// <summary>The enumeration would pass a bound: too many classes, candidates or automaton states.</summary>
public sealed class EnumerationBoundException(string message) : Exception(message);

/// <summary>
/// The parts of a request whose answers depend on each other: the action and resource with the keys their Resource
/// entries name as variables, or a context key with the keys its conditions name as variables. Parts share no key,
/// so every combination of their answers is reachable: the classes of the policy set are the product of its parts'.
/// </summary>
/// <param name="HasTarget">Whether this part holds the action and the resource.</param>
/// <param name="Keys">Its context keys (variables first).</param>
/// <param name="Conditions">The conditions whose answers it holds.</param>
public sealed record RequestPart(bool HasTarget, ImmutableArray<string> Keys, ImmutableArray<string> VariableKeys, ImmutableArray<ConditionQuestion> Conditions)
{
    public string Name => HasTarget
        ? Keys.IsEmpty ? "action × resource" : $"action × resource × {string.Join(" × ", Keys)}"
        : string.Join(" × ", Keys);
}

/// <summary>One class of a part: the answers (its signature) and the first candidate that gave them.</summary>
public sealed record PartClass(string Signature, string? Action, string? Resource, ImmutableArray<ContextEntry> Entries);

/// <summary>One equivalence class of requests: its representative and every answer it gives.</summary>
/// <param name="Number">From 1, in enumeration order.</param>
/// <param name="Signature">The answers of every part, joined.</param>
public sealed record EquivalenceClass(int Number, string Signature, string Action, string Resource, ImmutableArray<ContextEntry> Context);

/// <summary>
/// The equivalence classes of requests for a small policy set (see <see cref="PolicyQuestions"/>): every part's
/// candidates (<see cref="TargetCandidates"/>, <see cref="KeyValueCandidates"/>) are combined within the part and
/// reduced to their distinct answers; the classes are the product of the parts' classes. Bounded before anything
/// large is built: the automaton states of each text search, the candidate combinations of each part and the
/// number of classes (the product is computed before a class is made).
/// </summary>
public sealed class EquivalenceClasses
{
    public const int DefaultMaxClasses = 100_000;
    private const int MaxStates = 200_000;
    private const long MaxCombinationsPerPart = 2_000_000;

    private EquivalenceClasses(PolicyQuestions questions, ImmutableArray<(RequestPart Part, ImmutableArray<PartClass> Classes)> parts)
    {
        Questions = questions;
        Parts = parts;
        Count = parts.Aggregate(BigInteger.One, (n, p) => n * p.Classes.Length);
    }

    public PolicyQuestions Questions { get; }

    public ImmutableArray<(RequestPart Part, ImmutableArray<PartClass> Classes)> Parts { get; }

    /// <summary>The number of classes: the product of the parts' class counts.</summary>
    public BigInteger Count { get; }

    /// <summary>Enumerates the parts' classes; throws <see cref="EnumerationBoundException"/> with a message for people
    /// when a bound is passed.</summary>
    public static EquivalenceClasses Enumerate(PolicyQuestions questions, int maxClasses = DefaultMaxClasses) =>
        Enumerate(questions, maxClasses, KeyValueCandidates.Choices.All);

    internal static EquivalenceClasses Enumerate(PolicyQuestions questions, int maxClasses, KeyValueCandidates.Choices choices)
    {
        var parts = ImmutableArray.CreateBuilder<(RequestPart, ImmutableArray<PartClass>)>();
        var count = BigInteger.One;
        foreach (var part in PartsOf(questions))
        {
            var classes = ClassesOf(questions, part, choices);
            count *= classes.Length;
            if (count > maxClasses)
            {
                throw new EnumerationBoundException(
                    $"the policies have more than {maxClasses:N0} classes of requests (--max-classes); the parts enumerated so far " +
                    $"({string.Join(", ", parts.Select(p => $"{p.Item1.Name}: {p.Item2.Length}").Append($"{part.Name}: {classes.Length}"))}) " +
                    $"already give {count:N0}. Give fewer policies or statements, or raise --max-classes.");
            }
            parts.Add((part, classes));
        }
        return new EquivalenceClasses(questions, parts.ToImmutable());
    }

    /// <summary>Every class, in order (the last part varies fastest).</summary>
    public IEnumerable<EquivalenceClass> All()
    {
        var index = new int[Parts.Length];
        var number = 0;
        while (true)
        {
            number++;
            yield return Combine(number, [.. Parts.Select((p, i) => p.Classes[index[i]])]);
            var at = Parts.Length - 1;
            while (at >= 0 && ++index[at] == Parts[at].Classes.Length)
            {
                index[at] = 0;
                at--;
            }
            if (at < 0)
            {
                yield break;
            }
        }
    }

    /// <summary>The class of a request: its answers in each part, or null when some part's answers were not enumerated
    /// (which the law test says never happens).</summary>
    public EquivalenceClass? Classify(string action, string resource, IEnumerable<ContextEntry> context)
    {
        var ctx = PolicyQuestions.ContextOf(context);
        var chosen = new List<PartClass>();
        foreach (var (part, classes) in Parts)
        {
            var signature = SignatureOf(Questions, part, action, resource, ctx);
            if (classes.FirstOrDefault(c => c.Signature == signature) is not { } match)
            {
                return null;
            }
            chosen.Add(match);
        }
        return Combine(0, chosen);
    }

    /// <summary>A request's answers in each part, joined as in <see cref="EquivalenceClass.Signature"/>.</summary>
    public string SignatureOf(string action, string resource, IEnumerable<ContextEntry> context)
    {
        var ctx = PolicyQuestions.ContextOf(context);
        return string.Join(" | ", Parts.Select(p => SignatureOf(Questions, p.Part, action, resource, ctx)));
    }

    private static EquivalenceClass Combine(int number, IReadOnlyList<PartClass> chosen)
    {
        var target = chosen.First(c => c.Action is not null);
        return new EquivalenceClass(number, string.Join(" | ", chosen.Select(c => c.Signature)), target.Action!, target.Resource!,
            [.. chosen.SelectMany(c => c.Entries).OrderBy(e => e.ContextKeyName, StringComparer.Ordinal)]);
    }

    /// <summary>The parts: keys joined by the variables their conditions name; the action and resource joined to the
    /// keys their Resource entries name.</summary>
    public static IReadOnlyList<RequestPart> PartsOf(PolicyQuestions questions)
    {
        const string Target = "\0target";
        var parent = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [Target] = Target };
        string Find(string x)
        {
            parent.TryAdd(x, x);
            while (!string.Equals(parent[x], x, StringComparison.OrdinalIgnoreCase))
            {
                x = parent[x] = parent[parent[x]];
            }
            return x;
        }
        void Union(string a, string b) => parent[Find(a)] = Find(b);

        foreach (var key in questions.Keys)
        {
            Find(key);
        }
        foreach (var condition in questions.Conditions)
        {
            foreach (var variable in condition.VariableKeys)
            {
                Union(variable, condition.Condition.ContextKeyName);
            }
        }
        foreach (var variable in questions.ResourceVariableKeys)
        {
            Union(variable, Target);
        }
        var variables = questions.Conditions.SelectMany(c => c.VariableKeys).Concat(questions.ResourceVariableKeys).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var roots = new[] { Target }.Concat(questions.Keys).Select(Find).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return
        [
            .. roots.Select(root =>
            {
                var keys = questions.Keys.Where(k => string.Equals(Find(k), root, StringComparison.OrdinalIgnoreCase)).ToList();
                return new RequestPart(
                    string.Equals(Find(Target), root, StringComparison.OrdinalIgnoreCase),
                    [.. keys.Where(variables.Contains), .. keys.Where(k => !variables.Contains(k))],
                    [.. keys.Where(variables.Contains)],
                    [.. questions.Conditions.Where(c => keys.Contains(c.Condition.ContextKeyName, StringComparer.OrdinalIgnoreCase))]);
            }),
        ];
    }

    private static string SignatureOf(PolicyQuestions questions, RequestPart part, string action, string resource, RequestContext context)
    {
        var builder = new StringBuilder();
        if (part.HasTarget)
        {
            builder.Append(questions.TargetAnswers(action, resource, context));
        }
        if (part.Conditions.Length > 0)
        {
            builder.Append(builder.Length > 0 ? " " : "").Append('c');
            foreach (var condition in part.Conditions)
            {
                builder.Append(PolicyQuestions.ConditionAnswer(condition, context) ? '1' : '0');
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// The classes of one part. Variables first: each variable key's candidates are told apart by its own conditions
    /// and by the constants of the conditions that name it, so that it can equal (or not) what they compare it
    /// with. Then, for each assignment of the variables, the other keys' candidates (their conditions read with the
    /// variables substituted) and the actions and resources (Resource entries substituted likewise).
    /// </summary>
    private static ImmutableArray<PartClass> ClassesOf(PolicyQuestions questions, RequestPart part, KeyValueCandidates.Choices choices)
    {
        IReadOnlyList<Model.Conditions.Condition> On(string key) =>
            [.. part.Conditions.Where(c => string.Equals(c.Condition.ContextKeyName, key, StringComparison.OrdinalIgnoreCase)).Select(c => c.Condition)];

        var variableChoices = part.VariableKeys.Select(v =>
        {
            var naming = part.Conditions.Where(c => c.VariableKeys.Contains(v, StringComparer.OrdinalIgnoreCase)).Select(c => c.Condition)
                .Where(c => c.Operator.Family is Model.Conditions.OperatorFamily.String or Model.Conditions.OperatorFamily.Arn);
            var constants = naming.SelectMany(c => On(c.ContextKeyName).Where(o => o.Values.All(t => !t.HasVariables)))
                .Where(c => c.Operator.Family is Model.Conditions.OperatorFamily.String or Model.Conditions.OperatorFamily.Arn)
                .SelectMany(c => KeyValueCandidates.Resolved(c, _ => null).Select(x => KeyValueCandidates.TextPatternOf(c.Operator.Base, x.Text, x.Mask)))
                .Concat(ResourceTexts(questions, v))
                .ToList();
            return KeyValueCandidates.For(v, [.. On(v).Where(c => c.Values.All(t => !t.HasVariables))], _ => null, constants, MaxStates, choices);
        }).ToList();
        var assignments = Product(variableChoices, part.Name);
        var actions = part.HasTarget ? TargetCandidates.Actions(questions, MaxStates) : [];

        var classes = new Dictionary<string, PartClass>(StringComparer.Ordinal);
        var order = new List<string>();
        long combinations = 0;
        foreach (var assignment in assignments)
        {
            var fixedEntries = assignment.OfType<ContextEntry>().ToList();
            var lookup = PolicyQuestions.ContextOf(fixedEntries).Lookup;
            var others = part.Keys.Skip(part.VariableKeys.Length).Select(k => KeyValueCandidates.For(k, On(k), lookup, [], MaxStates, choices)).ToList();
            var targets = part.HasTarget ? Targets(questions, actions, TargetCandidates.Resources(questions, actions, lookup, MaxStates), fixedEntries) : [(null, null)];
            var size = others.Aggregate((long)targets.Count, (n, o) => n * o.Count);
            combinations += size;
            if (combinations > MaxCombinationsPerPart)
            {
                throw new EnumerationBoundException(
                    $"the candidate values of {part.Name} combine in more than {MaxCombinationsPerPart:N0} ways; the policies are too large for --exhaustive");
            }
            foreach (var rest in Product(others, part.Name))
            {
                var entries = fixedEntries.Concat(rest.OfType<ContextEntry>()).ToImmutableArray();
                var context = PolicyQuestions.ContextOf(entries);
                foreach (var (action, resource) in targets)
                {
                    var signature = SignatureOf(questions, part, action ?? "", resource ?? "", context);
                    if (!classes.ContainsKey(signature))
                    {
                        classes[signature] = new PartClass(signature, action, resource, entries);
                        order.Add(signature);
                    }
                }
            }
        }
        return [.. order.Select(s => classes[s])];
    }

    /// <summary>The actions × resources worth combining: actions with the same answers to every Action test and the same
    /// resource-type answer on every candidate resource are one, and so are resources with the same Resource answers
    /// and the same resource-type answer for every action kept. (Exact: two such candidates give the same answers in
    /// every combination.)</summary>
    private static List<(string?, string?)> Targets(PolicyQuestions questions, IReadOnlyList<string> actions, IReadOnlyList<string> resources,
        IReadOnlyList<ContextEntry> variables)
    {
        var context = PolicyQuestions.ContextOf(variables);
        string Types(string action, IEnumerable<string> over) => string.Concat(over.Select(r => questions.OfActionResourceType(action, r) ? '1' : '0'));
        var keptActions = actions.DistinctBy(a =>
            string.Concat(questions.Statements.Select(s => PolicyEvaluator.ActionMatches(s.Statement.Action, a) ? '1' : '0')) + "|" + Types(a, resources)).ToList();
        var keptResources = resources.DistinctBy(r =>
            string.Concat(questions.Statements.Select(s => PolicyEvaluator.ResourceMatches(s.Statement.Resource, r, context) ? '1' : '0')) + "|" +
            string.Concat(keptActions.Select(a => questions.OfActionResourceType(a, r) ? '1' : '0'))).ToList();
        return [.. keptResources.SelectMany(r => keptActions.Select(a => ((string?)a, (string?)r)))];
    }

    /// <summary>Texts a variable in a Resource entry should be told apart from: the last path piece of every Resource
    /// entry, wildcards dropped (so the substituted entry can meet another one, or not).</summary>
    private static IEnumerable<TextPattern> ResourceTexts(PolicyQuestions questions, string variable)
    {
        if (!questions.ResourceVariableKeys.Contains(variable, StringComparer.OrdinalIgnoreCase))
        {
            return [];
        }
        return questions.Statements.SelectMany(s => s.Statement.Resource.Patterns)
            .Select(p => p.Text[(p.Text.LastIndexOf('/') + 1)..].Replace("*", "", StringComparison.Ordinal).Replace("?", "", StringComparison.Ordinal))
            .Where(t => !t.Contains("${", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).Select(t => TextPattern.Exactly(t));
    }

    private static IEnumerable<ContextEntry?[]> Product(IReadOnlyList<IReadOnlyList<ContextEntry?>> choices, string name)
    {
        var total = choices.Aggregate(1L, (n, c) => n * Math.Max(1, c.Count));
        if (total > MaxCombinationsPerPart)
        {
            throw new EnumerationBoundException(
                $"the candidate values of {name} combine in {total:N0} ways, more than {MaxCombinationsPerPart:N0}; the policies are too large for --exhaustive");
        }
        if (choices.Any(c => c.Count == 0))
        {
            yield break;
        }
        var index = new int[choices.Count];
        while (true)
        {
            yield return [.. choices.Select((c, i) => c[index[i]])];
            var at = choices.Count - 1;
            while (at >= 0 && ++index[at] == choices[at].Count)
            {
                index[at] = 0;
                at--;
            }
            if (at < 0)
            {
                yield break;
            }
        }
    }
}
