using Conformance.Campaign;
using Conformance.Iam;
using Conformance.Model.Fixtures;
using Conformance.Model.Probes;

namespace Conformance.Cli;

/// <summary><c>conformance probe</c>: the model's open questions to IAM (or any IAM endpoint).</summary>
internal static class ProbeCommand
{
    public static int Run(CliApp.CommandIo io)
    {
        Uri? endpoint = null;
        string? profile = null;
        var probesFolder = Path.Combine("tests", "Probes");
        var fixtures = Path.Combine("tests", "Fixtures", "probes");
        var all = false;
        var recordStatus = false;
        for (var i = 0; i < io.Args.Length; i++)
        {
            var arg = io.Args[i];
            switch (arg)
            {
                case "--help" or "-h":
                    io.Stdout.Write(HelpText.Probe);
                    return CliApp.Success;
                case "--all":
                    all = true;
                    continue;
                case "--record-status":
                    recordStatus = true;
                    continue;
                case "--endpoint" or "--profile" or "--probes" or "--fixtures" when i + 1 >= io.Args.Length:
                    return Usage(io, $"conformance probe: {arg} needs a value. Run 'conformance probe --help'.");
                case "--endpoint" when Uri.TryCreate(io.Args[i + 1], UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https":
                    endpoint = uri;
                    i++;
                    continue;
                case "--endpoint":
                    return Usage(io, $"conformance probe: --endpoint '{io.Args[i + 1]}' is not an http(s) URL. Run 'conformance probe --help'.");
                case "--profile":
                    profile = io.Args[++i];
                    continue;
                case "--probes":
                    probesFolder = io.Args[++i];
                    continue;
                case "--fixtures":
                    fixtures = io.Args[++i];
                    continue;
                default:
                    return Usage(io, $"conformance probe: unknown {(arg.StartsWith('-') ? "option" : "argument")} '{arg}'. Run 'conformance probe --help' to see the options.");
            }
        }
        if (!Directory.Exists(probesFolder))
        {
            return Usage(io, $"conformance probe: {probesFolder}: no such folder of probes.");
        }
        var (probes, errors) = ProbeJson.ReadFolder(probesFolder);
        if (!errors.IsEmpty)
        {
            foreach (var error in errors)
            {
                io.Stderr.WriteLine($"conformance probe: {error}");
            }
            return CliApp.InvalidUsageOrInput;
        }
        var asked = probes.Where(p => all || p.Probe.Status is ProbeStatus.Unsettled).ToList();

        var options = new IamOracleOptions(Endpoint: endpoint, Profile: profile);
        if (IamCredentials.Missing(options) is { } missing)
        {
            return Usage(io, $"conformance probe: {missing}. Give credentials through the AWS SDK chain (environment, AWS_PROFILE, SSO, web identity) or --profile.");
        }
        using var oracle = new IamSimulationOracle(options);
        var live = oracle.Endpoint.Host.EndsWith("amazonaws.com", StringComparison.Ordinal) || oracle.Endpoint.Host.EndsWith(".amazonaws.com.cn", StringComparison.Ordinal);
        var description = live ? "live AWS IAM SimulateCustomPolicy" : $"IAM SimulateCustomPolicy at {oracle.Endpoint.GetLeftPart(UriPartial.Authority)}";
        var runner = new ProbeRunner(oracle, new ProbeRunOptions(fixtures, description, FixtureOracleKind.Aws));
        io.Stderr.WriteLine($"conformance probe: {asked.Count} of {probes.Length} probes to {description}");
        IReadOnlyList<ProbeOutcome> outcomes;
        try
        {
            outcomes = runner.RunAsync(asked.Select(p => p.Probe)).GetAwaiter().GetResult();
        }
        catch (IamCallException e)
        {
            io.Stderr.WriteLine($"conformance probe: IAM gave no answer: {e.Message}");
            return CliApp.OracleUnavailable;
        }
        foreach (var outcome in outcomes)
        {
            io.Stdout.WriteLine(outcome.Line);
            if (recordStatus)
            {
                var file = asked.Single(p => p.Probe.Id == outcome.Probe.Id).File;
                ProbeJson.WriteStatus(file, new ProbeStatus.Settled(outcome.Held,
                    DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(file))!, outcome.FixturePath!)));
            }
        }
        var diverging = outcomes.Count(o => o.Diverges);
        io.Stdout.WriteLine($"{outcomes.Count} probes in {runner.Calls} calls: {outcomes.Count - diverging} agree with the model, {diverging} diverge; answers kept in {fixtures}");
        return diverging == 0 ? CliApp.Success : CliApp.Mismatch;
    }

    private static int Usage(CliApp.CommandIo io, string message)
    {
        io.Stderr.WriteLine(message);
        return CliApp.InvalidUsageOrInput;
    }
}
