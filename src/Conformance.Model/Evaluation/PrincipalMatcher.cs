using Conformance.Model.Matching;
using Conformance.Model.Policies;

namespace Conformance.Model.Evaluation;

/// <summary>
/// Matches a resource policy's <c>Principal</c>/<c>NotPrincipal</c> against SimulateCustomPolicy's <c>CallerArn</c>
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
/// </summary>
/// <remarks>
/// Open question (probe account-principal-in-resource-policy): an account principal (<c>123456789012</c> or <c>arn:aws:iam::123456789012:root</c>) delegates
/// to the account's identity policies in live IAM; the model lets it match every caller of that account.
/// </remarks>
public static class PrincipalMatcher
{
    public static bool Matches(PrincipalBlock block, string? callerArn)
    {
        var named = block.IsWildcard || (callerArn is not null && AnyEntryMatches(block, callerArn));
        return named != block.IsNot;
    }

    private static bool AnyEntryMatches(PrincipalBlock block, string callerArn)
    {
        foreach (var entry in block.Entries)
        {
            if (EntryMatches(entry, callerArn))
            {
                return true;
            }
        }
        return false;
    }

    private static bool EntryMatches(PrincipalEntry entry, string callerArn)
    {
        if (entry.Type != "AWS")
        {
            return false;
        }
        if (entry.Value == "*" || string.Equals(entry.Value, callerArn, StringComparison.Ordinal))
        {
            return true;
        }
        if (!Arn.TrySplit(callerArn, out var caller))
        {
            return false;
        }
        return entry.Value == caller.Account || entry.Value == $"arn:{caller.Partition}:iam::{caller.Account}:root";
    }
}
