using System.Collections.Immutable;
using System.Text;
using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using Conformance.Model.Services;
using Conformance.Model.Simulation;

namespace Conformance.Campaign.Exhaustive;

/// <summary>A statement of the policy set with the name the decision table gives it.</summary>
/// <param name="Label">e.g. <c>PolicyInputList.1 statement 2</c> (with its Sid when it has one).</param>
public sealed record LabelledStatement(string Label, string ShortName, PolicySource Source, Statement Statement);

/// <summary>One condition of one statement: <c>(operator, key)</c> with its values, a test of its own.</summary>
public sealed record ConditionQuestion(int StatementIndex, int ConditionIndex, Condition Condition)
{
    /// <summary>The keys named in its values as policy variables (<c>${aws:username}</c>).</summary>
    public ImmutableArray<string> VariableKeys { get; } = [.. PolicyQuestions.VariablesOf(Condition.Values)];
}

/// <summary>
/// The yes/no questions a policy set asks of a request, whose answers decide it: for every statement (identity
/// policies, then the permissions boundary) whether its Action (or NotAction) matches the action, whether its Resource
/// (or NotResource) matches the resource, and each of its conditions; and before them the simulator's resource-type
/// rule (<see cref="ModelSimulator.OfActionResourceType"/>): a resource that is not of one of the action's resource
/// types is decided without reading the policies, so its other answers do not matter.
/// The decision is a function of these answers (<see cref="PolicyEvaluator"/> reads nothing else of a request with no
/// caller and no resource policy), so requests with the same answers are one equivalence class.
/// </summary>
public sealed class PolicyQuestions
{
    public PolicyQuestions(PolicySet policies, ServiceReference? services = null)
    {
        Policies = policies;
        Services = services ?? ServiceReference.Default;
        var statements = ImmutableArray.CreateBuilder<LabelledStatement>();
        for (var p = 0; p < policies.IdentityPolicies.Length; p++)
        {
            foreach (var s in policies.IdentityPolicies[p].Statements)
            {
                statements.Add(Label($"PolicyInputList.{p + 1}", policies.IdentityPolicies.Length == 1 ? "" : $"P{p + 1}.", PolicySource.Identity, s));
            }
        }
        if (policies.PermissionsBoundary is { } boundary)
        {
            foreach (var s in boundary.Statements)
            {
                statements.Add(Label("PermissionsBoundaryPolicyInputList.1", "B.", PolicySource.PermissionsBoundary, s));
            }
        }
        Statements = statements.ToImmutable();
        Conditions = [.. Statements.SelectMany((s, i) => s.Statement.Conditions.Select((c, j) => new ConditionQuestion(i, j, c)))];
        Keys = [.. Conditions.SelectMany(c => c.VariableKeys.Prepend(c.Condition.ContextKeyName))
            .Concat(ResourceVariableKeys)
            .Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    public PolicySet Policies { get; }

    public ServiceReference Services { get; }

    public ImmutableArray<LabelledStatement> Statements { get; }

    public ImmutableArray<ConditionQuestion> Conditions { get; }

    /// <summary>Every context key a condition reads or a variable names, once each (key names ignore case).</summary>
    public ImmutableArray<string> Keys { get; }

    /// <summary>The keys named as variables in Resource or NotResource entries: the resource's answers depend on them.</summary>
    public IEnumerable<string> ResourceVariableKeys =>
        Statements.SelectMany(s => VariablesOf(s.Statement.Resource.Patterns.Select(p => p.Template))).Distinct(StringComparer.OrdinalIgnoreCase);

    private static LabelledStatement Label(string policy, string prefix, PolicySource source, Statement statement) =>
        new($"{policy} statement {statement.Index + 1}{(statement.Sid is { Length: > 0 } sid ? $" ({sid})" : "")}",
            statement.Sid is { Length: > 0 } named ? prefix + named : $"{prefix}S{statement.Index + 1}", source, statement);

    public static IEnumerable<string> VariablesOf(IEnumerable<PolicyTemplate> templates) =>
        templates.SelectMany(t => t.Segments.OfType<TemplateSegment.Variable>().Select(v => v.Key)).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>Is the resource of one of the action's resource types (the simulator's rule)?</summary>
    public bool OfActionResourceType(string action, string resource) => ModelSimulator.OfActionResourceType(action, resource, Services);

    /// <summary>
    /// The answers about the action and the resource: <c>T0</c> when the resource is not of the action's resource
    /// types (nothing else matters then), else per statement <c>a</c>/<c>-</c> (Action matches or not) and
    /// <c>r</c>/<c>-</c> (Resource matches or not, its variables read from <paramref name="context"/>).
    /// </summary>
    public string TargetAnswers(string action, string resource, RequestContext context)
    {
        if (!OfActionResourceType(action, resource))
        {
            return "T0";
        }
        var builder = new StringBuilder("T1 ", 3 + Statements.Length * 2);
        foreach (var s in Statements)
        {
            builder.Append(PolicyEvaluator.ActionMatches(s.Statement.Action, action) ? 'a' : '-');
            builder.Append(PolicyEvaluator.ResourceMatches(s.Statement.Resource, resource, context) ? 'r' : '-');
        }
        return builder.ToString();
    }

    /// <summary>The answer of one condition in <paramref name="context"/>.</summary>
    public static bool ConditionAnswer(ConditionQuestion question, RequestContext context) =>
        ConditionEvaluator.Evaluate(question.Condition, context);

    /// <summary>The context SimulateCustomPolicy builds from these entries (no caller): what every answer is read from.</summary>
    public static RequestContext ContextOf(IEnumerable<ContextEntry> entries) =>
        SimulatorContext.Build(new SimulationRequest([], ["x:x"], ContextEntries: [.. entries]));
}
