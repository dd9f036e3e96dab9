using System.Collections.Immutable;
using System.Text.Json;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Recorded;

/// <summary>One answer recorded from live AWS SimulateCustomPolicy (tests/Recorded/README.md).</summary>
public sealed record RecordedAnswer(string Name, SimulationRequest Request, SimulationResult? Output, string? ErrorCode, bool Summarized, string? ErrorMessage = null)
{
    public override string ToString() => Name;
}

public static class RecordedAnswers
{
    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Conformance.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Conformance.sln) above " + AppContext.BaseDirectory);
    }

    /// <summary>Both recording files: 184 calls, then 229 more of the same campaign (tests/Recorded/README.md).</summary>
    public static ImmutableArray<string> RecordedFiles { get; } =
    [
        Path.Combine(RepositoryRoot, "tests", "Recorded", "simulate-custom-policy.jsonl"),
        Path.Combine(RepositoryRoot, "tests", "Recorded", "simulate-custom-policy-2.jsonl"),
    ];

    public static ImmutableArray<RecordedAnswer> Load() => [.. RecordedFiles.SelectMany(file => Load(file))];

    public static ImmutableArray<RecordedAnswer> Load(string file)
    {
        var answers = ImmutableArray.CreateBuilder<RecordedAnswer>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var name = root.GetProperty("name").GetString()!;
            var request = SimulationJson.ReadRequest(root.GetProperty("input"));
            SimulationResult? output = root.TryGetProperty("output", out var o) ? SimulationJson.ReadResult(o) : null;
            string? error = root.TryGetProperty("error", out var e)
                ? e.EnumerateObject().FirstOrDefault(p => p.Name.Equals("Code", StringComparison.OrdinalIgnoreCase)).Value.GetString()
                : null;
            string? message = root.TryGetProperty("error", out var m)
                ? m.EnumerateObject().FirstOrDefault(p => p.Name.Equals("Message", StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } text ? text.GetString() : null
                : null;
            var summarized = root.TryGetProperty("source", out var source) && source.TryGetProperty("note", out _);
            answers.Add(new RecordedAnswer($"{name} ({Path.GetFileName(file)}, line {lineNumber})", request, output, error, summarized, message));
        }
        return answers.ToImmutable();
    }
}
