namespace Conformance.Benchmarks;

/// <summary>The lines <c>profile</c> can loop over: one run of the line, and the requests one run makes.</summary>
internal static class ProfileLines
{
    public static (Action Run, int Requests) For(string line)
    {
        switch (line)
        {
            case "evaluate":
                var decisions = new DecisionBenchmarks();
                decisions.Setup();
                return (() => decisions.Evaluate(), DecisionBenchmarks.Decisions);
            case "simulate":
                var corpus = new SimulateBeforeAfterBenchmarks();
                corpus.Setup();
                return (() => corpus.Simulate(), DecisionBenchmarks.Decisions);
            case "fleet":
                var fleet = new SendCommandFleetBeforeAfterBenchmarks();
                fleet.Setup();
                return (() => fleet.SendCommandCall200Nodes(), Corpus.SendCommandFleet.Checks);
#if !BASELINE
            case "exhaustive":
                var exhaustive = new ExhaustiveBenchmarks();
                exhaustive.Setup();
                return (() => exhaustive.ExhaustiveTagPolicy200Nodes(), 1);
#endif
            default:
                throw new ArgumentException($"unknown profile line \"{line}\": use evaluate, simulate, fleet or exhaustive");
        }
    }
}
