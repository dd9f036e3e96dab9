using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using Conformance.Model.Simulation;

namespace Conformance.Campaign.Exhaustive;

/// <summary>
/// The values of one context key that together give every answer the policies' conditions on that key can give:
/// built from the constants in the conditions plus one value outside each (the next number, the address past the
/// block, a text no pattern matches), absence, and for keys read under <c>ForAnyValue</c>/<c>ForAllValues</c> every
/// set of values that differ in what they match. A value per operator family, typed as that family's context type.
/// </summary>
public static class KeyValueCandidates
{
    /// <summary>Which candidates are made; every one is on, except in the law test's mutants, which show that the law
    /// fails without them.</summary>
    internal sealed record Choices(bool Absence = true, bool OutsideValues = true)
    {
        public static readonly Choices All = new();
    }

    /// <summary>Candidates for <paramref name="key"/>; null stands for "absent".</summary>
    /// <param name="conditions">The conditions that read the key.</param>
    /// <param name="lookup">Values of policy variables, for condition values that name one.</param>
    /// <param name="textAlso">More texts the key's value should be told apart from (for a key that other conditions
    /// name as a variable: their constants).</param>
    public static IReadOnlyList<ContextEntry?> For(string key, IReadOnlyList<Condition> conditions, Func<string, string?> lookup,
        IReadOnlyList<TextPattern> textAlso, int maxStates) => For(key, conditions, lookup, textAlso, maxStates, Choices.All);

    internal static IReadOnlyList<ContextEntry?> For(string key, IReadOnlyList<Condition> conditions, Func<string, string?> lookup,
        IReadOnlyList<TextPattern> textAlso, int maxStates, Choices choices)
    {
        var singles = new List<ContextEntry>();
        var families = conditions.Select(c => c.Operator.Family).Where(f => f != OperatorFamily.Null).Distinct().ToList();
        if (families.Count == 0 || textAlso.Count > 0 || families.Contains(OperatorFamily.String) || families.Contains(OperatorFamily.Arn))
        {
            var patterns = conditions.Where(c => c.Operator.Family is OperatorFamily.String or OperatorFamily.Arn)
                .SelectMany(c => Resolved(c, lookup).Select(v => TextPatternOf(c.Operator.Base, v.Text, v.Mask)))
                .Concat(textAlso).ToList();
            if (families.Contains(OperatorFamily.Arn))
            {
                // ARN operators also ask whether the value is an ARN at all (six fields): false for both ArnLike and
                // ArnNotLike when it is not.
                patterns.Add(TextPattern.Arn("*:*:*:*:*:*"));
            }
            singles.AddRange(Texts(patterns, maxStates, choices.OutsideValues).Select(t => Single(key, ContextKeyType.String, t)));
        }
        foreach (var family in families)
        {
            var values = conditions.Where(c => c.Operator.Family == family).SelectMany(c => Resolved(c, lookup)).Select(v => v.Text).ToList();
            var typed = family switch
            {
                _ when !choices.OutsideValues => values.Where(v => ContextValueFormats.Accepts(TypeOf(family), v)).Select(v => Single(key, TypeOf(family), v)),
                OperatorFamily.Numeric => Numbers(values).Select(v => Single(key, ContextKeyType.Numeric, v)),
                OperatorFamily.Date => Dates(values).Select(v => Single(key, ContextKeyType.Date, v)),
                OperatorFamily.Bool => new[] { "true", "false" }.Select(v => Single(key, ContextKeyType.Boolean, v)),
                OperatorFamily.Binary => values.Append("AAAA").Where(v => ContextValueFormats.Accepts(ContextKeyType.Binary, v))
                    .Distinct(StringComparer.Ordinal).Select(v => Single(key, ContextKeyType.Binary, v)),
                OperatorFamily.Ip => Addresses(values).Select(v => Single(key, ContextKeyType.Ip, v)),
                _ => [],
            };
            singles.AddRange(typed);
            if (choices.OutsideValues && family is OperatorFamily.Numeric or OperatorFamily.Date or OperatorFamily.Ip or OperatorFamily.Binary)
            {
                // A value the family cannot read (sent as a string): numeric, IP and binary comparisons are false,
                // DateNotEquals true.
                singles.Add(Single(key, ContextKeyType.String, "unreadable"));
            }
        }

        var candidates = new List<ContextEntry?>();
        if (choices.Absence)
        {
            candidates.Add(null);
        }
        candidates.AddRange(singles);
        var setConditions = conditions.Where(c => c.Operator.Qualifier != SetQualifier.None).ToList();
        if (setConditions.Count == 0)
        {
            // Several values: a plain operator is false on a multivalued key, negated or not.
            if (singles.Count > 0)
            {
                candidates.Add(ListOf(singles[0]));
            }
            return candidates;
        }
        candidates.AddRange(Sets(key, singles, setConditions, maxStates));
        return candidates;
    }

    /// <summary>Every non-empty set of values whose members differ in what the set-qualified conditions match, per type.</summary>
    private static IEnumerable<ContextEntry> Sets(string key, List<ContextEntry> singles, List<Condition> setConditions, int maxStates)
    {
        foreach (var byType in singles.GroupBy(s => s.ContextKeyType))
        {
            var distinct = byType
                .Select(s => ListOf(s))
                .GroupBy(list => string.Concat(setConditions.Select(c => ConditionEvaluator.Evaluate(c, PolicyQuestions.ContextOf([list])) ? '1' : '0')))
                .Select(g => g.First().ContextKeyValues[0])
                .ToList();
            if (distinct.Count > 12)
            {
                throw new EnumerationBoundException(
                    $"{key} has {distinct.Count} kinds of value under ForAnyValue/ForAllValues: 2^{distinct.Count} sets of them are too many to enumerate");
            }
            for (var mask = 1; mask < 1 << distinct.Count; mask++)
            {
                var m = mask;
                yield return new ContextEntry(key, [.. distinct.Where((_, i) => (m & (1 << i)) != 0)], ListType(byType.Key));
            }
        }
    }

    private static ContextKeyType TypeOf(OperatorFamily family) => family switch
    {
        OperatorFamily.Numeric => ContextKeyType.Numeric,
        OperatorFamily.Date => ContextKeyType.Date,
        OperatorFamily.Bool => ContextKeyType.Boolean,
        OperatorFamily.Binary => ContextKeyType.Binary,
        OperatorFamily.Ip => ContextKeyType.Ip,
        _ => ContextKeyType.String,
    };

    private static ContextEntry Single(string key, ContextKeyType type, string value) => new(key, [value], type);

    private static ContextEntry ListOf(ContextEntry single) => single with { ContextKeyType = ListType(single.ContextKeyType) };

    private static ContextKeyType ListType(ContextKeyType type) => type switch
    {
        ContextKeyType.String => ContextKeyType.StringList,
        ContextKeyType.Numeric => ContextKeyType.NumericList,
        ContextKeyType.Date => ContextKeyType.DateList,
        ContextKeyType.Boolean => ContextKeyType.BooleanList,
        ContextKeyType.Binary => ContextKeyType.BinaryList,
        ContextKeyType.Ip => ContextKeyType.IpList,
        _ => type,
    };

    /// <summary>The condition's values with their variables substituted; a value whose variable has no value is left out
    /// (it matches nothing, whatever the key's value).</summary>
    public static IEnumerable<(string Text, bool[]? Mask)> Resolved(Condition condition, Func<string, string?> lookup)
    {
        foreach (var template in condition.Values)
        {
            if (template.TryResolve(lookup, out var text, out var mask))
            {
                yield return (text, mask);
            }
        }
    }

    /// <summary>The text question one value of a string or ARN condition asks.</summary>
    public static TextPattern TextPatternOf(BaseOperator op, string text, bool[]? mask) => op switch
    {
        BaseOperator.StringEquals or BaseOperator.StringNotEquals => TextPattern.Exactly(text),
        BaseOperator.StringEqualsIgnoreCase or BaseOperator.StringNotEqualsIgnoreCase => TextPattern.Exactly(text, ignoreCase: true),
        BaseOperator.StringLike or BaseOperator.StringNotLike => TextPattern.Glob(text, mask),
        _ => TextPattern.Arn(text, mask),
    };

    /// <summary>One text per combination of answers, made readable where that keeps the answers: an empty text that
    /// is not needed as such becomes <c>Other</c>.</summary>
    public static IEnumerable<string> Texts(IReadOnlyList<TextPattern> patterns, int maxStates, bool outside = true)
    {
        foreach (var (text, answers) in TextWitnesses.Find(patterns, maxStates))
        {
            if (!outside && patterns.Count > 0 && !answers.Contains('1'))
            {
                continue;
            }
            yield return text.Length == 0 && TextWitnesses.Answers(patterns, "Other") == answers ? "Other" : text;
        }
    }

    /// <summary>Each constant, one below the smallest, one above the largest, and one between each two.</summary>
    private static IEnumerable<string> Numbers(IEnumerable<string> constants)
    {
        var points = constants.Select(c => NumericCondition.TryParse(c, out var d) ? (double?)d : null).OfType<double>().Distinct().Order().ToList();
        if (points.Count == 0)
        {
            return ["0"];
        }
        var values = new List<double> { points[0] - 1 };
        for (var i = 0; i < points.Count; i++)
        {
            values.Add(points[i]);
            values.Add(i + 1 < points.Count ? (points[i] + points[i + 1]) / 2 : points[i] + 1);
        }
        return values.Distinct().Select(v => v.ToString("R", CultureInfo.InvariantCulture)).Where(v => ContextValueFormats.Accepts(ContextKeyType.Numeric, v));
    }

    /// <summary>Each date, a second before the earliest, a second after the latest, and one between each two.</summary>
    private static IEnumerable<string> Dates(IEnumerable<string> constants)
    {
        var points = constants.Select(c => DateCondition.TryParse(c, out var d) ? (long?)d.ToUnixTimeSeconds() : null).OfType<long>().Distinct().Order().ToList();
        if (points.Count == 0)
        {
            points.Add(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        }
        var values = new List<long> { points[0] - 1 };
        for (var i = 0; i < points.Count; i++)
        {
            values.Add(points[i]);
            values.Add(i + 1 < points.Count ? points[i] + Math.Max(1, (points[i + 1] - points[i]) / 2) : points[i] + 1);
        }
        return values.Distinct().Select(s => DateTimeOffset.FromUnixTimeSeconds(s).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>Each block's first and last address and the addresses just outside it, and one address of each family.</summary>
    private static IEnumerable<string> Addresses(IEnumerable<string> blocks)
    {
        var values = new List<string> { "192.0.2.1", "2001:db8::1" };
        foreach (var block in blocks)
        {
            if (!IpText.TryParseNetwork(block, out var network))
            {
                continue;
            }
            var first = new System.Numerics.BigInteger(network.BaseAddress.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
            var bits = network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
            var last = first + (System.Numerics.BigInteger.One << (bits - network.PrefixLength)) - 1;
            foreach (var n in new[] { first - 1, first, last, last + 1 })
            {
                if (n >= 0 && n < System.Numerics.BigInteger.One << bits)
                {
                    var bytes = n.ToByteArray(isUnsigned: true, isBigEndian: true);
                    var padded = new byte[bits / 8];
                    bytes.CopyTo(padded, padded.Length - bytes.Length);
                    values.Add(new IPAddress(padded).ToString());
                }
            }
        }
        return values.Distinct(StringComparer.Ordinal).Where(v => ContextValueFormats.Accepts(ContextKeyType.Ip, v));
    }
}
