namespace Conformance.Model.Services;

/// <summary>
/// Decides whether an ARN is of one of an action's resource types. The rule, settled by recordings of live IAM
/// SimulateCustomPolicy (../shared/aws-recorded/simulate-custom-policy-2.jsonl, recorded by radkawar/stackd):
/// an ARN is of a resource type when
/// <list type="number">
/// <item>its service field equals the service field of the type's ARN format, which may be another service than the
/// action's (recorded <c>simulation_inputs.json:input_resources_known_iam_roles</c>: sts:AssumeRole, whose <c>role</c>
/// type has the format <c>arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}</c>, is allowed on
/// <c>arn:aws:iam::123456789012:role/one</c>), and</item>
/// <item>its resource field (everything after the fifth colon) starts with the literal text of the format's resource
/// field before its first <c>${</c> variable (recorded <c>input_resources_known_s3_buckets</c>: s3:GetObject, whose
/// <c>object</c> format <c>${BucketName}/${ObjectName}</c> has an empty literal prefix, is allowed on
/// <c>arn:aws:s3:::stackd-a</c>; <c>input_resources_known_iam_roles</c>: iam:GetUser, <c>user/${UserNameWithPath}</c>,
/// is an implicitDeny on <c>role/one</c>; <c>service_reference.json:simulation[38]</c>: devicefarm:ScheduleRun, whose
/// types are devicepool, project and upload, is an implicitDeny on <c>run:...</c>). A resource field that is a literal
/// without variables (<c>root</c>, <c>/apis</c>) must equal it.</item>
/// </list>
/// Partition, region and account are not compared (recorded <c>input_resource_format_2</c>: s3:GetObject on
/// <c>arn:unknown:s3:::name</c> is allowed; <c>input_resource_format_4</c>: on <c>arn:aws:s3:region:account:name</c>
/// is allowed).
/// Not settled by a recording, chosen to be permissive: a <c>*</c> in a format's resource field (<c>cert:*</c>,
/// <c>agreement/*</c>) ends the literal prefix as a variable does, and a variable in a format's service field
/// (backup's <c>${Vendor}</c>) accepts any service. Fields compare case-sensitively, as ARNs do.
/// </summary>
public sealed class ResourceTypeMatcher
{
    // Invariant: one candidate per ARN format of every resource type of the action, in the action's order; each
    // carries its preallocated answer, so Match allocates nothing.
    private readonly Candidate[] _candidates;

    public ResourceTypeMatcher(ServiceAction action)
    {
        _candidates = [.. action.ResourceTypes.SelectMany(t => t.ResourceType.ArnFormats.Select(f => Candidate.For(f, t.ResourceType)))];
        HasResourceTypes = !action.ResourceTypes.IsEmpty;
    }

    /// <summary>False when the action supports only <c>*</c>.</summary>
    public bool HasResourceTypes { get; }

    public ResourceTypeMatch Match(string resourceArn)
    {
        if (!HasResourceTypes)
        {
            return ResourceTypeMatch.NoResourceTypes.Instance;
        }
        if (!TrySplit(resourceArn, out var service, out var resource))
        {
            return ResourceTypeMatch.NotAResourceType.Instance;
        }
        foreach (var candidate in _candidates)
        {
            if (candidate.Accepts(resourceArn.AsSpan(service.Start, service.Length), resourceArn.AsSpan(resource)))
            {
                return candidate.Answer;
            }
        }
        return ResourceTypeMatch.NotAResourceType.Instance;
    }

    /// <summary>Is <paramref name="resourceArn"/> of the ARN format <paramref name="arnFormat"/>? The same rule as
    /// <see cref="Match"/>, for one format.</summary>
    public static bool IsOfFormat(string resourceArn, string arnFormat) =>
        TrySplit(resourceArn, out var service, out var resource) &&
        Candidate.For(arnFormat, null).Accepts(resourceArn.AsSpan(service.Start, service.Length), resourceArn.AsSpan(resource));

    /// <summary>The service field (between the second and third colons) and the start of the resource field (after
    /// the fifth); false when the text is not <c>arn:</c> with six fields.</summary>
    private static bool TrySplit(string arn, out (int Start, int Length) service, out int resource)
    {
        service = default;
        resource = 0;
        if (!arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }
        var colon = 3;
        var serviceStart = 0;
        for (var field = 1; field <= 4; field++)
        {
            var next = arn.IndexOf(':', colon + 1);
            if (next < 0)
            {
                return false;
            }
            if (field == 1)
            {
                serviceStart = next + 1;
            }
            else if (field == 2)
            {
                service = (serviceStart, next - serviceStart);
            }
            colon = next;
        }
        resource = colon + 1;
        return true;
    }

    /// <summary>What an ARN format demands of an ARN: a service (null: any) and a literal resource prefix (or the
    /// whole resource field when <paramref name="Exact"/>).</summary>
    private readonly record struct Candidate(string? Service, string Literal, bool Exact, ResourceTypeMatch Answer)
    {
        public static Candidate For(string arnFormat, ResourceType? type)
        {
            var fields = arnFormat.Split(':', 6);
            ResourceTypeMatch answer = type is null ? ResourceTypeMatch.NotAResourceType.Instance : new ResourceTypeMatch.Matches(type);
            if (fields.Length < 6)
            {
                // Not an ARN format; nothing is of it.
                return new Candidate("\0", "\0", true, answer);
            }
            var service = IsLiteral(fields[2]) ? fields[2] : null;
            var resource = fields[5];
            var end = VariableStart(resource);
            return end < 0 ? new Candidate(service, resource, true, answer) : new Candidate(service, resource[..end], false, answer);
        }

        public bool Accepts(ReadOnlySpan<char> service, ReadOnlySpan<char> resource) =>
            (Service is null || service.SequenceEqual(Service)) &&
            (Exact ? resource.SequenceEqual(Literal) : resource.StartsWith(Literal, StringComparison.Ordinal));

        private static bool IsLiteral(string field) => VariableStart(field) < 0;

        private static int VariableStart(string field) => NextVariable(field, 0);
    }

    /// <summary>Where the next variable of an ARN format starts at or after <paramref name="start"/>: a <c>${Name}</c>
    /// or a <c>*</c>; -1 when the rest is literal.</summary>
    public static int NextVariable(string arnFormat, int start)
    {
        var variable = arnFormat.IndexOf("${", start, StringComparison.Ordinal);
        var star = arnFormat.IndexOf('*', start);
        return variable < 0 ? star : star < 0 ? variable : Math.Min(variable, star);
    }
}
