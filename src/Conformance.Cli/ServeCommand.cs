using System.Globalization;
using Conformance.Iam.Loopback;

namespace Conformance.Cli;

/// <summary><c>conformance serve</c>: the loopback IAM endpoint, answering from the model until stopped.</summary>
internal static class ServeCommand
{
    /// <param name="environment">Reads the credentials the endpoint accepts (tests pass their own).</param>
    /// <param name="stop">Stops the endpoint; Ctrl+C and SIGTERM stop it too.</param>
    public static int Run(CliApp.CommandIo io, Func<string, string?> environment, CancellationToken stop)
    {
        int? port = null;
        var plants = new List<string>();
        for (var i = 0; i < io.Args.Length; i++)
        {
            var arg = io.Args[i];
            switch (arg)
            {
                case "--help" or "-h":
                    io.Stdout.Write(HelpText.Serve);
                    return CliApp.Success;
                case "--port" when i + 1 < io.Args.Length:
                    var text = io.Args[++i];
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p > 65535)
                    {
                        return Usage(io, $"conformance serve: --port '{text}' is not a port; give 0 (pick a free one) or 1 to 65535. Run 'conformance serve --help' for details.");
                    }
                    port = p;
                    break;
                case "--plant" when i + 1 < io.Args.Length:
                    var (known, unknown) = PlantedDifferences.Parse([io.Args[++i]]);
                    if (unknown.Count > 0 || known.Count == 0)
                    {
                        return Usage(io, $"conformance serve: --plant '{io.Args[i]}' is unknown; known: {string.Join(", ", PlantedDifferences.Names)} " +
                                         "(several: 'a,b' or --plant again). Run 'conformance serve --help' for details.");
                    }
                    plants.AddRange(known.Except(plants));
                    break;
                case "--plant":
                    return Usage(io, $"conformance serve: --plant needs a name: {string.Join(", ", PlantedDifferences.Names)}.");
                case "--port":
                    return Usage(io, "conformance serve: --port needs a value: 0 picks a free port and prints it, e.g. '--port 0'. Run 'conformance serve --help' for details.");
                default:
                    return Usage(io, $"conformance serve: unknown {(arg.StartsWith('-') ? "option" : "argument")} '{arg}'. Run 'conformance serve --help' to see the options.");
            }
        }
        if (port is null)
        {
            return Usage(io, "conformance serve: --port is required: give 0 to pick a free port, e.g. 'conformance serve --port 0'. Run 'conformance serve --help' for details.");
        }
        var keyId = environment("AWS_ACCESS_KEY_ID");
        var secret = environment("AWS_SECRET_ACCESS_KEY");
        if (string.IsNullOrEmpty(keyId) || string.IsNullOrEmpty(secret))
        {
            return Usage(io, "conformance serve: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to the (made-up) credentials the endpoint " +
                             "should accept; clients must sign with the same ones. They are never printed.");
        }
        var token = environment("AWS_SESSION_TOKEN") is { Length: > 0 } t ? t : null;
        LoopbackIamServer server;
        try
        {
            server = LoopbackIamServer.StartAsync(new LoopbackIamOptions(port.Value, [new LoopbackCredentials(keyId, secret, token)], io.Stderr.WriteLine), stop)
                .GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            io.Stderr.WriteLine($"conformance serve: cannot listen on 127.0.0.1:{port}: {e.Message}");
            return CliApp.InvalidUsageOrInput;
        }
        if (plants.Count > 0)
        {
            PlantedDifferences.TryPlant(server.Faults, plants);
            io.Stderr.WriteLine($"conformance serve: planted difference{(plants.Count == 1 ? "" : "s")} '{string.Join("', '", plants)}': " +
                                "answers differ from the model on purpose");
        }
        try
        {
            io.Stdout.WriteLine($"conformance serve: listening on {server.Endpoint.GetLeftPart(UriPartial.Authority)} " +
                                "(SimulateCustomPolicy, SigV4 service iam in us-east-1, credentials from AWS_ACCESS_KEY_ID); Ctrl+C stops");
            io.Stdout.Flush();
            server.WaitForShutdownAsync(stop).GetAwaiter().GetResult();
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return CliApp.Success;
    }

    private static int Usage(CliApp.CommandIo io, string message)
    {
        io.Stderr.WriteLine(message);
        return CliApp.InvalidUsageOrInput;
    }
}
