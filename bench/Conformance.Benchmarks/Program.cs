using BenchmarkDotNet.Running;
using Conformance.Benchmarks;
using Conformance.Benchmarks.Corpus;

// `profile SECONDS [LINE]` runs one line in a loop, for a profiler to attach to (dotnet-trace collect -- ...), and prints
// requests per second of this thread's CPU time (Linux): a rough figure that other load on a shared machine disturbs
// less than elapsed time. Workstation GC collects on the allocating thread, so its cost is counted. LINE is `evaluate`
// (the default: PolicyEvaluator.Evaluate on the corpus), `simulate` (ModelSimulator.Simulate on the corpus) or `fleet`
// (every check of the 200-node SendCommand call through Simulate). Built with `-c Baseline`, it measures the "before" model.
if (args is ["profile", var seconds, .. var rest])
{
    var line = rest is [var name] ? name : "evaluate";
    var (run, requests) = ProfileLines.For(line);
    run();
    var until = DateTime.UtcNow.AddSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
    var cpu = ThreadCpu.Now();
    var bytes = GC.GetAllocatedBytesForCurrentThread();
    var done = 0L;
    while (DateTime.UtcNow < until)
    {
        run();
        done += requests;
    }
    var cpuSeconds = (ThreadCpu.Now() - cpu).TotalSeconds;
    bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
    Console.WriteLine($"{line}: {done} requests, {done / cpuSeconds:N0} per CPU second ({cpuSeconds * 1e6 / done:N2} µs of CPU each), {(double)bytes / done:N0} B allocated per request");
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
