using System.Diagnostics;
using Conformance.Offline.Tests.Recorded;

namespace Conformance.Offline.Tests.Cli;

/// <summary>
/// Runs only when a Python with botocore (the library the aws CLI v1 is built on) is installed. botocore's
/// <c>validate_parameters</c> is the parameter validation the aws CLI applies to <c>--cli-input-json</c> before it
/// sends anything, and botocore's service model describes the output; both work without network or credentials.
/// </summary>
public sealed class BotocoreFactAttribute : FactAttribute
{
    public BotocoreFactAttribute()
    {
        if (Botocore.Python is null)
        {
            Skip = "no python3 with botocore on PATH: the aws CLI's own parameter validation cannot be run offline here";
        }
    }
}

public static class Botocore
{
    public static string? Python { get; } = Find();

    private static string? Find()
    {
        foreach (var candidate in new[] { "python3", "python", "/usr/bin/python3" })
        {
            try
            {
                if (Run(candidate, "import botocore.session", "").ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under this name.
            }
        }
        return null;
    }

    public static (int ExitCode, string Output) Run(string python, string script, string stdin)
    {
        var start = new ProcessStartInfo(python, ["-c", script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException($"{python} did not finish within 60 s");
        }
        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>Validates the JSON on standard input as SimulateCustomPolicy input; prints the problems and exits 1 if any.</summary>
    public static readonly string ValidateInput = ValidateInputOf("iam", "SimulateCustomPolicy");

    /// <summary>Validates the JSON on standard input as the input of <paramref name="operation"/> of <paramref name="service"/>,
    /// as the aws CLI validates <c>--cli-input-json</c>; prints the problems and exits 1 if any.</summary>
    public static string ValidateInputOf(string service, string operation) => $"""
        import json, sys, botocore.session
        from botocore.validate import validate_parameters
        from botocore.exceptions import ParamValidationError
        shape = botocore.session.get_session().get_service_model('{service}').operation_model('{operation}').input_shape
        try:
            validate_parameters(json.load(sys.stdin), shape)
        except ParamValidationError as e:
            print(e); sys.exit(1)
        print('valid')
        """;

    /// <summary>Validates each line of standard input (one JSON request a line); prints the first problem and exits 1.</summary>
    public const string ValidateInputLines = """
        import json, sys, botocore.session
        from botocore.validate import validate_parameters
        from botocore.exceptions import ParamValidationError
        shape = botocore.session.get_session().get_service_model('iam').operation_model('SimulateCustomPolicy').input_shape
        for number, line in enumerate(sys.stdin, 1):
            try:
                validate_parameters(json.loads(line), shape)
            except ParamValidationError as e:
                print('request', number, e); sys.exit(1)
        print('valid')
        """;

    /// <summary>Checks the JSON on standard input against SimulateCustomPolicy's output shape: every member known, every type right.</summary>
    public const string CheckOutput = """
        import json, sys, botocore.session
        shape = botocore.session.get_session().get_service_model('iam').operation_model('SimulateCustomPolicy').output_shape
        problems = []
        def check(value, shape, path):
            t = shape.type_name
            if t == 'structure':
                if not isinstance(value, dict): problems.append(path + ': not an object'); return
                for k, v in value.items():
                    if k not in shape.members: problems.append(path + '.' + k + ': not in the output shape')
                    else: check(v, shape.members[k], path + '.' + k)
                for k in shape.required_members:
                    if k not in value: problems.append(path + '.' + k + ': required member missing')
            elif t == 'list':
                if not isinstance(value, list): problems.append(path + ': not a list'); return
                for i, v in enumerate(value): check(v, shape.member, path + '[' + str(i) + ']')
            elif t == 'map':
                if not isinstance(value, dict): problems.append(path + ': not a map')
            elif t == 'string':
                if not isinstance(value, str): problems.append(path + ': not a string')
                # SourcePolicyType is not held to its modelled enum: AWS itself answers 'IAM Policy' (iam-facts.md section f; tests/Recorded).
                elif shape.enum and value not in shape.enum and not path.endswith('.SourcePolicyType'): problems.append(path + ': ' + value + ' not in ' + str(shape.enum))
            elif t == 'integer':
                if not isinstance(value, int) or isinstance(value, bool): problems.append(path + ': not an integer')
            elif t == 'boolean':
                if not isinstance(value, bool): problems.append(path + ': not a boolean')
        check(json.load(sys.stdin), shape, '$')
        print('\n'.join(problems) or 'valid'); sys.exit(1 if problems else 0)
        """;
}

public sealed class AwsCliCompatibilityTests
{
    [BotocoreFact]
    public void AwsCliValidation_RunCommandRequest_IsAccepted()
    {
        // https://docs.aws.amazon.com/cli/latest/reference/iam/simulate-custom-policy.html (--cli-input-json)
        var (code, output) = Botocore.Run(Botocore.Python!, Botocore.ValidateInput, CliRequests.RunCommand("WebServers"));
        Assert.True(code == 0, output);
    }

    [BotocoreFact]
    public void AwsCliValidation_EveryRecordedRequestAsWeWriteIt_IsAccepted()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html ("Request Parameters")
        // The aws CLI v1 on this machine (botocore 1.43) predates OrderedOrganizationPolicyInputList, which aws-cli 2.36
        // sent for the recordings: those requests are left out here.
        var requests = RecordedAnswers.Load().Where(a => a.Request.OrderedOrganizationPolicyInputList.IsEmpty)
            .Select(a => Conformance.Model.Simulation.SimulationJson.WriteRequest(a.Request, indented: false));
        var (code, output) = Botocore.Run(Botocore.Python!, Botocore.ValidateInputLines, string.Join("\n", requests));
        Assert.True(code == 0, output);
    }

    [BotocoreFact]
    public void AwsCliValidation_RequestWithUnknownParameter_IsRejectedLikeOurs()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html ("Request Parameters": there is no ResourceArn)
        var request = CliRequests.RunCommand("WebServers").Replace("\"ResourceArns\"", "\"ResourceArn\"", StringComparison.Ordinal);
        var (code, output) = Botocore.Run(Botocore.Python!, Botocore.ValidateInput, request);
        Assert.Equal(1, code);
        Assert.Contains("Unknown parameter in input: \"ResourceArn\"", output);
        Assert.Equal(2, CliRun.Of(["simulate", "--cli-input-json", request]).ExitCode);
    }

    [BotocoreFact]
    public void AwsCliOutputShape_SimulateOutput_UsesOnlyKnownMembersAndTypes()
    {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html ("Response Elements")
        foreach (var request in new[] { CliRequests.RunCommand("WebServers"), CliRequests.RunCommand(null), CliRequests.RunCommand(null, CliRequests.Instance) })
        {
            var run = CliRun.Of(["simulate", "--cli-input-json", request]);
            Assert.Equal(0, run.ExitCode);
            var (code, output) = Botocore.Run(Botocore.Python!, Botocore.CheckOutput, run.Stdout);
            Assert.True(code == 0, output);
        }
    }
}
