using System.Collections.Immutable;
using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;

namespace Conformance.Offline.Tests.Laws;

/// <summary>Deliberately wrong evaluators. Each gets one documented rule wrong; the laws must notice every one of them.</summary>
public static class Mutants
{
    public static readonly ImmutableArray<RewritingEvaluator> All =
    [
        new CaseSensitiveConditionKeys(),
        new ForAllValuesFalseOnAbsentKey(),
        new StringLikeQuestionMarkIsLiteral(),
    ];

    public static RewritingEvaluator ByName(string name) => All.Single(m => m.Name == name);

    /// <summary>
    /// Condition key names (tag-key part included) compared ordinally. Rewritten per condition: a condition whose key the
    /// request carries only in another spelling is renamed to a key the request lacks, so it sees the key as absent.
    /// (Dropping context keys instead would make one statement's verdict depend on how <i>other</i> statements spell
    /// their keys, so no counterexample with a single condition could exist.)
    /// </summary>
    public sealed class CaseSensitiveConditionKeys : RewritingEvaluator
    {
        public override string Name => "case-sensitive-condition-keys";

        public override string Defect => "condition key names (including the tag-key part) compared case-sensitively";

        private const string Renamed = "mutant:CaseMismatch/";

        protected override ResourceDecision Restore(ResourceDecision decision) => decision with
        {
            MissingContextValues = [.. decision.MissingContextValues.Select(k => k.StartsWith(Renamed, StringComparison.Ordinal) ? k[Renamed.Length..] : k)],
        };

        protected override (PolicySet Policies, AuthorizationRequest Request) Rewrite(PolicySet policies, AuthorizationRequest request)
        {
            var spelled = request.Context.Values.Select(v => v.Key).ToHashSet(StringComparer.Ordinal);
            Condition Rename(Condition c) =>
                request.Context.TryGet(c.ContextKeyName, out _) && !spelled.Contains(c.ContextKeyName)
                    ? c with { ContextKeyName = Renamed + c.ContextKeyName }
                    : c;
            return (MapStatements(policies, s => s with { Conditions = [.. s.Conditions.Select(Rename)] }), request);
        }
    }

    /// <summary><c>ForAllValues:</c> false when the request lacks the key (IAM: vacuously true). Such a condition becomes
    /// <c>Null {key: "false"}</c>, which is false exactly because the key is absent.</summary>
    public sealed class ForAllValuesFalseOnAbsentKey : RewritingEvaluator
    {
        public override string Name => "forallvalues-false-on-absent-key";

        public override string Defect => "ForAllValues: is false, not vacuously true, when the key is absent";

        protected override (PolicySet Policies, AuthorizationRequest Request) Rewrite(PolicySet policies, AuthorizationRequest request)
        {
            Condition Falsify(Condition c) =>
                c.Operator.Qualifier == SetQualifier.ForAllValues && !LawTransforms.KeyHasValues(request.Context, c.ContextKeyName)
                    ? c with { Operator = new ConditionOperator(SetQualifier.None, BaseOperator.Null, false), Values = [PolicyTemplate.Literal("false")] }
                    : c;
            return (MapStatements(policies, s => s with { Conditions = [.. s.Conditions.Select(Falsify)] }), request);
        }
    }

    /// <summary><c>?</c> in <c>StringLike</c>/<c>StringNotLike</c> taken literally: each <c>?</c> becomes the escape
    /// <c>${?}</c> (generated policies are Version 2012-10-17, where that escape is a literal <c>?</c>).</summary>
    public sealed class StringLikeQuestionMarkIsLiteral : RewritingEvaluator
    {
        public override string Name => "stringlike-question-mark-literal";

        public override string Defect => "StringLike/StringNotLike treat ? as a literal character, not as any one character";

        protected override (PolicySet Policies, AuthorizationRequest Request) Rewrite(PolicySet policies, AuthorizationRequest request)
        {
            static Condition Literalize(Condition c) =>
                c.Operator.Base is BaseOperator.StringLike or BaseOperator.StringNotLike
                    ? c with { Values = [.. c.Values.Select(v => PolicyTemplate.Parse(v.Text.Replace("?", "${?}", StringComparison.Ordinal), substituteVariables: true))] }
                    : c;
            return (MapStatements(policies, s => s with { Conditions = [.. s.Conditions.Select(Literalize)] }), request);
        }
    }
}
