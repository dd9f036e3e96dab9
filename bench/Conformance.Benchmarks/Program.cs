using BenchmarkDotNet.Running;
using Conformance.Benchmarks;
using Conformance.Benchmarks.Corpus;

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
