using System.Security.Cryptography;
using System.Text;

namespace Conformance.Model.Fixtures;

/// <summary>
/// Writes fixtures into a folder atomically (a temporary file in the same folder, then a rename), named by a hash
/// of their content, so a crash never leaves a partial fixture and a rerun that finds the same case adds no duplicate.
/// </summary>
public static class FixtureStore
{
    /// <summary>Writes <paramref name="fixture"/> unless an identical one is there; returns its path and whether it is new.</summary>
    public static (string Path, bool Created) Write(string directory, Fixture fixture)
    {
        Directory.CreateDirectory(directory);
        var text = FixtureJson.Write(fixture);
        var path = Path.Combine(directory, FileName(fixture, text));
        if (File.Exists(path))
        {
            return (path, false);
        }
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: false);
            return (path, true);
        }
        catch (IOException) when (File.Exists(path))
        {
            return (path, false); // another writer stored the same content first
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary><c>&lt;slug of the name&gt;-&lt;first 12 hex digits of SHA-256 of the request and answer&gt;.json</c>.</summary>
    public static string FileName(Fixture fixture, string? text = null)
    {
        var identity = Simulation.SimulationJson.WriteRequest(fixture.Request, indented: false) + "\n" +
                       (fixture.Answer is { } a ? Simulation.SimulationJson.WriteResult(a, indented: false) : fixture.Error!.Code);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..12];
        return $"{Slug(fixture.Name)}-{hash}.json";
    }

    private static string Slug(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }
        var slug = builder.ToString().Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }
        return slug.Length > 60 ? slug[..60].TrimEnd('-') : slug.Length == 0 ? "fixture" : slug;
    }
}
