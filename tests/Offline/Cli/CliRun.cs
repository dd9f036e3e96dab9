using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Conformance.Cli;

namespace Conformance.Offline.Tests.Cli;

/// <summary>What one in-process run of <c>conformance</c> printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static CliRun Of(string[] args, string stdin = "")
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = CliApp.Run(args, new StringReader(stdin), stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// <c>conformance</c> as a real process with the loopback endpoint's canary credentials in its environment: the SDK's
    /// credential chain reads the environment, which a test must not change for its neighbours.
    /// </summary>
    public static async Task<CliRun> OfProcessWithLoopbackCredentialsAsync(string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "conformance.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["AWS_ACCESS_KEY_ID"] = Iam.LoopbackIam.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = Iam.LoopbackIam.SecretAccessKey;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_CONFIG_FILE"] = "/nonexistent";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent";
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), $"conformance {args[0]} did not finish within 120 s");
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>Requests used by the CLI tests, in the aws-cli <c>--cli-input-json</c> shape.</summary>
public static class CliRequests
{
    public const string Document = "arn:aws:ssm:us-east-1::document/AWS-RunShellScript";
    public const string Instance = "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0";

    /// <summary>
    /// The tag policy of "Setting up Run Command": any document, and instances tagged Finance=WebServers.
    /// https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html
    /// Written over several lines so that positions have lines to point at.
    /// </summary>
    public const string RunCommandTagPolicy = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": "ssm:SendCommand",
              "Resource": "arn:aws:ssm:*:*:document/*"
            },
            {
              "Sid": "TaggedInstances",
              "Effect": "Allow",
              "Action": "ssm:SendCommand",
              "Resource": "arn:aws:ec2:*:*:instance/*",
              "Condition": {
                "StringLike": {
                  "ssm:resourceTag/Finance": ["WebServers"]
                }
              }
            }
          ]
        }
        """;

    /// <summary>A request over the document and one instance; <paramref name="financeTag"/> null leaves the tag out.</summary>
    public static string RunCommand(string? financeTag, params string[] resources)
    {
        var arns = string.Join(", ", (resources.Length == 0 ? [Document, Instance] : resources).Select(r => Json(r)));
        var lines = new List<string>
        {
            "{",
            $"    \"PolicyInputList\": [{Json(RunCommandTagPolicy)}],",
            "    \"ActionNames\": [\"ssm:SendCommand\"],",
            $"    \"ResourceArns\": [{arns}]" + (financeTag is null ? "" : ","),
        };
        if (financeTag is not null)
        {
            lines.Add("    \"ContextEntries\": [");
            lines.Add($"        {{\"ContextKeyName\": \"ssm:resourceTag/Finance\", \"ContextKeyValues\": [{Json(financeTag)}], \"ContextKeyType\": \"string\"}}");
            lines.Add("    ]");
        }
        lines.Add("}");
        return string.Join("\n", lines);
    }

    /// <summary>A JSON string literal written as people write it (<c>\"</c>, not <c>\u0022</c>).</summary>
    public static string Json(string text) =>
        JsonSerializer.Serialize(text, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static string TempFile(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"conformance-cli-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }
}
