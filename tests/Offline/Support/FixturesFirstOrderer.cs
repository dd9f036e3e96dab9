using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("Conformance.Offline.Tests.Support.FixturesFirstOrderer", "Conformance.Offline.Tests")]

namespace Conformance.Offline.Tests.Support;

/// <summary>
/// Starts the regression fixture replay before any other test collection: a known regression is reported first.
/// (Collections still run in parallel; this orders their start.)
/// </summary>
public sealed class FixturesFirstOrderer : ITestCollectionOrderer
{
    public const string FixtureCollection = "Fixture replay";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(c => c.DisplayName.Contains(FixtureCollection, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
