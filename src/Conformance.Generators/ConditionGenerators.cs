using System.Collections.Immutable;
using System.Globalization;
using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Generators;

/// <summary>
/// Condition blocks drawn mostly from the keys and values the request will carry: the resource's tags as
/// <c>ssm:resourceTag/&lt;k&gt;</c> and <c>aws:ResourceTag/&lt;k&gt;</c>, <c>aws:SourceVpce</c>, <c>aws:ViaAWSService</c>,
/// <c>aws:SourceIp</c>, principal tags and typed extra keys; sometimes keys the request lacks. Every operator family
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html), IfExists,
/// the set qualifiers and Null, each behind a <see cref="GeneratorSettings"/> switch.
/// </summary>
public static class ConditionGenerators
{
    /// <summary>A condition on a key of <paramref name="context"/> or on a key it lacks.</summary>
    public static Gen<Condition> ConditionNear(GeneratorSettings settings, RequestContext? context)
    {
        var present = (context?.Values ?? [])
            .Where(v => v.SuppliedByCaller && v.Values.Length > 0 && !IsSimulatorDefault(v.Key) && Enabled(settings, v.Type))
            .OrderBy(v => v.Key, StringComparer.Ordinal) // Invariant: no hash order reaches a generator, so seeds replay.
            .ToArray();
        var absent = Vocabulary.AbsentCandidates
            .Where(v => context is null || !context.TryGet(v.Key, out _))
            .Where(v => Enabled(settings, v.Type))
            .ToArray();
        var choices = new List<(int, Gen<Condition>)>();
        if (present.Length > 0)
        {
            choices.Add((6, Gen.Elements(present).SelectMany(v => On(settings, v))));
        }
        if (absent.Length > 0 && settings.AbsentKeyWeight > 0)
        {
            choices.Add((settings.AbsentKeyWeight, Gen.Elements(absent).SelectMany(v => On(settings, v))));
        }
        var all = present.Concat(absent).ToArray();
        choices.Add((1, from key in Gen.Elements(all.Select(v => v.Key).ToArray())
                        from spelled in KeySpelling(key)
                        from value in Gen.Elements("true", "false")
                        select Make(BaseOperator.Null, spelled, [value])));
        return Gen.Frequency(choices.ToArray());
    }

    public static bool IsSimulatorDefault(string key) =>
        Vocabulary.SimulatorDefaultKeys.Contains(key, StringComparer.OrdinalIgnoreCase);

    private static bool Enabled(GeneratorSettings settings, ContextKeyType type) => type switch
    {
        ContextKeyType.Ip or ContextKeyType.IpList => settings.IpConditions,
        ContextKeyType.Date or ContextKeyType.DateList => settings.DateConditions,
        ContextKeyType.Numeric or ContextKeyType.NumericList => settings.NumericConditions,
        ContextKeyType.Binary or ContextKeyType.BinaryList => settings.BinaryConditions,
        _ => true,
    };

    /// <summary>A condition on <paramref name="key"/>, with an operator of a family that fits its type and values
    /// near its (actual or typical) value.</summary>
    private static Gen<Condition> On(GeneratorSettings settings, ContextValue key)
    {
        var sample = key.Values[0];
        return key.Type switch
        {
            ContextKeyType.String when key.Key.Equals("aws:PrincipalArn", StringComparison.OrdinalIgnoreCase) =>
                Gen.Frequency((3, ArnCondition(settings, key.Key, sample)), (1, StringCondition(settings, key.Key, sample))),
            ContextKeyType.String or ContextKeyType.StringList => StringCondition(settings, key.Key, sample),
            ContextKeyType.Ip or ContextKeyType.IpList => IpCondition(settings, key.Key, sample),
            ContextKeyType.Numeric or ContextKeyType.NumericList => NumericCondition(settings, key.Key, sample),
            ContextKeyType.Date or ContextKeyType.DateList => DateCondition(settings, key.Key, sample),
            ContextKeyType.Boolean or ContextKeyType.BooleanList =>
                from value in Gen.Frequency((3, Gen.Constant(sample.ToLowerInvariant())), (2, Gen.Elements("true", "false")))
                from op in Modifiers(settings, BaseOperator.Bool)
                from spelled in KeySpelling(key.Key)
                select Make(op, spelled, [value]),
            ContextKeyType.Binary or ContextKeyType.BinaryList =>
                from value in Gen.Elements(sample, sample, "BAUG")
                from op in Modifiers(settings, BaseOperator.BinaryEquals)
                select Make(op, key.Key, [value]),
            _ => throw new ArgumentOutOfRangeException(nameof(key), key.Type, "unknown context key type"),
        };
    }

    /// <summary>The key as a policy may write it: key names, including the tag-key part, are case-insensitive.</summary>
    public static Gen<string> KeySpelling(string key)
    {
        var slash = key.IndexOf('/');
        var variants = new List<(int, Gen<string>)> { (8, Gen.Constant(key)), (1, Gen.Constant(key.ToLowerInvariant())) };
        if (key.StartsWith("ssm:resourceTag/", StringComparison.Ordinal))
        {
            variants.Add((2, Gen.Constant("ssm:ResourceTag/" + key[(slash + 1)..])));
            variants.Add((3, Gen.Constant("aws:ResourceTag/" + key[(slash + 1)..])));
        }
        else if (key.StartsWith("aws:ResourceTag/", StringComparison.Ordinal))
        {
            variants.Add((3, Gen.Constant("ssm:resourceTag/" + key[(slash + 1)..])));
        }
        else
        {
            variants.Add((1, Gen.Constant(key.ToUpperInvariant())));
        }
        return Gen.Frequency(variants.ToArray());
    }

    private static Gen<ConditionOperator> Modifiers(GeneratorSettings settings, BaseOperator op) =>
        from qualifier in settings.SetQualifiers
            ? Gen.Frequency((10, Gen.Constant(SetQualifier.None)), (1, Gen.Constant(SetQualifier.ForAnyValue)), (1, Gen.Constant(SetQualifier.ForAllValues)))
            : Gen.Constant(SetQualifier.None)
        from ifExists in settings.IfExists ? Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true))) : Gen.Constant(false)
        select new ConditionOperator(qualifier, op, ifExists);

    private static Gen<ImmutableArray<string>> Values(GeneratorSettings settings, Gen<string> value) =>
        from count in Gen.Frequency((4, Gen.Constant(1)), (1, Gen.Choose(1, Math.Max(1, settings.MaxConditionValues))))
        from values in Gen.ListOf(value, count)
        select values.Distinct(StringComparer.Ordinal).ToImmutableArray();

    private static Gen<Condition> StringCondition(GeneratorSettings settings, string key, string sample) =>
        from baseOp in Gen.Frequency(
            (4, Gen.Constant(BaseOperator.StringEquals)), (3, Gen.Constant(BaseOperator.StringLike)),
            (2, Gen.Constant(BaseOperator.StringNotEquals)), (2, Gen.Constant(BaseOperator.StringEqualsIgnoreCase)),
            (1, Gen.Constant(BaseOperator.StringNotLike)), (1, Gen.Constant(BaseOperator.StringNotEqualsIgnoreCase)))
        from op in Modifiers(settings, baseOp)
        from spelled in KeySpelling(key)
        from values in Values(settings, StringValueNear(settings, key, sample))
        select Make(op, spelled, values);

    /// <summary>The value itself, case variants, near misses, wildcard patterns and (when on) a policy variable.</summary>
    public static Gen<string> StringValueNear(GeneratorSettings settings, string key, string sample)
    {
        var choices = new List<(int, Gen<string>)>
        {
            (8, Gen.Constant(sample)),
            (2, TagGenerators.CaseVariant(sample)),
            (2, TagGenerators.NearMiss(sample)),
            (3, Gen.Elements(
                sample.Length > 1 ? sample[..(sample.Length / 2)] + "*" : "*",
                sample.Length > 0 ? "?" + sample[1..] : "?",
                "*")),
            (1, Gen.Elements(Vocabulary.TagValues.Concat(Vocabulary.Vpces).ToArray())),
        };
        if (settings.PolicyVariables)
        {
            // The attribute-based pattern: the resource tag must equal the caller's tag of the same name.
            var tagKey = key.Contains('/') ? key[(key.IndexOf('/') + 1)..] : Vocabulary.TagKeys[2];
            choices.Add((2, Gen.Elements($"${{aws:PrincipalTag/{tagKey}}}", $"${{aws:PrincipalTag/{tagKey}, '{sample}'}}", "${aws:RequestedRegion}")));
        }
        return Gen.Frequency(choices.ToArray());
    }

    private static Gen<Condition> ArnCondition(GeneratorSettings settings, string key, string sample) =>
        from baseOp in Gen.Elements(BaseOperator.ArnEquals, BaseOperator.ArnLike, BaseOperator.ArnNotEquals, BaseOperator.ArnNotLike)
        from op in Modifiers(settings, baseOp)
        from values in Values(settings, Gen.Elements(
            sample,
            $"arn:aws:iam::{Vocabulary.Account}:user/*",
            "arn:aws:iam::*:user/al?ce",
            $"arn:aws:iam::{Vocabulary.OtherAccount}:user/alice",
            $"arn:aws:iam::{Vocabulary.Account}:role/Ops*"))
        select Make(op, key, values);

    private static Gen<Condition> IpCondition(GeneratorSettings settings, string key, string sample)
    {
        var containing = sample.Contains(':') ? "2001:db8::/32" : string.Join('.', sample.Split('.')[..3]) + ".0/24";
        return from baseOp in Gen.Elements(BaseOperator.IpAddress, BaseOperator.NotIpAddress)
               from op in Modifiers(settings, baseOp)
               from values in Values(settings, Gen.Elements(containing, sample, "10.0.0.0/8", "198.51.100.0/24", "0.0.0.0/0"))
               select Make(op, key, values);
    }

    private static Gen<Condition> NumericCondition(GeneratorSettings settings, string key, string sample)
    {
        var n = decimal.Parse(sample, CultureInfo.InvariantCulture);
        string F(decimal d) => d.ToString(CultureInfo.InvariantCulture);
        return from baseOp in Gen.Elements(
                   BaseOperator.NumericEquals, BaseOperator.NumericNotEquals, BaseOperator.NumericLessThan,
                   BaseOperator.NumericLessThanEquals, BaseOperator.NumericGreaterThan, BaseOperator.NumericGreaterThanEquals)
               from op in Modifiers(settings, baseOp)
               from values in Values(settings, Gen.Elements(F(n), F(n) + ".0", F(n - 1), F(n + 1), "300", "3600"))
               select Make(op, key, values);
    }

    private static Gen<Condition> DateCondition(GeneratorSettings settings, string key, string sample)
    {
        var at = DateTimeOffset.Parse(sample, CultureInfo.InvariantCulture);
        return from baseOp in Gen.Elements(
                   BaseOperator.DateEquals, BaseOperator.DateNotEquals, BaseOperator.DateLessThan,
                   BaseOperator.DateLessThanEquals, BaseOperator.DateGreaterThan, BaseOperator.DateGreaterThanEquals)
               from op in Modifiers(settings, baseOp)
               from values in Values(settings, Gen.Elements(
                   sample,
                   at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                   at.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                   at.AddYears(4).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                   "2020-06-30"))
               select Make(op, key, values);
    }

    public static Condition Make(ConditionOperator op, string key, ImmutableArray<string> values) =>
        new(op, key, [.. values.Select(v => PolicyTemplate.Parse(v, substituteVariables: true))], "$");

    public static Condition Make(BaseOperator op, string key, ImmutableArray<string> values) =>
        Make(new ConditionOperator(SetQualifier.None, op, false), key, values);

    /// <summary>One operator and key (ignoring case) at most once per statement: JSON objects cannot repeat a key.</summary>
    public static IEnumerable<Condition> Distinct(IEnumerable<Condition> conditions) =>
        conditions.DistinctBy(c => (c.Operator.Name, c.ContextKeyName.ToLowerInvariant()));
}
