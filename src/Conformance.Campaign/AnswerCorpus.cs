using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Conformance.Model.Fixtures;
using Conformance.Model.Simulation;

namespace Conformance.Campaign;

/// <summary>Where a corpus line's answer came from: written into each line's <c>source</c>.</summary>
/// <param name="Endpoint">The oracle's endpoint (or its name when it has none).</param>
public sealed record AnswerProvenance(string Endpoint, string? Region, ulong Seed, string Tool);

/// <summary>
/// Appends every answer an oracle gives to a corpus of recorded answers (see <see cref="AnswerCorpusFile"/>): one
/// JSON line per call to <c>answers-yyyy-MM.jsonl</c> in the folder, deduplicated against every line of every
/// <c>*.jsonl</c> there by the content hash of question and answer, so a rerun adds no line.
/// </summary>
/// <remarks>
/// Kill safety: each line, newline included, is one write on a file opened for appending, flushed to disk before the
/// call returns. A run killed mid-write leaves at most a final fragment without a newline; readers skip it and
/// <see cref="Open"/> cuts it off before appending, so it is never replayed and never glued to the next line.
/// </remarks>
public sealed class AnswerCorpus
{
    private readonly string _directory;
    private readonly AnswerProvenance _provenance;
    private readonly HashSet<string> _known;
    private readonly Lock _gate = new();

    private AnswerCorpus(string directory, AnswerProvenance provenance, HashSet<string> known)
    {
        _directory = directory;
        _provenance = provenance;
        _known = known;
    }

    /// <summary>Lines appended by this instance.</summary>
    public int Appended { get; private set; }

    /// <summary>Answers already in the corpus, so not appended again.</summary>
    public int Duplicates { get; private set; }

    /// <summary>"conformance &lt;version&gt;", the tool version written into each line.</summary>
    public static string ToolVersion =>
        "conformance " + (typeof(AnswerCorpus).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");

    /// <summary>Opens (creating) the folder, cuts off any partial final line a killed run left, and reads the known hashes.</summary>
    public static AnswerCorpus Open(string directory, AnswerProvenance provenance)
    {
        Directory.CreateDirectory(directory);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in AnswerCorpusFile.Files(directory))
        {
            RepairTail(file);
            foreach (var (_, line) in AnswerCorpusFile.CompleteLines(file))
            {
                if (AnswerCorpusFile.HashOfLine(line) is { } hash)
                {
                    known.Add(hash);
                }
            }
        }
        return new AnswerCorpus(directory, provenance, known);
    }

    /// <summary>Appends the answer unless the corpus already holds it; true when a line was written.</summary>
    public bool Record(SimulationRequest request, SimulationOutcome answer)
    {
        if (answer.Result is null && answer.Error is null)
        {
            return false;
        }
        var hash = AnswerCorpusFile.Hash(request, answer);
        lock (_gate)
        {
            if (!_known.Add(hash))
            {
                Duplicates++;
                return false;
            }
            var bytes = Encoding.UTF8.GetBytes(Line(hash, request, answer) + "\n");
            var file = Path.Combine(_directory, $"answers-{DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture)}.jsonl");
            using (var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            Appended++;
            return true;
        }
    }

    private string Line(string hash, SimulationRequest request, SimulationOutcome answer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name", $"live {hash[..16]}: {string.Join(",", request.ActionNames)}");
            writer.WritePropertyName("input");
            SimulationJson.WriteRequest(writer, request);
            SimulationJson.WriteAnswer(writer, "output", answer.Result, answer.Error);
            writer.WriteStartObject("source");
            writer.WriteString("endpoint", _provenance.Endpoint);
            if (_provenance.Region is { } region)
            {
                writer.WriteString("region", region);
            }
            writer.WriteString("date", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("seed", _provenance.Seed.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("tool", _provenance.Tool);
            writer.WriteString("hash", hash);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Cuts a final fragment without a newline (a killed write) off the end of a file.</summary>
    private static void RepairTail(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var length = stream.Length;
        var position = length;
        var one = new byte[1];
        while (position > 0)
        {
            stream.Position = position - 1;
            stream.ReadExactly(one);
            if (one[0] == (byte)'\n')
            {
                break;
            }
            position--;
        }
        if (position < length)
        {
            stream.SetLength(position);
            stream.Flush(flushToDisk: true);
        }
    }
}
