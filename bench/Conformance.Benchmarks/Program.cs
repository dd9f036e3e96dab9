using BenchmarkDotNet.Running;
using Conformance.Benchmarks;
using Conformance.Benchmarks.Corpus;

// `profile SECONDS` runs the Evaluate line in a loop, for a profiler to attach to (dotnet-trace collect -- ...), and
// prints decisions per second of this thread's CPU time (Linux): a rough figure that other load on a shared machine
// disturbs less than elapsed time. Workstation GC collects on the allocating thread, so its cost is counted.
if (args is ["profile", var seconds])
{
    var benchmark = new DecisionBenchmarks();
    benchmark.Setup();
    benchmark.Evaluate();
    var until = DateTime.UtcNow.AddSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
    var cpu = ThreadCpu.Now();
    var bytes = GC.GetAllocatedBytesForCurrentThread();
    var decisions = 0L;
    while (DateTime.UtcNow < until)
    {
        benchmark.Evaluate();
        decisions += DecisionBenchmarks.Decisions;
    }
    var cpuSeconds = (ThreadCpu.Now() - cpu).TotalSeconds;
    bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
    Console.WriteLine($"{decisions} decisions, {decisions / cpuSeconds:N0} per CPU second, {(double)bytes / decisions:N0} B allocated per decision");
    return 0;
}
// `corpus` describes the benchmark corpus; `corpus --dump FILE` writes every answer, one line each, for comparing
// two builds of the model. Anything else goes to BenchmarkDotNet, e.g. `--filter '*' --job short`.
if (args is ["corpus", ..])
{
    var corpus = SendCommandCorpus.Generate(new CorpusSettings());
    Console.Write(CorpusReport.Describe(corpus));
    if (args is [_, "--dump", var file])
    {
        File.WriteAllLines(file, CorpusReport.Answers(corpus));
        Console.WriteLine($"answers written to {file}");
    }
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(DecisionBenchmarks).Assembly).Run(args);
return 0;
