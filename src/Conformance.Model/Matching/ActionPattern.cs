namespace Conformance.Model.Matching;

/// <summary>
/// One entry of <c>Action</c>/<c>NotAction</c>: <c>service:ActionName</c> with wildcards, compared
/// case-insensitively (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
/// </summary>
/// <remarks>
/// Open question (iam-facts §c): the documentation shows only <c>*</c> in action names. The model
/// also honours <c>?</c> as "one character", like every other IAM glob; no recorded answer settles it.
/// </remarks>
public sealed record ActionPattern(string Text)
{
    private readonly WildcardPattern _pattern = new(Text);

    public bool Matches(string actionName) => _pattern.Matches(actionName, ignoreCase: true);

    public override string ToString() => Text;
}
