using System.Collections.Frozen;
using Conformance.Model.Services;

namespace Conformance.Model.Simulation;

/// <summary>
/// The <c>EvalResourceName</c> of an action's top-level result when the request names several resources. IAM names
/// it after the <em>action's</em> service, whatever the resources are (iam:GetUser on two S3 buckets is named
/// <c>arn:aws:iam::${Account}:${ResourceType}/${ResourceName}</c>), with a service-wide ARN format of the AWS Policy
/// Generator's service map (its <c>ARNFormat</c>), not a resource type of the Service Authorization Reference; an
/// action the service reference does not know is named <c>*</c>. Recorded: simulate-custom-policy-2.jsonl
/// simulation_inputs.json:input_resources_known_s3_buckets, _iam_roles, _kms_keys, _ec2_instances (the table below)
/// and input_action_groups_unknown (<c>*</c>).
/// </summary>
/// <remarks>
/// Departure from "service knowledge is data": the Policy Generator's service map is not in the pinned snapshot and
/// not served by any registry here, so the formats AWS was recorded answering with are kept in this table.
/// Open question (probe aggregate-name-unrecorded-service): the name for services outside the table, ssm among them;
/// the model answers <c>*</c> there.
/// </remarks>
public static class AggregateResourceName
{
    private static readonly FrozenDictionary<string, string> ServiceArnFormats = new Dictionary<string, string>
    {
        ["s3"] = "arn:aws:s3:::${BucketName}/${KeyName}",
        ["iam"] = "arn:aws:iam::${Account}:${ResourceType}/${ResourceName}",
        ["sts"] = "arn:aws:iam::${Account}:${RelativeId}",
        ["sqs"] = "arn:aws:sqs:${Region}:${Account}:${QueueName}",
        ["kms"] = "arn:aws:kms:${Region}:${Account}:${ResourceType}/${Id}",
        ["lambda"] = "arn:aws:lambda:${Region}:${Account}:${ResourceType}:${ResourceId}",
        ["ec2"] = "arn:aws:ec2:${Region}:${Account}:${ResourceType}/${ResourcePath}",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static string For(string actionName, ServiceReference services)
    {
        if (services.FindAction(actionName) is not { } action)
        {
            return "*";
        }
        return ServiceArnFormats.GetValueOrDefault(action.Service, "*");
    }
}
