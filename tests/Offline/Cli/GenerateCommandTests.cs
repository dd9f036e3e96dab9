using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Cli;

public sealed class GenerateCommandTests
{
    [Theory]
    [InlineData("mixed")]
    [InlineData("policy")]
    [InlineData("send-command")]
    public void Generate_SameSeed_WritesTheSameBytes(string kind)
    {
        // https://docs.aws.amazon.com/cli/latest/reference/iam/simulate-custom-policy.html (--cli-input-json)
        var first = CliRun.Of(["generate", "--count", "40", "--seed", "12345", "--kind", kind]);
        var second = CliRun.Of(["generate", "--kind=" + kind, "--seed=12345", "--count=40"]);
        var other = CliRun.Of(["generate", "--count", "40", "--seed", "12346", "--kind", kind]);

        Assert.Equal((0, ""), (first.ExitCode, first.Stderr));
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.NotEqual(first.Stdout, other.Stdout);
    }

    [Fact]
    public void Generate_EveryLine_IsARequestTheSimulatorAnswers()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html (request parameters)
        var run = CliRun.Of(["generate", "--count", "60", "--seed", "3"]);

        var lines = run.Stdout.Split('\n');
        Assert.Equal("", lines[^1]);
        Assert.Equal(60, lines.Length - 1);
        foreach (var line in lines[..^1])
        {
            var request = SimulationJson.ReadRequestOrThrow(line);
            Assert.Single(request.ActionNames);
            Assert.NotEmpty(request.PolicyInputList);
            var simulated = CliRun.Of(["simulate", "--cli-input-json", "-"], line);
            Assert.True(simulated.ExitCode == 0, $"{simulated.Stderr}\n{line}");
        }
    }

    [Fact]
    public void Generate_Out_WritesTheFileAndNothingToStandardOutput()
    {
        var path = Path.Combine(Path.GetTempPath(), $"conformance-generate-{Guid.NewGuid():N}.jsonl");
        try
        {
            var run = CliRun.Of(["generate", "--count", "25", "--seed", "9", "--out", path]);

            Assert.Equal((0, ""), (run.ExitCode, run.Stdout));
            Assert.Contains("wrote 25 requests", run.Stderr);
            Assert.Equal(CliRun.Of(["generate", "--count", "25", "--seed", "9"]).Stdout, File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new[] { "generate" }, "--count is required")]
    [InlineData(new[] { "generate", "--count", "5" }, "--seed is required")]
    [InlineData(new[] { "generate", "--count", "0", "--seed", "1" }, "--count is \"0\"")]
    [InlineData(new[] { "generate", "--count", "ten", "--seed", "1" }, "--count is \"ten\"")]
    [InlineData(new[] { "generate", "--count", "100001", "--seed", "1" }, "from 1 to 100000")]
    [InlineData(new[] { "generate", "--count", "5", "--seed", "-1" }, "--seed is \"-1\"")]
    [InlineData(new[] { "generate", "--count", "5", "--seed", "1", "--kind", "all" }, "--kind is \"all\"")]
    [InlineData(new[] { "generate", "--count", "5", "--seed" }, "--seed needs a value")]
    [InlineData(new[] { "generate", "--count", "5", "--count", "6", "--seed", "1" }, "--count is given twice")]
    [InlineData(new[] { "generate", "--count", "5", "--seed", "1", "--format", "json" }, "unknown option '--format'")]
    [InlineData(new[] { "generate", "cases.jsonl" }, "unknown argument 'cases.jsonl'")]
    public void Generate_BadArguments_ExitTwoNamingThem(string[] args, string expected)
    {
        // https://docs.aws.amazon.com/cli/v1/userguide/cli-usage-returncodes.html (non-zero return code on a usage error)
        var run = CliRun.Of(args);

        Assert.Equal((2, ""), (run.ExitCode, run.Stdout));
        Assert.Contains(expected, run.Stderr);
        Assert.Contains("conformance generate --help", run.Stderr);
    }

    [Fact]
    public void Generate_UnwritableOut_ExitsTwo()
    {
        var run = CliRun.Of(["generate", "--count", "1", "--seed", "1", "--out", Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}", "x.jsonl")]);

        Assert.Equal((2, ""), (run.ExitCode, run.Stdout));
        Assert.Contains("cannot write --out", run.Stderr);
    }

    [Fact]
    public void Generate_Help_DescribesOptionsAndExamples()
    {
        var run = CliRun.Of(["generate", "--help"]);

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.StartsWith("conformance generate - ", run.Stdout);
        foreach (var option in new[] { "--count <n>", "--seed <s>", "--out <file>", "--kind <kind>", "Exit codes:" })
        {
            Assert.Contains(option, run.Stdout);
        }
        Assert.Equal(run.Stdout, CliRun.Of(["help", "generate"]).Stdout);
    }
}
