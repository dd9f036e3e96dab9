using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Conformance.Benchmarks;

/// <summary>
/// Memory diagnoser and a decisions-per-second column. No job is fixed here, so <c>--job short</c> (or any
/// other) on the command line chooses it.
/// </summary>
public sealed class DecisionConfig : ManualConfig
{
    public DecisionConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new DecisionsPerSecondColumn());
    }
}

/// <summary>1 / Mean: with one operation per decision, decisions per second.</summary>
public sealed class DecisionsPerSecondColumn : IColumn
{
    public string Id => nameof(DecisionsPerSecondColumn);
    public string ColumnName => "Decisions/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Per-resource decisions per second (1 / Mean)";

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } statistics)
        {
            return "NA";
        }
        return (1e9 / statistics.Mean).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public override string ToString() => ColumnName;
}
