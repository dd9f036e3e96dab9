namespace Conformance.Model.Conditions;

/// <summary>
/// <c>BinaryEquals</c> (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals):
/// the policy holds base-64; the request value is base-64 text too; the bytes are compared.
/// Open question (probe binary-policy-value-not-base64): how IAM compares a value that is not valid base-64; the model then compares the text.
/// Open question: whether IAM decodes too, so that two spellings of the same bytes (white space, non-canonical padding bits)
/// are equal; the documentation says the values are compared in binary, and the model compares the decoded bytes.
/// </summary>
public static class BinaryCondition
{
    public static bool Pair(in PolicyValue policy, string request)
    {
        if (TryDecode(policy.Text, out var p) && TryDecode(request, out var r))
        {
            return p.AsSpan().SequenceEqual(r);
        }
        return string.Equals(policy.Text, request, StringComparison.Ordinal);
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
