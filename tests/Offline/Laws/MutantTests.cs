using System.Globalization;
using Conformance.Generators;
using FsCheck;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;

namespace Conformance.Offline.Tests.Laws;

/// <summary>
/// The laws are only worth something if they catch wrong evaluators. Each mutant gets one documented rule wrong; some
/// law must fail on it, and FsCheck must shrink the counterexample to one identity policy with at most two statements
/// and at most one condition, and no boundary, so that a person can read it at a glance.
/// </summary>
public sealed class MutantTests(ITestOutputHelper output)
{
    private const int Cases = 200;

    // Fixed, so the test is the same on every run; the mutants are wrong often enough that any seed finds them.
    private static readonly Rnd Seed = new(20261129UL, 7UL);

    public static TheoryData<string> MutantNames => [.. Mutants.All.Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(MutantNames))]
    public void Mutant_Is_Caught_By_A_Law_And_Shrunk_To_A_Small_Policy(string mutantName)
    {
        var mutant = Mutants.ByName(mutantName);
        output.WriteLine($"mutant {mutant.Name}: {mutant.Defect}");
        var caught = new List<(Law Law, Shape Shape)>();
        foreach (var law in Laws.All)
        {
            if (Run(law, mutant) is not { } failure)
            {
                output.WriteLine($"  passes {law.Name}");
                continue;
            }
            var (shrunk, report) = failure;
            var shape = Shape.Of(shrunk);
            caught.Add((law, shape));
            output.WriteLine($"  CAUGHT by {law.Name}: {shape.Summary}\n{Indent(report)}\n");
        }

        Assert.True(caught.Count > 0, $"no law catches the mutant \"{mutant.Name}\" ({mutant.Defect})");
        Assert.All(caught, c => Assert.True(c.Shape.IdentityPolicies == 1 && c.Shape.Statements <= 2 && c.Shape.Conditions <= 1,
            $"{c.Law.Name} shrank {mutant.Name} only to {c.Shape.Summary}"));
        // A boundary may remain where it is needed: a difference in MissingContextValues alone can hinge on the boundary
        // being read. At least one law must show the mutant without one.
        Assert.Contains(caught, c => !c.Shape.HasBoundary);
    }

    private static (object Shrunk, string Report)? Run(Law law, ILawEvaluator evaluator)
    {
        var runner = new RecordingRunner();
        var config = Config.Quick.WithMaxTest(Cases).WithName(law.Name).WithRunner(runner)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(Seed, FSharpOption<int>.None)));
        Check.One(config, law.Check(evaluator));
        // Failed(data, originalArgs, shrunkArgs, outcome, ...): Item3 holds the shrunk arguments.
        return runner.Result is TestResult.Failed failed
            ? (failed.Item3.Head, Runner.onFinishedToString(law.Name, runner.Result))
            : null;
    }

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select(l => "    " + l));

    /// <summary>Keeps FsCheck's final result instead of printing or throwing.</summary>
    private sealed class RecordingRunner : IRunner
    {
        public TestResult? Result { get; private set; }

        public void OnStartFixture(Type t) { }

        public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every) { }

        public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink) { }

        public void OnFinished(string name, TestResult result) => Result = result;
    }

    /// <summary>How big a counterexample is, whatever the law's input type.</summary>
    private sealed record Shape(int IdentityPolicies, bool HasBoundary, int Statements, int Conditions)
    {
        public string Summary => string.Create(CultureInfo.InvariantCulture,
            $"{IdentityPolicies} identity polic{(IdentityPolicies == 1 ? "y" : "ies")}, {Statements} statement(s), {Conditions} condition(s){(HasBoundary ? ", a boundary" : "")}");

        public static Shape Of(object input) => input switch
        {
            PolicyCase c => Of(c.Policies),
            CaseWithPolicy w => Of(w.Case.IdentityPolicies.Length + 1, w.Case.PermissionsBoundary is not null,
                w.Case.Policies.IdentityPolicies.Add(Conformance.Model.Policies.PolicyParser.Parse(w.Policy).GetValueOrThrow("policy"))),
            LikeInstance like => Of(like.ToCase().Policies),
            SendCommandCase s => Of(s.Policies),
            _ => throw new ArgumentException($"unknown law input {input.GetType().Name}"),
        };

        private static Shape Of(Conformance.Model.Evaluation.PolicySet p) =>
            Of(p.IdentityPolicies.Length, p.PermissionsBoundary is not null, p.IdentityPolicies.Concat(p.PermissionsBoundary is { } b ? [b] : []));

        private static Shape Of(int identity, bool boundary, IEnumerable<Conformance.Model.Policies.PolicyDocument> documents)
        {
            var statements = documents.SelectMany(d => d.Statements).ToList();
            return new Shape(identity, boundary, statements.Count, statements.Sum(s => s.Conditions.Length));
        }
    }
}
