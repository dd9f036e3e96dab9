using System.Globalization;

namespace Conformance.Model.Simulation;

/// <summary>
/// <c>MaxItems</c> (default 100) results a page (<see cref="PagedEvaluation"/>); the <c>Marker</c> this simulator hands out is the index of the next
/// result, as text. IAM's own markers are opaque (the recordings replaced them with <c>&lt;opaque-marker&gt;</c>), so
/// a marker is meaningful only to the oracle that issued it.
/// </summary>
public static class Paging
{
    public const int DefaultMaxItems = 100;

    /// <summary>Whether <paramref name="marker"/> is one this simulator hands out (an index, digits only).</summary>
    public static bool TryReadMarker(string marker, out int start) =>
        int.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out start);

    /// <summary>The marker of the page that starts at action <paramref name="next"/>.</summary>
    public static string Marker(int next) => next.ToString(CultureInfo.InvariantCulture);
}
