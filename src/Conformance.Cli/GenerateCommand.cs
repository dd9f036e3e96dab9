using System.Globalization;
using System.Text;
using Conformance.Generators;
using Conformance.Model.Simulation;

namespace Conformance.Cli;

/// <summary><c>conformance generate</c>: generated cases as JSON Lines, one SimulateCustomPolicy request a line.</summary>
internal static class GenerateCommand
{
    public const int MaxCount = 100_000;

    private sealed record Options(int Count, ulong Seed, string? Out, CaseKind Kind);

    public static int Run(CliApp.CommandIo io, string help)
    {
        var (options, error) = Parse(io.Args);
        if (error == "--help")
        {
            io.Stdout.Write(help);
            return CliApp.Success;
        }
        if (options is null)
        {
            io.Stderr.WriteLine($"conformance generate: {error} Run 'conformance generate --help' to see the options.");
            return CliApp.InvalidUsageOrInput;
        }
        var text = new StringBuilder();
        foreach (var request in GeneratedRequests.Generate(options.Kind, options.Count, options.Seed))
        {
            // "\n" on every platform: the same seed gives the same bytes everywhere.
            text.Append(SimulationJson.WriteRequest(request, indented: false)).Append('\n');
        }
        if (options.Out is null)
        {
            io.Stdout.Write(text.ToString());
            return CliApp.Success;
        }
        try
        {
            File.WriteAllText(options.Out, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            io.Stderr.WriteLine($"conformance generate: cannot write --out \"{options.Out}\": {e.Message}");
            return CliApp.InvalidUsageOrInput;
        }
        io.Stderr.WriteLine($"conformance generate: wrote {options.Count} requests to {options.Out}");
        return CliApp.Success;
    }

    private static (Options? Options, string? Error) Parse(string[] args)
    {
        int? count = null;
        ulong? seed = null;
        string? output = null;
        var kind = CaseKind.Mixed;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                return (null, "--help");
            }
            var (name, value) = arg.Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal) ? (n, v) : (arg, null);
            if (name is not ("--count" or "--seed" or "--out" or "--kind"))
            {
                var what = arg.StartsWith('-') ? "option" : "argument";
                return (null, $"unknown {what} '{arg}'.");
            }
            if (!seen.Add(name))
            {
                return (null, $"{name} is given twice; give it once.");
            }
            if (value is null)
            {
                if (i + 1 >= args.Length)
                {
                    return (null, $"{name} needs a value.");
                }
                value = args[++i];
            }
            switch (name)
            {
                case "--count":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c < 1 || c > MaxCount)
                    {
                        return (null, $"--count is \"{value}\": give a whole number of requests from 1 to {MaxCount}.");
                    }
                    count = c;
                    break;
                case "--seed":
                    if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
                    {
                        return (null, $"--seed is \"{value}\": give a whole number from 0 to {ulong.MaxValue}.");
                    }
                    seed = s;
                    break;
                case "--out":
                    if (value.Length == 0)
                    {
                        return (null, "--out is empty: give a file path.");
                    }
                    output = value;
                    break;
                case "--kind":
                    kind = value switch
                    {
                        "policy" => CaseKind.Policy,
                        "send-command" => CaseKind.SendCommand,
                        "mixed" => CaseKind.Mixed,
                        _ => (CaseKind)(-1),
                    };
                    if (kind == (CaseKind)(-1))
                    {
                        return (null, $"--kind is \"{value}\": give policy, send-command or mixed.");
                    }
                    break;
            }
        }
        if (count is null)
        {
            return (null, "--count is required.");
        }
        if (seed is null)
        {
            return (null, "--seed is required: the same seed writes the same requests.");
        }
        return (new Options(count.Value, seed.Value, output, kind), null);
    }
}
