using Conformance.Offline.Tests.Support;
using FsCheck;

namespace Conformance.Offline.Tests.Laws;

/// <summary>
/// Every law of <see cref="Laws"/>, checked on the reference model. A failure prints FsCheck's replay seed; rerun with
/// <c>CONFORMANCE__REPLAY="seed,gamma" dotnet test tests/Offline --filter &lt;LawName&gt;</c>.
/// </summary>
public sealed class ModelLawsTests
{
    private static readonly ILawEvaluator Model = ModelEvaluator.Instance;

    [ConformanceProperty] public Property ExplicitDeny_Overrides_AnyAllow() => Laws.ExplicitDeny_Overrides_AnyAllow(Model);
    [ConformanceProperty] public Property Decision_Is_ExplicitDeny_Exactly_When_A_Deny_Statement_Applies() => Laws.Decision_Is_ExplicitDeny_Exactly_When_A_Deny_Statement_Applies(Model);
    [ConformanceProperty] public Property Decision_Is_Independent_Of_StatementAndPolicyOrder() => Laws.Decision_Is_Independent_Of_StatementAndPolicyOrder(Model);
    [ConformanceProperty] public Property SplittingAMultiActionStatement_PerAction_ChangesNothing() => Laws.SplittingAMultiActionStatement_PerAction_ChangesNothing(Model);
    [ConformanceProperty] public Property Decision_Is_Independent_Of_ActionNameCase() => Laws.Decision_Is_Independent_Of_ActionNameCase(Model);
    [ConformanceProperty] public Property Decision_Is_Independent_Of_ConditionKeyNameCase() => Laws.Decision_Is_Independent_Of_ConditionKeyNameCase(Model);
    [ConformanceProperty] public Property PrintThenParse_Preserves_Decision() => Laws.PrintThenParse_Preserves_Decision(Model);
    [ConformanceProperty] public Property AddingAnAllow_Never_RemovesAccess() => Laws.AddingAnAllow_Never_RemovesAccess(Model);
    [ConformanceProperty] public Property AddingAPermissionsBoundary_Only_Narrows() => Laws.AddingAPermissionsBoundary_Only_Narrows(Model);
    [ConformanceProperty] public Property IfExists_With_KeyPresent_Equals_PlainOperator() => Laws.IfExists_With_KeyPresent_Equals_PlainOperator(Model);
    [ConformanceProperty] public Property ForAnyValue_Over_OneRequestValue_Equals_PlainOperator() => Laws.ForAnyValue_Over_OneRequestValue_Equals_PlainOperator(Model);
    [ConformanceProperty] public Property ForAllValues_On_AbsentKey_Is_VacuouslyTrue() => Laws.ForAllValues_On_AbsentKey_Is_VacuouslyTrue(Model);
    [ConformanceProperty] public Property StringLike_Pattern_Matches_Its_Own_Instances() => Laws.StringLike_Pattern_Matches_Its_Own_Instances(Model);
    [ConformanceProperty] public Property SendCommand_Is_Allowed_Exactly_When_EveryCheck_Is() => Laws.SendCommand_Is_Allowed_Exactly_When_EveryCheck_Is(Model);
    [ConformanceProperty] public Property AddingATargetNode_Never_Allows_A_DeniedCall() => Laws.AddingATargetNode_Never_Allows_A_DeniedCall(Model);

    [Fact]
    public void EveryLaw_Has_A_ModelTest()
    {
        var tests = typeof(ModelLawsTests).GetMethods().Select(m => m.Name).ToHashSet();
        Assert.All(Laws.All, law => Assert.Contains(law.Name, tests));
    }
}
