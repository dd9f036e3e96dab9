namespace Conformance.Cli;

/// <summary>
/// The value of <c>--cli-input-json</c>, read as the aws CLI reads it: <c>file://path</c> names a file,
/// <c>-</c> standard input, anything else is the JSON text itself.
/// </summary>
internal static class CliInput
{
    public const string FilePrefix = "file://";

    /// <summary>The text, and a name for it in messages; or why it could not be read.</summary>
    public static (string? Text, string Source, string? Error) Read(string value, TextReader stdin)
    {
        if (value == "-")
        {
            return (stdin.ReadToEnd(), "standard input", null);
        }
        if (value.StartsWith(FilePrefix, StringComparison.Ordinal))
        {
            var path = value[FilePrefix.Length..];
            if (path.Length == 0)
            {
                return (null, value, $"\"{value}\" names no file: give file://<path>, for example file://request.json");
            }
            try
            {
                return (File.ReadAllText(path), value, null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                return (null, value, $"cannot read {value}: {e.Message}");
            }
        }
        if (value.StartsWith("fileb://", StringComparison.Ordinal) || value.StartsWith("http://", StringComparison.Ordinal) ||
            value.StartsWith("https://", StringComparison.Ordinal))
        {
            return (null, value, $"\"{value}\" is not read: give file://<path>, - for standard input, or the JSON text itself");
        }
        return (value, "--cli-input-json", null);
    }
}
