namespace Conformance.Offline.Tests.Cli;

public sealed class CliUsageTests
{
    [Theory]
    [InlineData(new string[0], "a command is required")]
    [InlineData(new[] { "serve" }, "--port is required")]
    [InlineData(new[] { "check" }, "give at least one fixture file or folder")]
    [InlineData(new[] { "--verbose" }, "unknown option '--verbose'")]
    [InlineData(new[] { "simulate" }, "--cli-input-json is required")]
    [InlineData(new[] { "simulate", "--cli-input-json" }, "--cli-input-json needs a value")]
    [InlineData(new[] { "simulate", "--query", "x" }, "unknown option '--query'")]
    [InlineData(new[] { "explain", "request.json" }, "unknown argument 'request.json'")]
    [InlineData(new[] { "explain", "--cli-input-json", "-", "--cli-input-json", "-" }, "--cli-input-json is given twice")]
    [InlineData(new[] { "help", "report" }, "unknown command 'report'")]
    [InlineData(new[] { "campaign", "--max-calls", "0" }, "--max-calls '0' is not valid")]
    [InlineData(new[] { "campaign", "--endpoint", "ftp://x" }, "is not an http(s) URL")]
    public void Run_BadUsage_ExitsTwoNamingItAndPointingToHelp(string[] args, string expected)
    {
        // https://docs.aws.amazon.com/cli/v1/userguide/cli-usage-returncodes.html (non-zero return code on a usage error)
        var run = CliRun.Of(args);

        Assert.Equal((2, ""), (run.ExitCode, run.Stdout));
        Assert.Contains(expected, run.Stderr);
        Assert.Contains("--help", run.Stderr);
    }

    [Fact]
    public void Run_Help_ListsOnlyWorkingCommandsWithExamples()
    {
        // https://docs.aws.amazon.com/cli/latest/reference/iam/simulate-custom-policy.html (the input the commands read)
        var run = CliRun.Of(["--help"]);

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Contains("  simulate ", run.Stdout);
        Assert.Contains("  explain ", run.Stdout);
        Assert.Contains("  check ", run.Stdout);
        Assert.Contains("  import ", run.Stdout);
        Assert.Contains("  generate ", run.Stdout);
        Assert.Contains("  serve ", run.Stdout);
        Assert.Contains("conformance simulate --cli-input-json file://request.json", run.Stdout);
        Assert.Contains("  campaign ", run.Stdout);
    }

    [Theory]
    [InlineData("simulate")]
    [InlineData("explain")]
    public void Run_CommandHelp_DescribesInputAndExitCodes(string command)
    {
        // https://docs.aws.amazon.com/cli/v1/userguide/cli-usage-skeleton.html (--cli-input-json)
        var run = CliRun.Of([command, "--help"]);

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.StartsWith($"conformance {command} - ", run.Stdout);
        Assert.Contains("file://<path>", run.Stdout);
        Assert.Contains($"conformance {command} --cli-input-json file://request.json", run.Stdout);
        Assert.Equal(run.Stdout, CliRun.Of(["help", command]).Stdout);
    }

    [Fact]
    public void Run_SimulateHelpExamples_RunAsWritten()
    {
        // https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html (the example request's policy)
        var help = CliRun.Of(["simulate", "--help"]).Stdout.Split('\n');

        // The example request: from the line "  {" to the line "  }" after "Example request".
        var from = Array.FindIndex(help, l => l.StartsWith("Example request", StringComparison.Ordinal)) + 1;
        var to = Array.FindIndex(help, from, l => l == "  }");
        var example = string.Join("\n", help[from..(to + 1)]);
        var run = CliRun.Of(["simulate", "--cli-input-json", "-"], stdin: example);
        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Contains("\"EvalDecision\": \"allowed\"", run.Stdout);

        // The inline example: the text between the single quotes.
        var inline = help.Single(l => l.Contains("--cli-input-json '", StringComparison.Ordinal));
        var json = inline[(inline.IndexOf('\'') + 1)..inline.LastIndexOf('\'')];
        var inlineRun = CliRun.Of(["simulate", "--cli-input-json", json]);
        Assert.Equal((0, ""), (inlineRun.ExitCode, inlineRun.Stderr));
        Assert.Contains("\"EvalDecision\": \"allowed\"", inlineRun.Stdout);
    }
}
