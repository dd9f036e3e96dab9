using System.Collections.Immutable;

namespace Conformance.Generators;

/// <summary>
/// The small world that generated policies and requests share, so that conditions mostly read keys and values the
/// request carries (a uniformly random policy almost never matches anything and tests nothing).
/// </summary>
public static class Vocabulary
{
    public const string Account = "111122223333";
    public const string OtherAccount = "444455556666";

    public static readonly ImmutableArray<string> Regions = ["us-east-1", "us-east-2", "eu-west-1"];

    public static readonly ImmutableArray<string> TagKeys = ["Finance", "Environment", "Owner"];

    public static readonly ImmutableArray<string> TagValues = ["WebServers", "prod", "dev", "alice", ""];

    public static readonly ImmutableArray<string> Vpces = ["vpce-1a2b3c4d", "vpce-9f8e7d6c"];

    public static readonly ImmutableArray<string> SourceIps = ["203.0.113.10", "198.51.100.7", "2001:db8::1"];

    public static readonly ImmutableArray<string> Actions = ["ssm:SendCommand", "ssm:GetDocument", "ec2:StartInstances"];

    /// <summary>The resources SendCommand touches: own and AWS-owned documents, EC2 and managed instances.</summary>
    public static ImmutableArray<string> Resources { get; } =
    [
        $"arn:aws:ssm:us-east-2:{Account}:document/RestartWeb",
        "arn:aws:ssm:us-east-2::document/AWS-RunShellScript",
        $"arn:aws:ssm:eu-west-1:{OtherAccount}:document/Shared-Patch",
        $"arn:aws:ec2:us-east-2:{Account}:instance/i-0123456789abcdef0",
        $"arn:aws:ssm:us-east-2:{Account}:managed-instance/mi-0123456789abcdef0",
    ];
}
