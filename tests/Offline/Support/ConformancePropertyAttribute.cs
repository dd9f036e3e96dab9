using Conformance.Generators;
using FsCheck.Xunit;

namespace Conformance.Offline.Tests.Support;

/// <summary>
/// An FsCheck property whose case count and replay seed come from <see cref="ConformanceSettings"/>
/// (<c>CONFORMANCE__MAXTEST</c>, <c>CONFORMANCE__REPLAY</c>, or <c>conformance.runsettings</c>). FsCheck.Xunit reads no
/// environment itself. When a property fails, FsCheck prints the seed as "(seed,gamma)"; rerun exactly that case with
/// <c>CONFORMANCE__REPLAY="seed,gamma" dotnet test --filter NameOfTheProperty</c>.
/// </summary>
public sealed class ConformancePropertyAttribute : PropertyAttribute
{
    public ConformancePropertyAttribute()
    {
        MaxTest = ConformanceSettings.Current.MaxTest;
        EndSize = ConformanceSettings.Current.EndSize;
        if (ConformanceSettings.Current.Replay is { } replay)
        {
            Replay = replay;
        }
    }

    /// <summary>At most this many cases, for a property whose every case is costly (CONFORMANCE__MAXTEST still lowers it).</summary>
    public int AtMost
    {
        get => MaxTest;
        set => MaxTest = Math.Min(MaxTest, value);
    }
}
