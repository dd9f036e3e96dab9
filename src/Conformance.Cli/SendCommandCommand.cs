using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Conformance.Campaign;
using Conformance.Iam;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using Conformance.Model.SendCommand;
using Conformance.Model.Simulation;

namespace Conformance.Cli;

/// <summary>
/// <c>conformance sendcommand</c>: answers one <c>aws ssm send-command</c> call against the caller's policies and a
/// fleet, check by check (document, each node, the Systems Manager leg), and with <c>--live</c> asks IAM the same checks.
/// </summary>
internal static class SendCommandCommand
{
    private sealed record Options(
        string? Input, ImmutableArray<string> Policies, string? Boundary, ImmutableArray<string> Fleets, ImmutableArray<string> Context,
        string? CallerArn, string? Region, string Output, bool Live, Uri? Endpoint, string? Profile);

    public static int Run(CliApp.CommandIo io, Func<string, string?> environment)
    {
        Options options;
        try
        {
            if (ParseArguments(io.Args) is not { } parsed)
            {
                io.Stdout.Write(HelpText.SendCommand);
                return CliApp.Success;
            }
            options = parsed;
        }
        catch (UsageException e)
        {
            return Fail(io, e.Message + " Run 'conformance sendcommand --help' to see the options.");
        }

        PolicyTexts policies;
        SendCommandRequest request;
        SendCommandAnswer answer;
        ImmutableArray<string> policyNames;
        try
        {
            var input = SendCommandInputJson.Parse(Name(options.Input!), ReadArgument(options.Input!));
            policyNames = [.. options.Policies.Select(Name)];
            policies = new PolicyTexts([.. options.Policies.Select(p => ReadPolicy(p, PolicyKind.Identity))],
                options.Boundary is { } b ? ReadPolicy(b, PolicyKind.PermissionsBoundary) : null);
            var caller = CallerContextArguments.Parse(options.Context, options.CallerArn);
            var region = AwsRegion.Resolve(options.Region, options.Profile, environment);
            var defaultAccount = caller.CallerArn is { } arn && Model.Matching.Arn.TrySplit(arn, out var split) ? split.Account : null;
            var fleet = FleetJson.Parse(options.Fleets.Select(f => new FleetFile(Name(f), ReadArgument(f))), region, defaultAccount);
            request = SendCommandCall.Resolve(input, fleet, region, caller);
            answer = SendCommandSimulation.Answer(policies, request);
        }
        catch (Exception e) when (e is InputFileException or SendCommandInputException)
        {
            return Fail(io, $"conformance sendcommand: {e.Message}");
        }

        LiveComparison? live = null;
        string? liveEndpoint = null;
        if (options.Live)
        {
            var iamOptions = new IamOracleOptions(Endpoint: options.Endpoint, Profile: options.Profile);
            if (IamCredentials.Missing(iamOptions) is { } missing)
            {
                return Fail(io, $"conformance sendcommand: --live: {missing}. Give credentials through the AWS SDK chain (environment, AWS_PROFILE, SSO, web identity) or --profile.");
            }
            try
            {
                using var oracle = new IamSimulationOracle(iamOptions);
                liveEndpoint = oracle.Endpoint.GetLeftPart(UriPartial.Authority);
                live = SendCommandLive.CompareAsync(oracle, answer).GetAwaiter().GetResult();
            }
            catch (IamCallException e)
            {
                io.Stderr.WriteLine($"conformance sendcommand: IAM gave no answer: {e.Message}");
                return CliApp.OracleUnavailable;
            }
            catch (ArgumentException e)
            {
                return Fail(io, $"conformance sendcommand: --live: {e.Message}");
            }
        }

        if (options.Output == "json")
        {
            io.Stdout.WriteLine(SendCommandOutput.Json(answer, live));
        }
        else
        {
            SendCommandOutput.Text(answer, request, policyNames, options.Boundary is { } bn ? Name(bn) : null, live, liveEndpoint, io.Stdout);
        }
        if (live is not null)
        {
            io.Stderr.WriteLine($"conformance sendcommand: {answer.Checks.Length} checks put to {liveEndpoint} in {live.Calls} call(s): " +
                                $"{live.Verdicts.Count(v => v.Agrees)} agree, {live.Verdicts.Count(v => !v.Agrees)} diverge");
        }
        return live is { Agrees: false } ? CliApp.Mismatch : CliApp.Success;
    }

    /// <summary>The options, or null when help was asked for.</summary>
    private static Options? ParseArguments(string[] args)
    {
        string? input = null, boundary = null, callerArn = null, region = null, profile = null;
        var output = "json";
        var live = false;
        Uri? endpoint = null;
        var policies = ImmutableArray.CreateBuilder<string>();
        var fleets = ImmutableArray.CreateBuilder<string>();
        var context = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                return null;
            }
            if (arg == "--live")
            {
                live = true;
                continue;
            }
            string name = arg, value;
            var equals = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                (name, value) = (arg[..equals], arg[(equals + 1)..]);
            }
            else if (arg is "--cli-input-json" or "--policy" or "--permissions-boundary" or "--fleet" or "--context" or "--caller-arn" or "--region" or "--output" or "--endpoint" or "--profile")
            {
                value = i + 1 < args.Length ? args[++i] : throw new UsageException($"conformance sendcommand: {arg} needs a value.");
            }
            else
            {
                throw new UsageException($"conformance sendcommand: unknown {(arg.StartsWith('-') ? "option" : "argument")} '{arg}'.");
            }
            switch (name)
            {
                case "--cli-input-json":
                    input = input is null ? value : throw new UsageException("conformance sendcommand: --cli-input-json is given twice; give it once.");
                    break;
                case "--policy":
                    policies.Add(value);
                    break;
                case "--permissions-boundary":
                    boundary = boundary is null ? value : throw new UsageException("conformance sendcommand: --permissions-boundary takes one policy.");
                    break;
                case "--fleet":
                    fleets.Add(value);
                    break;
                case "--context":
                    context.Add(value);
                    break;
                case "--caller-arn":
                    callerArn = value;
                    break;
                case "--region":
                    region = value;
                    break;
                case "--profile":
                    profile = value;
                    break;
                case "--output" when value is "json" or "text":
                    output = value;
                    break;
                case "--output":
                    throw new UsageException($"conformance sendcommand: --output '{value}': give json or text.");
                case "--endpoint" when Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https":
                    endpoint = uri;
                    break;
                case "--endpoint":
                    throw new UsageException($"conformance sendcommand: --endpoint '{value}' is not an http(s) URL.");
                default:
                    throw new UsageException($"conformance sendcommand: unknown option '{name}'.");
            }
        }
        if (input is null)
        {
            throw new UsageException("conformance sendcommand: --cli-input-json is required (the input of `aws ssm send-command --cli-input-json`).");
        }
        if (policies.Count == 0)
        {
            throw new UsageException("conformance sendcommand: --policy is required (the caller's identity policies; give it once per policy).");
        }
        if (fleets.Count == 0)
        {
            throw new UsageException("conformance sendcommand: --fleet is required (the output of `aws ec2 describe-instances`, or of " +
                                     "`aws ssm describe-instance-information` with `aws resourcegroupstaggingapi get-resources`).");
        }
        if (endpoint is not null && !live)
        {
            throw new UsageException("conformance sendcommand: --endpoint is where --live asks; give --live too.");
        }
        return new Options(input, policies.ToImmutable(), boundary, fleets.ToImmutable(), context.ToImmutable(), callerArn, region, output, live, endpoint, profile);
    }

    /// <summary>A file argument as the aws CLI takes it (<c>file://path</c>), or a plain path; JSON text itself is taken too.</summary>
    private static string ReadArgument(string value)
    {
        if (value.TrimStart().StartsWith('{'))
        {
            return value;
        }
        var path = Path(value);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InputFileException(path, "$", null, $"cannot read the file: {e.Message}");
        }
    }

    private static string Path(string value) => value.StartsWith(CliInput.FilePrefix, StringComparison.Ordinal) ? value[CliInput.FilePrefix.Length..] : value;

    /// <summary>The name a file goes by in messages: its path as given, or "(inline JSON)".</summary>
    private static string Name(string value) => value.TrimStart().StartsWith('{') ? "(inline JSON)" : Path(value);

    private static string ReadPolicy(string value, PolicyKind kind)
    {
        var text = ReadArgument(value);
        var parsed = PolicyParser.Parse(text, kind);
        if (!parsed.IsSuccess)
        {
            var first = parsed.Errors[0];
            throw new InputFileException(Name(value), first.JsonPath, first.Position,
                first.Message + (parsed.Errors.Length > 1 ? $" (and {parsed.Errors.Length - 1} more: {string.Join("; ", parsed.Errors.Skip(1))})" : ""));
        }
        return text;
    }

    private static int Fail(CliApp.CommandIo io, string message)
    {
        io.Stderr.WriteLine(message);
        return CliApp.InvalidUsageOrInput;
    }

    private sealed class UsageException(string message) : Exception(message);
}

/// <summary>The answer printed: JSON for programs, text for people.</summary>
internal static class SendCommandOutput
{
    public static string Json(SendCommandAnswer answer, LiveComparison? live)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("Decision", answer.Decision.WireName());
            writer.WriteStartArray("Checks");
            for (var i = 0; i < answer.Checks.Length; i++)
            {
                var check = answer.Checks[i];
                writer.WriteStartObject();
                writer.WriteString("Check", check.Kind);
                writer.WriteString("ResourceArn", check.Check.ResourceArn);
                writer.WriteString("EvalDecision", check.Result.EvalResourceDecision.WireName());
                writer.WriteStartArray("MatchedStatements");
                foreach (var s in check.Result.MatchedStatements)
                {
                    writer.WriteStartObject();
                    writer.WriteString("SourcePolicyId", s.SourcePolicyId);
                    if (s.SourcePolicyType is { } type)
                    {
                        writer.WriteString("SourcePolicyType", type);
                    }
                    WritePosition(writer, "StartPosition", s.StartPosition);
                    WritePosition(writer, "EndPosition", s.EndPosition);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteStartArray("MissingContextValues");
                foreach (var key in check.Result.MissingContextValues)
                {
                    writer.WriteStringValue(key);
                }
                writer.WriteEndArray();
                writer.WriteStartArray("FailedConditions");
                foreach (var (statement, condition) in check.FailedConditions)
                {
                    writer.WriteStartObject();
                    writer.WriteString("SourcePolicyId", statement.SourcePolicyId);
                    writer.WriteNumber("Statement", statement.Statement.Index + 1);
                    if (statement.Statement.Sid is { } sid)
                    {
                        writer.WriteString("Sid", sid);
                    }
                    writer.WriteString("Operator", condition.Condition.Operator.Name);
                    writer.WriteString("ContextKeyName", condition.Condition.ContextKeyName);
                    writer.WriteStartArray("PolicyValues");
                    foreach (var value in condition.PolicyValues)
                    {
                        writer.WriteStringValue(value.Written);
                    }
                    writer.WriteEndArray();
                    if (condition.RequestValue is { } requestValue)
                    {
                        writer.WriteStartArray("RequestValues");
                        foreach (var value in requestValue.Values)
                        {
                            writer.WriteStringValue(value);
                        }
                        writer.WriteEndArray();
                    }
                    else
                    {
                        writer.WriteNull("RequestValues");
                    }
                    writer.WriteString("Reason", condition.Reason);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                if (live?.Verdicts[i] is { } verdict)
                {
                    writer.WriteString("Live", verdict.Agrees ? "agrees" : "diverges");
                    if (!verdict.Agrees)
                    {
                        if (verdict.OracleDecision is { } iam)
                        {
                            writer.WriteString("IamDecision", iam.Decision.WireName());
                        }
                        writer.WriteStartArray("Differences");
                        foreach (var difference in verdict.Differences)
                        {
                            writer.WriteStringValue(difference);
                        }
                        writer.WriteEndArray();
                    }
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("TargetedNodes");
            foreach (var node in answer.TargetedNodes)
            {
                writer.WriteStringValue(node.InstanceId);
            }
            writer.WriteEndArray();
            writer.WriteStartArray("Notes");
            foreach (var note in answer.Notes)
            {
                writer.WriteStringValue(note);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WritePosition(Utf8JsonWriter writer, string name, Model.Json.TextPosition position)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber("Line", position.Line);
        writer.WriteNumber("Column", position.Column);
        writer.WriteEndObject();
    }

    public static void Text(SendCommandAnswer answer, SendCommandRequest request, ImmutableArray<string> policyNames, string? boundaryName,
        LiveComparison? live, string? liveEndpoint, TextWriter output)
    {
        var document = request.Document.Arn(request.Partition, request.Region, request.Account);
        output.WriteLine($"{SendCommandAuthorizer.Action} of {document} on {answer.TargetedNodes.Length} node(s) in {request.Region}/{request.Account}: {answer.Decision.WireName()}");
        output.WriteLine(answer.Decision == EvalDecision.Allowed
            ? $"  every one of the {answer.Checks.Length} authorizations allows"
            : $"  {answer.Checks.Count(c => c.Result.EvalResourceDecision != EvalDecision.Allowed)} of {answer.Checks.Length} authorizations deny; the call is allowed only when every one allows");
        output.WriteLine($"  Policies: {string.Join(", ", policyNames.Select((n, i) => $"PolicyInputList.{i + 1} = {n}"))}" +
                         (boundaryName is null ? "" : $"; PermissionsBoundary = {boundaryName}"));
        foreach (var note in answer.Notes)
        {
            output.WriteLine($"  Note: {note}");
        }
        for (var i = 0; i < answer.Checks.Length; i++)
        {
            var check = answer.Checks[i];
            output.WriteLine();
            var node = answer.TargetedNodes.FirstOrDefault(n => n.Arn(request.Partition) == check.Check.ResourceArn);
            var tags = node is null ? "" : $" {{{string.Join(", ", node.Tags.Select(t => $"{t.Key}={t.Value}"))}}}";
            var leg = check.Kind == "systemsManager" ? " (Systems Manager's own leg: aws:ViaAWSService true, no network keys)" : "";
            output.WriteLine($"{check.Kind} {check.Check.ResourceArn}{tags}{leg}: {check.Result.EvalResourceDecision.WireName()}");
            if (live?.Verdicts[i] is { } verdict)
            {
                output.WriteLine(verdict.Agrees
                    ? $"  Live: agrees ({liveEndpoint} answered the same)"
                    : $"  Live: DIVERGES: IAM answered {verdict.OracleDecision?.Decision.WireName() ?? "an error"} / the model answered {check.Result.EvalResourceDecision.WireName()}");
                foreach (var difference in verdict.Differences)
                {
                    output.WriteLine($"    {difference}");
                }
            }
            var deciding = check.Explanation.DecidingStatements.ToList();
            output.WriteLine(deciding.Count == 0 ? "  Decided by: no statement" : "  Decided by:");
            foreach (var statement in deciding)
            {
                output.WriteLine($"    {ExplanationPrinter.Label(statement)}");
            }
            if (check.Result.EvalResourceDecision != EvalDecision.Allowed)
            {
                output.WriteLine($"  {check.Explanation.Summary}.");
                foreach (var group in check.FailedConditions.GroupBy(f => f.Statement))
                {
                    output.WriteLine($"  Failed conditions of {ExplanationPrinter.Label(group.Key)}:");
                    foreach (var (_, condition) in group)
                    {
                        ExplanationPrinter.PrintCondition(condition, output);
                    }
                }
                if (!check.Result.MissingContextValues.IsEmpty)
                {
                    output.WriteLine($"  MissingContextValues: {string.Join(", ", check.Result.MissingContextValues)}");
                }
            }
        }
    }
}
