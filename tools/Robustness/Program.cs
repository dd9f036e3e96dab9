using System.Diagnostics;
using System.Globalization;
using Conformance.Cli;
using Conformance.Generators.Robustness;

// The robustness run: mutated SimulateCustomPolicy requests through the same entry point as `conformance simulate`
// (CliApp.Run with --cli-input-json), one at a time on one thread, counting how each ended. Not a timed test: it runs
// a million requests in minutes. Exits 1 on an unhandled exception, a broken output contract, a request over 1 s or
// one that allocated over 256 MB; 2 on bad arguments.
var requests = 1_000_000;
var seed = 1;
var scale = MutationScale.Full;
var keep = Path.Combine(Path.GetTempPath(), "conformance-robustness");
string? only = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--requests" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
            requests = n;
            i++;
            break;
        case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var s):
            seed = s;
            i++;
            break;
        case "--scale" when i + 1 < args.Length && args[i + 1] is "ci" or "full":
            scale = args[++i] == "ci" ? MutationScale.Ci : MutationScale.Full;
            break;
        case "--kind" when i + 1 < args.Length:
            only = args[++i];
            break;
        case "--keep" when i + 1 < args.Length:
            keep = args[++i];
            break;
        default:
            Console.Error.WriteLine("usage: conformance-robustness [--requests N] [--seed S] [--scale ci|full] [--kind KIND] [--keep DIRECTORY]\n" +
                                    "Puts N mutated requests through `conformance simulate` in process; failing requests are written to DIRECTORY.");
            return 2;
    }
}

const long SlowTicks = TimeSpan.TicksPerSecond;
const long LargeBytes = 256L * 1024 * 1024;

var mutator = new RequestMutator(seed, scale);
var byKind = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
var total = new Tally();
Worst? slowest = null, largest = null;
var failures = new List<string>();

// Warm up (JIT, static tables) on requests of another seed, so the first measured request is not charged for it.
var warm = new RequestMutator(seed ^ 0x5A5A5A5, MutationScale.Ci);
for (var i = 0; i < 200; i++)
{
    Run(warm.Next().Json);
}

var clock = Stopwatch.StartNew();
for (var i = 0; i < requests; i++)
{
    var request = mutator.Next();
    while (only is not null && request.Kind != only)
    {
        request = mutator.Next();
    }
    var before = GC.GetAllocatedBytesForCurrentThread();
    var started = Stopwatch.GetTimestamp();
    var (outcome, detail) = Run(request.Json);
    var elapsed = Stopwatch.GetElapsedTime(started);
    var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

    var tally = byKind.TryGetValue(request.Kind, out var t) ? t : byKind[request.Kind] = new Tally();
    foreach (var counts in new[] { tally, total })
    {
        counts.Add(outcome, elapsed, allocated, SlowTicks, LargeBytes);
    }
    if (slowest is null || elapsed > slowest.Elapsed)
    {
        slowest = new Worst(i, request.Kind, request.Json.Length, elapsed, allocated);
    }
    if (largest is null || allocated > largest.Allocated)
    {
        largest = new Worst(i, request.Kind, request.Json.Length, elapsed, allocated);
    }
    if (outcome is Outcome.Unhandled or Outcome.ContractBroken || elapsed.Ticks > SlowTicks || allocated > LargeBytes)
    {
        var file = Path.Combine(keep, $"request-{seed}-{i}.json");
        Directory.CreateDirectory(keep);
        File.WriteAllText(file, request.Json);
        if (failures.Count < 20)
        {
            failures.Add($"#{i} {request.Kind} {outcome} {elapsed.TotalMilliseconds:F0} ms {allocated / 1048576.0:F1} MB: {detail} (request kept in {file})");
        }
    }
    if ((i + 1) % 100_000 == 0)
    {
        Console.Error.WriteLine($"{i + 1} requests, {clock.Elapsed:mm\\:ss}: {total}");
    }
}

Console.WriteLine($"Robustness run: seed {seed}, scale {(scale == MutationScale.Full ? "full" : "ci")}, {requests} requests in {clock.Elapsed:mm\\:ss} through `conformance simulate` (in process)");
Console.WriteLine($"{"kind",-16}{"requests",10}{"answered",10}{"refused",10}{"declined",10}{"unhandled",10}{"broken",8}{"slow",6}{"large",6}{"max ms",9}{"max MB",9}");
foreach (var (kind, counts) in byKind)
{
    Console.WriteLine(counts.Row(kind));
}
Console.WriteLine(total.Row("total"));
Console.WriteLine($"slowest: {slowest}");
Console.WriteLine($"largest: {largest}");
foreach (var failure in failures)
{
    Console.WriteLine(failure);
}
return total.Unhandled + total.Broken + total.Slow + total.Large == 0 ? 0 : 1;

// One request through the CLI: how it ended, and why when it broke the contract.
static (Outcome Outcome, string Detail) Run(string json)
{
    var stdout = new StringWriter();
    var stderr = new StringWriter();
    int code;
    try
    {
        code = CliApp.Run(["simulate", "--cli-input-json", json], TextReader.Null, stdout, stderr);
    }
    catch (Exception e)
    {
        return (Outcome.Unhandled, $"{e.GetType().Name}: {e.Message}");
    }
    var (output, error) = (stdout.ToString(), stderr.ToString());
    return code switch
    {
        CliApp.Success when output.Length > 0 && error.Length == 0 => (Outcome.Answered, ""),
        CliApp.InvalidUsageOrInput when output.Length == 0 && error.StartsWith("An error occurred (", StringComparison.Ordinal) => (Outcome.Refused, ""),
        CliApp.ModelCannotDecide when output.Length == 0 && error.Length > 0 => (Outcome.Declined, ""),
        _ => (Outcome.ContractBroken, $"exit {code}, {output.Length} characters on standard output, standard error: {Shorten(error)}"),
    };
}

static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

internal enum Outcome { Answered, Refused, Declined, Unhandled, ContractBroken }

internal sealed class Tally
{
    public long Requests, Answered, Refused, Declined, Unhandled, Broken, Slow, Large, MaxAllocated;
    public TimeSpan MaxElapsed;

    public void Add(Outcome outcome, TimeSpan elapsed, long allocated, long slowTicks, long largeBytes)
    {
        var (slow, large) = (elapsed.Ticks > slowTicks, allocated > largeBytes);
        MaxElapsed = elapsed > MaxElapsed ? elapsed : MaxElapsed;
        MaxAllocated = Math.Max(MaxAllocated, allocated);
        Requests++;
        switch (outcome)
        {
            case Outcome.Answered: Answered++; break;
            case Outcome.Refused: Refused++; break;
            case Outcome.Declined: Declined++; break;
            case Outcome.Unhandled: Unhandled++; break;
            default: Broken++; break;
        }
        Slow += slow ? 1 : 0;
        Large += large ? 1 : 0;
    }

    public string Row(string name) =>
        $"{name,-16}{Requests,10}{Answered,10}{Refused,10}{Declined,10}{Unhandled,10}{Broken,8}{Slow,6}{Large,6}{MaxElapsed.TotalMilliseconds,9:F0}{MaxAllocated / 1048576.0,9:F1}";

    public override string ToString() =>
        $"answered {Answered}, refused {Refused}, declined {Declined}, unhandled {Unhandled}, broken {Broken}, slow {Slow}, large {Large}";
}

internal sealed record Worst(int Index, string Kind, int Characters, TimeSpan Elapsed, long Allocated)
{
    public override string ToString() =>
        $"#{Index} ({Kind}, {Characters} characters): {Elapsed.TotalMilliseconds:F0} ms, {Allocated / 1048576.0:F1} MB allocated";
}
