using System.Globalization;
using FsCheck;
using Microsoft.FSharp.Core;

namespace Conformance.Offline.Tests.Support;

/// <summary>
/// Runs an FsCheck property with a fixed number of cases. A failure message carries FsCheck's replay seed; to
/// rerun exactly that case set <c>CONFORMANCE__REPLAY</c> (see <see cref="Conformance.Generators.ConformanceSettings"/>)
/// to the two numbers it prints, e.g. <c>dotnet test tests/Offline -e CONFORMANCE__REPLAY="12345,67" --filter Parser_NeverThrows</c>.
/// </summary>
internal static class PropertyRun
{
    public const string ReplayVariable = "CONFORMANCE__REPLAY";

    public static void Check(Property property, int maxTest, string name)
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithName(name);
        if (Conformance.Generators.ConformanceSettings.Current.Replay is { } replay)
        {
            var parts = replay.Trim('(', ')', ' ').Split(',', StringSplitOptions.TrimEntries);
            var rnd = new Rnd(ulong.Parse(parts[0], CultureInfo.InvariantCulture), ulong.Parse(parts[1], CultureInfo.InvariantCulture));
            config = config.WithReplay(FSharpOption<Replay>.Some(new Replay(rnd, FSharpOption<int>.None)));
        }
        try
        {
            FsCheck.Check.One(config, property);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException(
                $"{e.Message}\nRerun this case with {ReplayVariable}=\"<seed>,<gamma>\" (the two numbers FsCheck printed above).");
        }
    }
}
