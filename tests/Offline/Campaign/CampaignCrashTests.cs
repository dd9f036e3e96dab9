using System.Diagnostics;
using Conformance.Iam.Loopback;
using Conformance.Model.Fixtures;
using Xunit.Abstractions;

namespace Conformance.Offline.Tests.Campaign;

/// <summary>
/// A campaign killed part-way must leave no partial fixture file: every <c>*.json</c> present is a whole, readable
/// fixture (the store writes a temporary file and renames it). The campaign runs as a real child process
/// (<c>conformance campaign</c>) against the loopback endpoint with a planted difference, and is killed at several
/// moments while it writes.
/// </summary>
public sealed class CampaignCrashTests(ITestOutputHelper output) : IDisposable
{
    private const string KeyId = "AKIDCANARYCRASH00001";
    private const string Secret = "SECRETCANARYcrashTestNeverPrinted000000";
    private readonly string _folder = Directory.CreateTempSubdirectory("conformance-crash-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Campaign_KilledPartWay_LeavesOnlyWholeFixtures()
    {
        await using var server = await LoopbackIamServer.StartAsync(new LoopbackIamOptions(0, [new LoopbackCredentials(KeyId, Secret, null)]));
        Assert.True(PlantedDifferences.TryPlant(server.Faults, PlantedDifferences.IgnoreSsmResourceTag));
        var cli = Path.Combine(AppContext.BaseDirectory, "conformance.dll");
        Assert.True(File.Exists(cli), $"the CLI is not next to the tests: {cli}");

        var killedWhileWriting = 0;
        // Killed 0, 100 and 300 ms after the first fixture appeared: the campaign is then finding and writing more.
        foreach (var delay in new[] { 0, 100, 300 })
        {
            var fixtures = Path.Combine(_folder, $"run-{delay}");
            var answers = Path.Combine(_folder, $"answers-{delay}");
            var start = new ProcessStartInfo("dotnet",
                [cli, "campaign", "--endpoint", server.Endpoint.ToString(), "--seed", "20261129", "--max-calls", "100000",
                 "--max-minutes", "5", "--fixtures", fixtures, "--answers", answers])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["AWS_ACCESS_KEY_ID"] = KeyId;
            start.Environment["AWS_SECRET_ACCESS_KEY"] = Secret;
            start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            start.Environment["AWS_CONFIG_FILE"] = "/nonexistent";
            start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent";
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var waited = Stopwatch.StartNew();
            while (!process.HasExited && waited.Elapsed < TimeSpan.FromSeconds(60) &&
                   !(Directory.Exists(fixtures) && Directory.EnumerateFiles(fixtures, "*.json").Any()))
            {
                await Task.Delay(20);
            }
            await Task.Delay(delay);
            var exitedEarly = process.HasExited;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            var log = await stderr + await stdout;
            Assert.DoesNotContain(Secret, log);

            var files = Directory.Exists(fixtures) ? Directory.GetFiles(fixtures) : [];
            var whole = files.Where(f => f.EndsWith(".json", StringComparison.Ordinal)).ToList();
            foreach (var file in whole)
            {
                var (fixture, error) = FixtureJson.ReadFile(file);
                Assert.True(fixture is not null, $"a partial or unreadable fixture after the kill: {error}");
                Assert.DoesNotContain(Secret, File.ReadAllText(file));
            }
            // Every complete line of the answer corpus reads back; a fragment is only ever the final one.
            var lines = AnswerCorpusFile.Files(answers).SelectMany(f => AnswerCorpusFile.CompleteLines(f)).ToList();
            Assert.All(lines, l => Assert.True(AnswerCorpusFile.HashOfLine(l.Line) is not null, $"an unreadable corpus line after the kill: {l.Line}"));
            killedWhileWriting += whole.Count > 0 && !exitedEarly ? 1 : 0;
            output.WriteLine($"killed {delay} ms after the first fixture{(exitedEarly ? " (it had already stopped)" : "")}: {whole.Count} whole fixtures, " +
                             $"{files.Length - whole.Count} temporary files, {lines.Count} whole answer lines");
        }
        Assert.True(killedWhileWriting > 0, "no run was killed while the campaign was writing fixtures; the test proved nothing");
    }
}
