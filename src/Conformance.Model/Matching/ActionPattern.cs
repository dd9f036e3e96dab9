namespace Conformance.Model.Matching;

/// <summary>
/// One entry of <c>Action</c>/<c>NotAction</c>: <c>service:ActionName</c> with wildcards, compared
/// case-insensitively (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
/// </summary>
/// <remarks>
/// Open question (probe action-name-question-mark; iam-facts §c): the documentation shows only <c>*</c> in action names. The model
/// also honours <c>?</c> as "one character", like every other IAM glob; no recorded answer settles it.
/// </remarks>
public sealed record ActionPattern
{
    // Invariant: _pattern is compiled from Text whenever Text is set, so `with { Text = ... }` stays consistent.
    // Stryker disable once String : replaced by the init accessor of Text, which the only constructor runs.
    private readonly string _text = "";
    // Stryker disable once String : as above.
    private readonly WildcardPattern _pattern = new("");

    public ActionPattern(string text) => Text = text;

    public string Text
    {
        get => _text;
        init
        {
            _text = value;
            _pattern = new WildcardPattern(value);
        }
    }

    /// <summary>Equal when the text is equal: the compiled pattern is derived state.</summary>
    public bool Equals(ActionPattern? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    public bool Matches(string actionName) => _pattern.Matches(actionName, ignoreCase: true);

    public override string ToString() => Text;
}
