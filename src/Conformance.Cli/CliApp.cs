using System.Collections.Immutable;
using Conformance.Model.Simulation;

namespace Conformance.Cli;

/// <summary>
/// The <c>conformance</c> command line, runnable in process: arguments in, text out, an exit code back.
/// Thin by design: it parses arguments and prints; the model does the deciding and the explaining.
/// </summary>
public static class CliApp
{
    public const int Success = 0;

    /// <summary>A check found a mismatch (for example <c>check</c>: a fixture disagrees with the model).</summary>
    public const int Mismatch = 1;

    /// <summary>Bad usage or input IAM would reject; nothing is written to standard output.</summary>
    public const int InvalidUsageOrInput = 2;

    /// <summary>The question is outside what the model decides (an oracle answered ModelCannotDecide; the model itself no longer does for any recorded kind of question).</summary>
    public const int ModelCannotDecide = 3;

    /// <summary>The oracle gave no answer (refused credentials, throttling or errors on every attempt, a timeout).</summary>
    public const int OracleUnavailable = 4;

    private const string Operation = "SimulateCustomPolicy";

    /// <summary>A command: its name, a one-line summary, its help text, and how it runs on its own arguments.</summary>
    private sealed record Command(string Name, string Summary, string Help, Func<Command, CommandIo, int> Run);

    /// <summary>The arguments after the command name and the three standard streams.</summary>
    internal sealed record CommandIo(string[] Args, TextReader Stdin, TextWriter Stdout, TextWriter Stderr);

    // Help lists exactly the commands of this table.
    private static readonly ImmutableArray<Command> Commands =
    [
        new("simulate", "Answer a SimulateCustomPolicy request with the reference model, as `aws iam simulate-custom-policy` prints it.",
            HelpText.Simulate, (c, io) => RunSimulationCommand(c, io, Simulate)),
        new("explain", "Explain for people why each action on each resource is allowed or denied.",
            HelpText.Explain, (c, io) => RunSimulationCommand(c, io, Explain)),
        new("check", "Replay regression fixtures against the model; fail on a mismatch or a stale declared difference.",
            HelpText.Check, (_, io) => FixtureCommands.Check(io)),
        new("import", "Turn recorded answers (JSON Lines) into regression fixtures, atomically and without duplicates.",
            HelpText.Import, (_, io) => FixtureCommands.Import(io)),
        new("generate", "Write generated cases as JSON Lines, one SimulateCustomPolicy request a line (same seed, same bytes).",
            HelpText.Generate, (c, io) => GenerateCommand.Run(io, c.Help)),
        new("serve", "Answer SimulateCustomPolicy over HTTP on 127.0.0.1 from the model, as IAM does (SigV4, query protocol, XML).",
            HelpText.Serve, (_, io) => ServeCommand.Run(io, Environment.GetEnvironmentVariable, CancellationToken.None)),
        new("campaign", "Put generated questions to IAM (or an IAM endpoint), compare with the model, keep shrunk divergences as fixtures.",
            HelpText.Campaign, (_, io) => CampaignCommand.Run(io)),
        new("sendcommand", "Answer an `aws ssm send-command` call for your policies and fleet, check by check; --live asks IAM the same checks.",
            HelpText.SendCommand, (_, io) => SendCommandCommand.Run(io, Environment.GetEnvironmentVariable)),
        new("probe", "Put the model's open questions (tests/Probes) to IAM in few calls; say which hypothesis held; keep each answer.",
            HelpText.Probe, (_, io) => ProbeCommand.Run(io)),
        new("reference", "Refresh the Service Authorization Reference snapshot from its source, or show its version and licence.",
            HelpText.Reference, (c, io) => ReferenceCommand.Run(io, c.Help)),
    ];

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0)
        {
            return Usage(stderr, "conformance: a command is required. Run 'conformance --help' to see the commands.");
        }
        var first = args[0];
        if (first is "--help" or "-h" or "help")
        {
            if (first == "help" && args.Length > 1)
            {
                return Find(args[1]) is { } topic ? PrintHelp(stdout, topic.Help) : UnknownCommand(stderr, args[1]);
            }
            stdout.Write(HelpText.Top(Commands.Select(c => (c.Name, c.Summary))));
            return Success;
        }
        if (first.StartsWith('-'))
        {
            return Usage(stderr, $"conformance: unknown option '{first}'. Run 'conformance --help' to see the commands and options.");
        }
        return Find(first) is { } command ? command.Run(command, new CommandIo(args[1..], stdin, stdout, stderr)) : UnknownCommand(stderr, first);
    }

    private static Command? Find(string name) => Commands.FirstOrDefault(c => c.Name == name);

    /// <summary>Runs a command that reads one SimulateCustomPolicy request from <c>--cli-input-json</c>.</summary>
    private static int RunSimulationCommand(Command command, CommandIo io, Func<SimulationInput, TextWriter, SimulationError?> execute)
    {
        var (args, stdin, stdout, stderr) = (io.Args, io.Stdin, io.Stdout, io.Stderr);
        string? inputValue = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                return PrintHelp(stdout, command.Help);
            }
            string? value = null;
            if (arg == "--cli-input-json")
            {
                if (i + 1 >= args.Length)
                {
                    return Usage(stderr, $"conformance {command.Name}: --cli-input-json needs a value: file://<path>, - for standard input, or the JSON text. " +
                                         $"Run 'conformance {command.Name} --help' for examples.");
                }
                value = args[++i];
            }
            else if (arg.StartsWith("--cli-input-json=", StringComparison.Ordinal))
            {
                value = arg["--cli-input-json=".Length..];
            }
            else
            {
                var what = arg.StartsWith('-') ? "option" : "argument";
                return Usage(stderr, $"conformance {command.Name}: unknown {what} '{arg}'. Run 'conformance {command.Name} --help' to see the options.");
            }
            if (inputValue is not null)
            {
                return Usage(stderr, $"conformance {command.Name}: --cli-input-json is given twice; give it once. Run 'conformance {command.Name} --help' for examples.");
            }
            inputValue = value;
        }
        if (inputValue is null)
        {
            return Usage(stderr, $"conformance {command.Name}: --cli-input-json is required. Run 'conformance {command.Name} --help' for examples.");
        }

        var (text, source, readError) = CliInput.Read(inputValue, stdin);
        if (text is null)
        {
            return InvalidInput(stderr, readError!);
        }
        var (input, problem) = SimulationInput.Read(text);
        if (input is null)
        {
            return InvalidInput(stderr, $"{source}: {problem}");
        }
        // Commands write to a buffer first: when IAM would reject the input, nothing reaches standard output.
        var output = new StringWriter { NewLine = stdout.NewLine };
        if (execute(input, output) is { } error)
        {
            if (error.Code == SimulationError.ModelCannotDecide)
            {
                stderr.WriteLine($"conformance {command.Name}: {source}: the model cannot decide this question: {error.Message}");
                return ModelCannotDecide;
            }
            return InvalidInput(stderr, $"{source}: {input.Describe(error)}", error.Code);
        }
        stdout.Write(output.ToString());
        return Success;
    }

    /// <summary>Prints the answer; returns the error instead when the model gives one.</summary>
    private static SimulationError? Simulate(SimulationInput input, TextWriter stdout)
    {
        var outcome = ModelSimulator.Simulate(input.Request);
        if (outcome.Error is { } error)
        {
            return error;
        }
        stdout.WriteLine(SimulationJson.WriteResult(outcome.Result!));
        return null;
    }

    private static SimulationError? Explain(SimulationInput input, TextWriter stdout)
    {
        var (error, explanations, nextMarker) = SimulationExplainer.Explain(input.Request);
        if (error is not null)
        {
            return error;
        }
        ExplanationPrinter.Print(explanations, input.Request, nextMarker, stdout);
        return null;
    }

    private static int InvalidInput(TextWriter stderr, string message, string code = SimulationError.InvalidInput)
    {
        stderr.WriteLine($"An error occurred ({code}) when calling the {Operation} operation: {message}");
        return InvalidUsageOrInput;
    }

    private static int PrintHelp(TextWriter stdout, string help)
    {
        stdout.Write(help);
        return Success;
    }

    private static int UnknownCommand(TextWriter stderr, string name) =>
        Usage(stderr, $"conformance: unknown command '{name}'. Run 'conformance --help' to see the commands.");

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine(message);
        return InvalidUsageOrInput;
    }
}
