using System.Text.RegularExpressions;
using Conformance.Cli;
using Conformance.Iam;
using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Iam;

public sealed class ServeCommandTests
{
    private static string? Environment(string name) => name switch
    {
        "AWS_ACCESS_KEY_ID" => LoopbackIam.AccessKeyId,
        "AWS_SECRET_ACCESS_KEY" => LoopbackIam.SecretAccessKey,
        _ => null,
    };

    [Fact]
    public async Task Serve_PortZero_PrintsThePortAndAnswersTheOracle()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var io = new CliApp.CommandIo(["--port", "0"], TextReader.Null, TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr));
        var serving = Task.Run(() => ServeCommand.Run(io, Environment, stop.Token));

        Match listening;
        while (!(listening = Regex.Match(stdout.ToString(), @"listening on (http://127\.0\.0\.1:\d+)")).Success)
        {
            Assert.False(serving.IsCompleted, "serve ended before listening: " + stderr);
            await Task.Delay(20);
        }
        using (var oracle = new IamSimulationOracle(new IamOracleOptions(Endpoint: new Uri(listening.Groups[1].Value)),
                   new Amazon.Runtime.BasicAWSCredentials(LoopbackIam.AccessKeyId, LoopbackIam.SecretAccessKey)))
        {
            var outcome = await oracle.SimulateAsync(IamRequests.Boundary);
            Assert.Equal(IamRequests.Describe(ModelSimulator.Simulate(IamRequests.Boundary)), IamRequests.Describe(outcome));
        }
        await stop.CancelAsync();

        Assert.Equal(CliApp.Success, await serving);
        Assert.Contains("SimulateCustomPolicy -> 200", stderr.ToString());
        Assert.DoesNotContain("SECRETCANARY", stdout + stderr.ToString());
    }

    [Theory]
    [InlineData("", "--port is required")]
    [InlineData("--port", "--port needs a value")]
    [InlineData("--port 70000", "is not a port")]
    [InlineData("--port 0 --verbose", "unknown option '--verbose'")]
    public void Serve_BadArguments_ExitTwoWithTheReason(string args, string reason)
    {
        var stderr = new StringWriter();
        var io = new CliApp.CommandIo(args.Split(' ', StringSplitOptions.RemoveEmptyEntries), TextReader.Null, new StringWriter(), stderr);

        Assert.Equal(CliApp.InvalidUsageOrInput, ServeCommand.Run(io, Environment, CancellationToken.None));
        Assert.Contains(reason, stderr.ToString());
    }

    [Fact]
    public void Serve_WithoutCredentials_ExitTwoAndSaysWhichVariables()
    {
        var stderr = new StringWriter();
        var io = new CliApp.CommandIo(["--port", "0"], TextReader.Null, new StringWriter(), stderr);

        Assert.Equal(CliApp.InvalidUsageOrInput, ServeCommand.Run(io, _ => null, CancellationToken.None));
        Assert.Contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", stderr.ToString());
    }
}
