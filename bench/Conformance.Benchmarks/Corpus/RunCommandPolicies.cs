namespace Conformance.Benchmarks.Corpus;

/// <summary>
/// Identity policies and permissions boundaries in the shape of "Setting up Run Command"
/// (https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html): SendCommand on
/// documents, on nodes restricted by tags, on AWS-owned <c>AWS-*</c> documents in listed regions with an empty
/// account field, the <c>aws:SourceVpce</c> / <c>aws:ViaAWSService</c> pair, plus Deny statements and boundaries
/// that a real account would add around them.
/// </summary>
public static class RunCommandPolicies
{
    public const string Account = "111122223333";

    /// <summary>The seed page's first example: documents unconditionally, EC2 nodes tagged Finance=WebServers.</summary>
    public const string FinanceWebServers = """
        {
          "Version": "2012-10-17",
          "Statement": [
            { "Effect": "Allow", "Action": ["ssm:SendCommand"], "Resource": ["arn:aws:ssm:*:*:document/*"] },
            {
              "Effect": "Allow",
              "Action": ["ssm:SendCommand"],
              "Resource": ["arn:aws:ec2:*:*:instance/*"],
              "Condition": { "StringLike": { "ssm:resourceTag/Finance": ["WebServers"] } }
            },
            {
              "Effect": "Allow",
              "Action": ["ssm:SendCommand"],
              "Resource": ["arn:aws:ssm:us-west-1::document/AWS-*", "arn:aws:ssm:us-east-2::document/AWS-*"]
            },
            {
              "Effect": "Allow",
              "Action": ["ssm:UpdateInstanceInformation", "ssm:ListCommands", "ssm:ListCommandInvocations", "ssm:GetDocument"],
              "Resource": "*"
            }
          ]
        }
        """;

    /// <summary>Two tags in one block: a node needs both (AND); both node kinds, Environment by wildcard.</summary>
    public const string FinanceAndProduction = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": "ssm:SendCommand",
              "Resource": ["arn:aws:ec2:*:*:instance/*", "arn:aws:ssm:*:*:managed-instance/*"],
              "Condition": {
                "StringLike": { "ssm:resourceTag/Finance": "WebServers", "aws:ResourceTag/Environment": "Prod*" }
              }
            },
            {
              "Effect": "Allow",
              "Action": "ssm:SendCommand",
              "Resource": ["arn:aws:ssm:us-west-1::document/AWS-*", "arn:aws:ssm:us-east-2::document/AWS-*"]
            }
          ]
        }
        """;

    /// <summary>Two statements with one tag each: either group suffices (OR).</summary>
    public const string FinanceOrStaging = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": "ssm:SendCommand",
              "Resource": "arn:aws:ec2:*:*:instance/*",
              "Condition": { "StringEquals": { "ssm:resourceTag/Finance": ["WebServers", "Databases"] } }
            },
            {
              "Effect": "Allow",
              "Action": "ssm:SendCommand",
              "Resource": ["arn:aws:ec2:*:*:instance/*", "arn:aws:ssm:*:*:managed-instance/*"],
              "Condition": { "StringEquals": { "aws:ResourceTag/Environment": "Staging" } }
            },
            { "Effect": "Allow", "Action": "ssm:SendCommand", "Resource": "arn:aws:ssm:*:111122223333:document/*" },
            { "Effect": "Allow", "Action": "ssm:SendCommand", "Resource": "arn:aws:ssm:*::document/AWS-RunShellScript" }
          ]
        }
        """;

    /// <summary>
    /// The seed page's current example: a statement that requires the VPC endpoint and one that accepts the
    /// service's own leg (<c>aws:ViaAWSService</c> true), on the same document and on the nodes.
    /// </summary>
    public const string SourceVpceOrViaAwsService = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": "ssm:SendCommand",
              "Resource": [
                "arn:aws:ssm:us-east-2:111122223333:document/MyRunbook",
                "arn:aws:ssm:us-east-2::document/AWS-RunShellScript",
                "arn:aws:ec2:us-east-2:111122223333:instance/*",
                "arn:aws:ssm:us-east-2:111122223333:managed-instance/*"
              ],
              "Condition": { "StringEquals": { "aws:SourceVpce": "vpce-1a2b3c4d5e6f70819" } }
            },
            {
              "Effect": "Allow",
              "Action": "ssm:SendCommand",
              "Resource": [
                "arn:aws:ssm:us-east-2:111122223333:document/MyRunbook",
                "arn:aws:ssm:us-east-2::document/AWS-RunShellScript",
                "arn:aws:ec2:us-east-2:111122223333:instance/*",
                "arn:aws:ssm:us-east-2:111122223333:managed-instance/*"
              ],
              "Condition": { "Bool": { "aws:ViaAWSService": "true" } }
            }
          ]
        }
        """;

    /// <summary>Attribute-based access: a node whose Owner tag is the caller's user name.</summary>
    public const string OwnerIsCaller = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": "ssm:SendCommand",
              "Resource": ["arn:aws:ec2:*:111122223333:instance/*", "arn:aws:ssm:*:111122223333:managed-instance/*"],
              "Condition": { "StringEquals": { "ssm:resourceTag/Owner": "${aws:username}" } }
            },
            { "Effect": "Allow", "Action": "ssm:SendCommand", "Resource": "arn:aws:ssm:*:*:document/*" }
          ]
        }
        """;

    /// <summary>Guard rails: production nodes only through the endpoint, PowerShell only for admin roles.</summary>
    public const string Guardrails = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "ProductionOnlyThroughEndpoint",
              "Effect": "Deny",
              "Action": "ssm:SendCommand",
              "Resource": ["arn:aws:ec2:*:*:instance/*", "arn:aws:ssm:*:*:managed-instance/*"],
              "Condition": {
                "StringEqualsIgnoreCase": { "aws:ResourceTag/Environment": "production" },
                "StringNotEquals": { "aws:SourceVpce": "vpce-1a2b3c4d5e6f70819" },
                "BoolIfExists": { "aws:ViaAWSService": "false" }
              }
            },
            {
              "Sid": "PowerShellForAdminsOnly",
              "Effect": "Deny",
              "Action": "ssm:SendCommand",
              "Resource": "arn:aws:ssm:*::document/AWS-RunPowerShellScript",
              "Condition": { "ArnNotLike": { "aws:PrincipalArn": "arn:aws:iam::*:role/Admin*" } }
            }
          ]
        }
        """;

    /// <summary>A boundary that keeps SendCommand to two regions.</summary>
    public const string RegionBoundary = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": ["ssm:SendCommand", "ssm:List*", "ssm:Get*"],
              "Resource": [
                "arn:aws:ssm:us-east-2:*:*", "arn:aws:ssm:us-west-1:*:*",
                "arn:aws:ec2:us-east-2:*:instance/*", "arn:aws:ec2:us-west-1:*:instance/*"
              ]
            }
          ]
        }
        """;

    /// <summary>A boundary that allows all of Systems Manager but never touches nodes tagged Quarantine.</summary>
    public const string QuarantineBoundary = """
        {
          "Version": "2012-10-17",
          "Statement": [
            { "Effect": "Allow", "Action": ["ssm:*", "ec2:Describe*"], "Resource": "*" },
            {
              "Effect": "Deny",
              "Action": "ssm:*",
              "Resource": "*",
              "Condition": { "StringLike": { "ssm:resourceTag/Quarantine": "*" } }
            }
          ]
        }
        """;

    /// <summary>Identity policies a case draws from (one or two of them).</summary>
    public static readonly IReadOnlyList<string> Grants =
        [FinanceWebServers, FinanceAndProduction, FinanceOrStaging, SourceVpceOrViaAwsService, OwnerIsCaller];

    public static readonly IReadOnlyList<string> Boundaries = [RegionBoundary, QuarantineBoundary];
}
