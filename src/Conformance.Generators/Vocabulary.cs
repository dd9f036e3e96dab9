using System.Collections.Immutable;
using Conformance.Model.Evaluation;

namespace Conformance.Generators;

/// <summary>
/// The small world that generated policies and requests share, so that conditions mostly read keys and values the
/// request carries (a uniformly random policy almost never matches anything and tests nothing).
/// </summary>
public static class Vocabulary
{
    public const string Account = "111122223333";
    public const string OtherAccount = "444455556666";

    public static readonly ImmutableArray<string> Accounts = [Account, OtherAccount];

    public static readonly ImmutableArray<string> Regions = ["us-east-1", "us-east-2", "eu-west-1"];

    /// <summary>Realistic tag keys; a fleet draws from few of them so that policies and targets meet.</summary>
    public static readonly ImmutableArray<string> TagKeys = ["Finance", "Environment", "Owner", "CostCenter", "Team"];

    /// <summary>Realistic tag values, including the seed page's <c>WebServers</c> and an empty value.</summary>
    public static readonly ImmutableArray<string> TagValues = ["WebServers", "prod", "dev", "alice", "platform", "CC-1024", ""];

    public static readonly ImmutableArray<string> Vpces = ["vpce-1a2b3c4d", "vpce-9f8e7d6c"];

    public static readonly ImmutableArray<string> Vpcs = ["vpc-0a1b2c3d", "vpc-5e6f7a8b"];

    public static readonly ImmutableArray<string> SourceIps = ["203.0.113.10", "198.51.100.7", "2001:db8::1"];

    public static readonly ImmutableArray<string> Actions = ["ssm:SendCommand", "ssm:GetDocument", "ec2:StartInstances"];

    public static readonly ImmutableArray<string> OwnedDocuments = ["RestartWeb", "Patch-Linux"];

    public static readonly ImmutableArray<string> AwsDocuments = ["AWS-RunShellScript", "AWS-RunPowerShellScript"];

    public static string PrincipalArn(string user) => $"arn:aws:iam::{Account}:user/{user}";

    /// <summary>The resources SendCommand touches: own and AWS-owned documents, EC2 and managed instances.</summary>
    public static ImmutableArray<string> Resources { get; } =
    [
        $"arn:aws:ssm:us-east-2:{Account}:document/RestartWeb",
        "arn:aws:ssm:us-east-2::document/AWS-RunShellScript",
        $"arn:aws:ssm:eu-west-1:{OtherAccount}:document/Shared-Patch",
        $"arn:aws:ec2:us-east-2:{Account}:instance/i-0123456789abcdef0",
        $"arn:aws:ssm:us-east-2:{Account}:managed-instance/mi-0123456789abcdef0",
    ];

    /// <summary>Keys the simulator fills in by itself when a request names no <c>CallerArn</c>
    /// (<see cref="Conformance.Model.Simulation.SimulatorContext"/>): generated cases name no caller and generated
    /// policies never read these keys, so the model answers a generated SimulationRequest exactly as it evaluates the
    /// generated case.</summary>
    public static readonly ImmutableArray<string> SimulatorDefaultKeys = ["aws:userid", "aws:PrincipalAccount"];

    /// <summary>Extra keys a caller may carry, one per operator family the tag keys do not reach.</summary>
    public static readonly ImmutableArray<ContextValue> ExtraKeys =
    [
        new("aws:MultiFactorAuthAge", ContextKeyType.Numeric, ["1200"]),
        new("aws:CurrentTime", ContextKeyType.Date, ["2026-11-29T12:00:00Z"]),
        new("aws:PrincipalArn", ContextKeyType.String, [PrincipalArn("alice")]),
        new("conformance:Blob", ContextKeyType.Binary, ["AQID"]),
    ];

    /// <summary>Keys a condition may read although the request lacks them, with a typical value to build policy
    /// values from.</summary>
    public static ImmutableArray<ContextValue> AbsentCandidates { get; } =
    [
        .. TagKeys.Select(k => new ContextValue($"ssm:resourceTag/{k}", ContextKeyType.String, ["WebServers"])),
        .. TagKeys.Select(k => new ContextValue($"aws:PrincipalTag/{k}", ContextKeyType.String, ["platform"])),
        new("aws:SourceVpce", ContextKeyType.String, [Vpces[0]]),
        new("aws:SourceIp", ContextKeyType.Ip, [SourceIps[0]]),
        new("aws:ViaAWSService", ContextKeyType.Boolean, ["true"]),
        .. ExtraKeys,
    ];
}
