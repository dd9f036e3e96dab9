using Conformance.Offline.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Offline.Tests.Laws;

/// <summary>
/// Every law of <see cref="Laws"/>, checked on the reference model. A failure prints FsCheck's replay seed; rerun with
/// <c>CONFORMANCE__REPLAY="seed,gamma" dotnet test tests/Offline --filter &lt;LawName&gt;</c>.
/// </summary>
public sealed class ModelLawsTests
{
    /// <summary>The law on the model, labelled with how to rerun it (labels are printed only when a property fails).</summary>
    private static Property Check(Func<ILawEvaluator, Property> law, [System.Runtime.CompilerServices.CallerMemberName] string name = "") =>
        law(ModelEvaluator.Instance).Label(
            $"rerun exactly this case: CONFORMANCE__REPLAY=\"<seed>,<gamma>\" dotnet test tests/Offline --filter {name} " +
            "(<seed>,<gamma>: the pair in parentheses after \"Falsifiable, after N tests\")");

    [ConformanceProperty] public Property ExplicitDeny_Overrides_AnyAllow() => Check(Laws.ExplicitDeny_Overrides_AnyAllow);
    [ConformanceProperty] public Property Decision_Is_ExplicitDeny_Exactly_When_A_Deny_Statement_Applies() => Check(Laws.Decision_Is_ExplicitDeny_Exactly_When_A_Deny_Statement_Applies);
    [ConformanceProperty] public Property Decision_Is_Independent_Of_StatementAndPolicyOrder() => Check(Laws.Decision_Is_Independent_Of_StatementAndPolicyOrder);
    [ConformanceProperty] public Property SplittingAMultiActionStatement_PerAction_ChangesNothing() => Check(Laws.SplittingAMultiActionStatement_PerAction_ChangesNothing);
    [ConformanceProperty] public Property Decision_Is_Independent_Of_ActionNameCase() => Check(Laws.Decision_Is_Independent_Of_ActionNameCase);
    [ConformanceProperty] public Property Decision_Is_Independent_Of_ConditionKeyNameCase() => Check(Laws.Decision_Is_Independent_Of_ConditionKeyNameCase);
    [ConformanceProperty] public Property PrintThenParse_Preserves_Decision() => Check(Laws.PrintThenParse_Preserves_Decision);
    [ConformanceProperty] public Property AddingAnAllow_Never_RemovesAccess() => Check(Laws.AddingAnAllow_Never_RemovesAccess);
    [ConformanceProperty] public Property AddingAnOrganizationLevel_Only_Narrows_And_AllowAll_ChangesNothing() => Check(Laws.AddingAnOrganizationLevel_Only_Narrows_And_AllowAll_ChangesNothing);
    [ConformanceProperty] public Property AddingAPermissionsBoundary_Only_Narrows() => Check(Laws.AddingAPermissionsBoundary_Only_Narrows);
    [ConformanceProperty] public Property IfExists_With_KeyPresent_Equals_PlainOperator() => Check(Laws.IfExists_With_KeyPresent_Equals_PlainOperator);
    [ConformanceProperty] public Property ForAnyValue_Over_OneRequestValue_Equals_PlainOperator() => Check(Laws.ForAnyValue_Over_OneRequestValue_Equals_PlainOperator);
    [ConformanceProperty] public Property ForAllValues_On_AbsentKey_Is_VacuouslyTrue() => Check(Laws.ForAllValues_On_AbsentKey_Is_VacuouslyTrue);
    [ConformanceProperty] public Property StringLike_Pattern_Matches_Its_Own_Instances() => Check(Laws.StringLike_Pattern_Matches_Its_Own_Instances);
    [ConformanceProperty] public Property SendCommand_Is_Allowed_Exactly_When_EveryCheck_Is() => Check(Laws.SendCommand_Is_Allowed_Exactly_When_EveryCheck_Is);
    [ConformanceProperty] public Property AddingATargetNode_Never_Allows_A_DeniedCall() => Check(Laws.AddingATargetNode_Never_Allows_A_DeniedCall);

    [Fact]
    public void EveryLaw_Has_A_ModelTest()
    {
        var tests = typeof(ModelLawsTests).GetMethods().Select(m => m.Name).ToHashSet();
        Assert.All(Laws.All, law => Assert.Contains(law.Name, tests));
    }
}
