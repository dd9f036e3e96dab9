using Conformance.Model.Evaluation;

namespace Conformance.Model.Conditions;

/// <summary>
/// Decides one <see cref="Condition"/> against the request context, following
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
/// and the "Important" box of the condition operators page on absent keys.
/// </summary>
public static class ConditionEvaluator
{
    /// <param name="missingKeys">Collects keys the condition read that the caller did not supply (for
    /// <c>MissingContextValues</c>); may be null.</param>
    public static bool Evaluate(Condition condition, RequestContext context, ISet<string>? missingKeys = null)
    {
        var op = condition.Operator;
        var present = context.TryGet(condition.ContextKeyName, out var value);
        // An IfExists condition accepts an absent key, so IAM does not report it as missing (recorded:
        // conditions.json negated_if_exists_absent_key); a key the simulator filled in by itself is reported
        // even then (recorded: simulation_defaults.json baseline_userid_ifexists_equals).
        if ((!present && !op.IfExists) || (present && !value.SuppliedByCaller))
        {
            missingKeys?.Add(condition.ContextKeyName);
        }

        if (op.Base == BaseOperator.Null)
        {
            // "true": the key is absent; "false": it is present. An empty string is a present value
            // (recorded: simulation_defaults.json empty_string_null_true).
            foreach (var v in condition.Values)
            {
                if (string.Equals(v.Text, "true", StringComparison.OrdinalIgnoreCase) ? !present : present)
                {
                    return true;
                }
            }
            return false;
        }

        if (!present || value.Values.IsEmpty)
        {
            if (op.IfExists)
            {
                return true;
            }
            return op.Qualifier switch
            {
                // ForAllValues is vacuously true for an absent key or an empty set; ForAnyValue is false.
                SetQualifier.ForAllValues => true,
                SetQualifier.ForAnyValue => false,
                // Absent key: positive operators are false, negated operators true.
                _ => op.IsNegated,
            };
        }

        return op.Qualifier switch
        {
            SetQualifier.ForAllValues => ForAllValues(condition, context, value, missingKeys),
            SetQualifier.ForAnyValue => ForAnyValue(condition, context, value, missingKeys),
            _ => PlainOperator(condition, context, value, missingKeys),
        };
    }

    /// <summary>Every request value matches (each against the policy values).</summary>
    private static bool ForAllValues(Condition condition, RequestContext context, ContextValue value, ISet<string>? missingKeys)
    {
        foreach (var request in value.Values)
        {
            if (!ValueMatches(condition, context, request, missingKeys))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>At least one request value matches.</summary>
    private static bool ForAnyValue(Condition condition, RequestContext context, ContextValue value, ISet<string>? missingKeys)
    {
        foreach (var request in value.Values)
        {
            if (ValueMatches(condition, context, request, missingKeys))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// An operator without a set qualifier on a multivalued (list-typed) key. Recorded
    /// (simulation_defaults.json controls_list_*): even a one-element <c>stringList</c> fails a plain
    /// <c>StringLike "*"</c>, <c>StringEqualsIfExists</c> and <c>Bool</c>. Open question: what negated plain
    /// operators do on a list; the model treats a list as never matching, so negated operators are true.
    /// </summary>
    private static bool PlainOperator(Condition condition, RequestContext context, ContextValue value, ISet<string>? missingKeys)
    {
        if (value.IsMultivalued)
        {
            return condition.Operator.IsNegated;
        }
        return ValueMatches(condition, context, value.Values[0], missingKeys);
    }

    /// <summary>
    /// One request value against the condition's policy values: any of them for a positive operator (OR),
    /// none of them for a negated operator (every pairwise "not" holds).
    /// </summary>
    private static bool ValueMatches(Condition condition, RequestContext context, string request, ISet<string>? missingKeys)
    {
        var op = condition.Operator;
        var negated = op.IsNegated;
        var precompiled = condition.PrecompiledValues;
        for (var i = 0; i < condition.Values.Length; i++)
        {
            var policy = precompiled[i]?.Value ?? Resolve(condition.Values[i], context, missingKeys);
            var pair = policy.Resolved ? Pair(op.Base, policy, request) : negated;
            if (negated && !pair)
            {
                return false;
            }
            if (!negated && pair)
            {
                return true;
            }
        }
        return negated;
    }

    private static PolicyValue Resolve(Policies.PolicyTemplate template, RequestContext context, ISet<string>? missingKeys)
    {
        if (missingKeys is not null)
        {
            foreach (var segment in template.Segments)
            {
                if (segment is Policies.TemplateSegment.Variable variable &&
                    (!context.TryGet(variable.Key, out var v) || !v.SuppliedByCaller))
                {
                    missingKeys.Add(variable.Key);
                }
            }
        }
        var resolved = template.TryResolve(context.Lookup, out var text, out var mask);
        return new PolicyValue(text, mask, resolved);
    }

    private static bool Pair(BaseOperator op, in PolicyValue policy, string request) => ConditionOperator.FamilyOf(op) switch
    {
        OperatorFamily.String => StringCondition.Pair(op, policy, request),
        OperatorFamily.Numeric => NumericCondition.Pair(op, policy, request),
        OperatorFamily.Date => DateCondition.Pair(op, policy, request),
        OperatorFamily.Bool => BoolCondition.Pair(policy, request),
        OperatorFamily.Binary => BinaryCondition.Pair(policy, request),
        OperatorFamily.Ip => IpCondition.Pair(op, policy, request),
        OperatorFamily.Arn => ArnCondition.Pair(op, policy, request),
        OperatorFamily.Null => throw new InvalidOperationException("Null is decided on presence, not by comparing values"),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown operator family"),
    };
}
