using System.Collections.Immutable;
using System.Globalization;

namespace Conformance.Model.Simulation;

/// <summary>
/// <c>MaxItems</c> (default 100) results a page; the <c>Marker</c> this simulator hands out is the index of the next
/// result, as text. IAM's own markers are opaque (the recordings replaced them with <c>&lt;opaque-marker&gt;</c>), so
/// a marker is meaningful only to the oracle that issued it.
/// </summary>
public static class Paging
{
    public const int DefaultMaxItems = 100;

    /// <summary>Whether <paramref name="marker"/> is one this simulator hands out (an index, digits only).</summary>
    public static bool TryReadMarker(string marker, out int start) =>
        int.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out start);

    /// <summary>The results of one page: which of <paramref name="count"/> results to evaluate, before evaluating them.</summary>
    public static (int Start, int Length) Window(int count, SimulationRequest request)
    {
        var start = request.Marker is { } marker && TryReadMarker(marker, out var s) ? Math.Min(s, count) : 0;
        var length = Math.Min(request.MaxItems ?? DefaultMaxItems, count - start);
        return (start, length);
    }

    /// <summary>The page's answer: truncated, with the next marker, when results remain after it.</summary>
    public static SimulationResult Page(ImmutableArray<EvaluationResult> page, int start, int count)
    {
        var next = start + page.Length;
        return next < count
            ? new SimulationResult(page, IsTruncated: true, Marker: next.ToString(CultureInfo.InvariantCulture))
            : new SimulationResult(page);
    }
}
