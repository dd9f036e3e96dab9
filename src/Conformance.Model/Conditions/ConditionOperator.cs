using System.Collections.Frozen;

namespace Conformance.Model.Conditions;

/// <summary>The operator families of the IAM condition operators page
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).</summary>
public enum OperatorFamily { String, Numeric, Date, Bool, Binary, Ip, Arn, Null }

/// <summary>Every base condition operator, without <c>IfExists</c> and without a set qualifier.</summary>
public enum BaseOperator
{
    StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike, StringNotLike,
    NumericEquals, NumericNotEquals, NumericLessThan, NumericLessThanEquals, NumericGreaterThan, NumericGreaterThanEquals,
    DateEquals, DateNotEquals, DateLessThan, DateLessThanEquals, DateGreaterThan, DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress, NotIpAddress,
    ArnEquals, ArnLike, ArnNotEquals, ArnNotLike,
    Null,
}

/// <summary><c>ForAllValues:</c> / <c>ForAnyValue:</c> prefixes
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html).</summary>
public enum SetQualifier { None, ForAllValues, ForAnyValue }

/// <summary>A condition operator as written in a policy: qualifier, base operator, IfExists suffix.</summary>
public sealed record ConditionOperator(SetQualifier Qualifier, BaseOperator Base, bool IfExists)
{
    private static readonly FrozenDictionary<string, BaseOperator> BaseByName =
        Enum.GetValues<BaseOperator>().ToFrozenDictionary(o => o.ToString(), StringComparer.Ordinal);

    public OperatorFamily Family => FamilyOf(Base);

    /// <summary>Negated operators are true when the key is absent and match none-of their values.</summary>
    public bool IsNegated => IsNegatedOperator(Base);

    public string Name =>
        (Qualifier == SetQualifier.None ? "" : Qualifier + ":") + Base + (IfExists ? "IfExists" : "");

    public override string ToString() => Name;

    public static OperatorFamily FamilyOf(BaseOperator op) => op switch
    {
        >= BaseOperator.StringEquals and <= BaseOperator.StringNotLike => OperatorFamily.String,
        >= BaseOperator.NumericEquals and <= BaseOperator.NumericGreaterThanEquals => OperatorFamily.Numeric,
        >= BaseOperator.DateEquals and <= BaseOperator.DateGreaterThanEquals => OperatorFamily.Date,
        BaseOperator.Bool => OperatorFamily.Bool,
        BaseOperator.BinaryEquals => OperatorFamily.Binary,
        BaseOperator.IpAddress or BaseOperator.NotIpAddress => OperatorFamily.Ip,
        >= BaseOperator.ArnEquals and <= BaseOperator.ArnNotLike => OperatorFamily.Arn,
        BaseOperator.Null => OperatorFamily.Null,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown operator"),
    };

    public static bool IsNegatedOperator(BaseOperator op) => op is
        BaseOperator.StringNotEquals or BaseOperator.StringNotEqualsIgnoreCase or BaseOperator.StringNotLike or
        BaseOperator.NumericNotEquals or BaseOperator.DateNotEquals or BaseOperator.NotIpAddress or
        BaseOperator.ArnNotEquals or BaseOperator.ArnNotLike;

    /// <summary>
    /// Parses an operator name such as <c>ForAnyValue:StringNotLikeIfExists</c>. Names are
    /// case-sensitive: the documentation spells them one way only and never shows another.
    /// Open question (probe operator-name-case): does IAM accept <c>stringequals</c>? No recorded answer says.
    /// </summary>
    public static ConditionOperator? TryParse(string name)
    {
        var qualifier = SetQualifier.None;
        var rest = name;
        if (rest.StartsWith("ForAllValues:", StringComparison.Ordinal))
        {
            qualifier = SetQualifier.ForAllValues;
            rest = rest["ForAllValues:".Length..];
        }
        else if (rest.StartsWith("ForAnyValue:", StringComparison.Ordinal))
        {
            qualifier = SetQualifier.ForAnyValue;
            rest = rest["ForAnyValue:".Length..];
        }
        var ifExists = false;
        if (rest.EndsWith("IfExists", StringComparison.Ordinal))
        {
            ifExists = true;
            rest = rest[..^"IfExists".Length];
        }
        if (!BaseByName.TryGetValue(rest, out var op))
        {
            return null;
        }
        // Null already speaks about presence. IfExists goes on "any condition operator except the Null condition"
        // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists).
        // Open question (probe null-set-qualifier): the page documents no set form of Null either, nor refuses one.
        if (op == BaseOperator.Null && (ifExists || qualifier != SetQualifier.None))
        {
            return null;
        }
        return new ConditionOperator(qualifier, op, ifExists);
    }
}
