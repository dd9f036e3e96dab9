using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Conformance.Model.Simulation;

namespace Conformance.Model.Fixtures;

/// <summary>
/// The corpus of recorded answers a campaign keeps (tests/Recorded/live/*.jsonl): one JSON line per oracle call, in the
/// line form of tests/Recorded (<c>name</c>, <c>input</c>, <c>output</c> or <c>error</c>, <c>source</c>). A line is
/// complete exactly when it ends with a newline: a writer appends each line, newline included, in one write and
/// flushes it, so a killed run can leave at most a final fragment without a newline, which readers skip and the next
/// writer cuts off.
/// </summary>
public static class AnswerCorpusFile
{
    /// <summary>The corpus files of a folder, in a stable order; none when the folder does not exist.</summary>
    public static IReadOnlyList<string> Files(string directory) =>
        Directory.Exists(directory) ? [.. Directory.EnumerateFiles(directory, "*.jsonl").Order(StringComparer.Ordinal)] : [];

    /// <summary>The complete lines of a corpus file (1-based line numbers); a final fragment without a newline is skipped.</summary>
    public static IEnumerable<(int Number, string Line)> CompleteLines(string file)
    {
        var text = File.ReadAllText(file, Encoding.UTF8);
        var complete = text.LastIndexOf('\n');
        if (complete < 0)
        {
            yield break;
        }
        var number = 0;
        foreach (var line in text[..complete].Split('\n'))
        {
            number++;
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length > 0)
            {
                yield return (number, trimmed);
            }
        }
    }

    /// <summary>
    /// The content hash of a question and its answer (SHA-256 of the compact aws-cli input, a newline, and the compact
    /// output or error), hex. Provenance is not part of it: the same answer on another night is no new line.
    /// </summary>
    public static string Hash(SimulationRequest request, SimulationOutcome answer)
    {
        var text = SimulationJson.WriteRequest(request, indented: false) + "\n" + AnswerJson(answer);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The hash of a recorded line, recomputed from its input and answer; null when the line cannot be read.</summary>
    public static string? HashOfLine(string line) => ReadLine(line) is { } read ? Hash(read.Request, read.Answer) : null;

    /// <summary>One recorded line: its question, its answer (a result or an error) and the date of its provenance;
    /// null when the line cannot be read. The one reader of the line form for hashing and for counting confirmations.</summary>
    public static (SimulationRequest Request, SimulationOutcome Answer, string? Date)? ReadLine(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var (request, _) = SimulationJson.ReadRequest(root.GetProperty("input").GetRawText());
            if (request is null)
            {
                return null;
            }
            SimulationOutcome? answer =
                root.TryGetProperty("output", out var output) ? new SimulationOutcome(SimulationJson.ReadResult(output), null)
                : root.TryGetProperty("error", out var error) && error.TryGetProperty("Code", out var code)
                    ? new SimulationOutcome(null, new SimulationError(code.GetString() ?? "",
                        error.TryGetProperty("Message", out var message) ? message.GetString() ?? "" : ""))
                : null;
            var date = root.TryGetProperty("source", out var source) && source.TryGetProperty("date", out var d) ? d.GetString() : null;
            return answer is null ? null : (request, answer, date);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string AnswerJson(SimulationOutcome answer) => answer switch
    {
        { Result: { } result } => SimulationJson.WriteResult(result, indented: false),
        { Error: { } error } => JsonSerializer.Serialize(new { error.Code, error.Message }),
        _ => "",
    };
}
