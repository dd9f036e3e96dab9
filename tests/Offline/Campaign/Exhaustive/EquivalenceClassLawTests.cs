using System.Collections.Immutable;
using Conformance.Campaign.Exhaustive;
using Conformance.Generators;
using Conformance.Model.Evaluation;
using Conformance.Model.Fixtures;
using Conformance.Model.Simulation;
using Conformance.Offline.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Conformance.Offline.Tests.Campaign.Exhaustive;

/// <summary>
/// The law of the exhaustive mode: on small generated policy sets, every request the generators make falls into one of
/// the enumerated classes (its answers to every action, resource and condition test are those of some class), and the
/// class's representative gets the request's decision. And the law can fail: without absence or without the values
/// outside each constant, the enumeration misses classes, which the same property finds.
/// </summary>
public sealed class EquivalenceClassLawTests
{
    /// <summary>A generated policy set (a case's policies and boundary) with the case's request and more requests drawn
    /// on their own: the policies are drawn near the first, the others land anywhere in the generators' space.</summary>
    public sealed record PolicySetWithRequests(PolicyCase Case, ImmutableArray<AuthorizationRequest> More)
    {
        public override string ToString() =>
            $"{Case}\nmore requests:\n{string.Join("\n", More.Select(r => $"  {r.Action} on {r.Resource} with {{{string.Join(", ", r.Context.Values.Select(v => $"{v.Key}={string.Join("|", v.Values)}"))}}}"))}";
    }

    private static readonly GeneratorSettings Small = GeneratorSettings.Default with { MaxIdentityPolicies = 2, MaxStatements = 2, MaxConditions = 2 };

    public static Arbitrary<PolicySetWithRequests> PolicySets() => Arb.From(
        from policyCase in PolicyGenerators.CaseGen(Small)
        from more in Gen.ListOf(PolicyGenerators.RequestGen(Small), 6)
        select new PolicySetWithRequests(policyCase, [.. more]),
        value => PolicyGenerators.Shrink(value.Case).Select(c => value with { Case = c }));

    /// <summary>The law, with the enumeration's candidates chosen by <paramref name="choices"/>.</summary>
    internal static Property EveryRequest_FallsIntoAnEnumeratedClass_WithTheSameDecision(KeyValueCandidates.Choices choices) =>
        Prop.ForAll(PolicySets(), value =>
        {
            var policies = value.Case.Policies;
            var questions = new PolicyQuestions(policies);
            var classes = EquivalenceClasses.Enumerate(questions, int.MaxValue, choices);
            foreach (var request in value.More.Prepend(value.Case.Request))
            {
                var asked = (value.Case with { Request = request }).ToSimulationRequest();
                var answer = ModelSimulator.Simulate(asked);
                if (answer.Result is not { } result || asked.ResourceArns.IsEmpty)
                {
                    continue; // refused by IAM's input rules, or no resource: not a question the classes are about
                }
                var decision = FixtureComparer.PerResource(result).Single().Decision;
                var found = classes.Classify(request.Action, request.Resource, asked.ContextEntries);
                if (found is null)
                {
                    return false.Label($"no class has the answers of {request.Action} on {request.Resource}: {classes.SignatureOf(request.Action, request.Resource, asked.ContextEntries)}; " +
                                       $"the parts' classes: {string.Join("; ", classes.Parts.Select(p => $"{p.Part.Name}: {string.Join(" ", p.Classes.Select(c => c.Signature))}"))}");
                }
                var representative = ModelSimulator.Simulate(asked with { ActionNames = [found.Action], ResourceArns = [found.Resource], ContextEntries = found.Context });
                var classDecision = FixtureComparer.PerResource(representative.Result!).Single().Decision;
                if (classDecision != decision)
                {
                    return false.Label($"{request.Action} on {request.Resource} is {decision.WireName()}, but its class's representative " +
                                       $"({found.Action} on {found.Resource} with {string.Join(", ", found.Context.Select(e => $"{e.ContextKeyName}={string.Join("|", e.ContextKeyValues)}"))}) is {classDecision.WireName()}");
                }
            }
            return true.ToProperty();
        });

    // Each case enumerates a policy set's classes (tens of milliseconds on an idle machine): at most 100 cases, each
    // checking seven requests.
    [ConformanceProperty(AtMost = 100)]
    public Property EveryGeneratedRequest_FallsIntoAnEnumeratedClass_WithTheSameDecision() =>
        EveryRequest_FallsIntoAnEnumeratedClass_WithTheSameDecision(KeyValueCandidates.Choices.All);

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Law_Fails_WhenTheEnumeration_LeavesOut_AbsenceOrOutsideValues(bool absence, bool outside)
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(100).WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261130UL, 11UL), FSharpOption<int>.None)));
        var failure = Record.Exception(() => Check.One(config,
            EveryRequest_FallsIntoAnEnumeratedClass_WithTheSameDecision(new KeyValueCandidates.Choices(absence, outside))));
        Assert.NotNull(failure);
        Assert.Contains("no class has the answers", failure!.Message);
    }
}
