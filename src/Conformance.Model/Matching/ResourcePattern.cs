using Conformance.Model.Policies;

namespace Conformance.Model.Matching;

/// <summary>
/// One entry of <c>Resource</c>/<c>NotResource</c>: <c>*</c> or an ARN pattern matched field by field,
/// possibly with policy variables in it.
/// </summary>
public sealed record ResourcePattern
{
    // Invariant: _compiled is derived from Template whenever Template is set (null when it has variables).
    // Stryker disable once String : replaced by the init accessor of Template, which the only constructor runs.
    private readonly PolicyTemplate _template = PolicyTemplate.Literal("*");
    private readonly ArnPattern? _compiled;

    public ResourcePattern(PolicyTemplate template) => Template = template;

    public PolicyTemplate Template
    {
        get => _template;
        init
        {
            _template = value;
            // Stryker disable once Conditional : a cache; the surviving mutant, "true ?", leaves it empty and Matches resolves the template each time, to the same pattern.
            _compiled = value.HasVariables ? null : Compile(value);
        }
    }

    /// <summary>Equal when the templates are equal: the compiled pattern is derived state.</summary>
    public bool Equals(ResourcePattern? other) => other is not null && Template.Equals(other.Template);

    public override int GetHashCode() => Template.GetHashCode();

    public string Text => Template.Text;

    // Stryker disable once Block : a cache; an empty body leaves _compiled null, and Matches resolves the template each time, to the same pattern.
    private static ArnPattern Compile(PolicyTemplate template)
    {
        template.TryResolve(_ => null, out var text, out var mask);
        return ArnPattern.Create(text, mask);
    }

    /// <summary>
    /// True when <paramref name="resourceArn"/> matches. An entry whose variable has no value matches
    /// no resource (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html,
    /// "Policy variables with no value").
    /// </summary>
    public bool Matches(string resourceArn, Func<string, string?> variables)
    {
        // Stryker disable once Block,Statement : a cache; without variables the template resolves below to the same pattern.
        if (_compiled is not null)
        {
            return _compiled.Matches(resourceArn);
        }
        if (!Template.TryResolve(variables, out var text, out var mask))
        {
            return false;
        }
        return ArnPattern.Create(text, mask).Matches(resourceArn);
    }

    public override string ToString() => Text;
}
