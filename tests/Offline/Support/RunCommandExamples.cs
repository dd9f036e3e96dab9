using Conformance.Offline.Tests.Recorded;

namespace Conformance.Offline.Tests.Support;

/// <summary>The example policies, fleet and calls of <c>docs/examples/run-command</c> (the four policies of "Setting up
/// Run Command"), as the tests of sendcommand, the readers and the campaigns read them.</summary>
internal static class RunCommandExamples
{
    public static readonly string Folder = Path.Combine(RecordedAnswers.RepositoryRoot, "docs", "examples", "run-command");
}
