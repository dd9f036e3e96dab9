using System.Collections.Immutable;
using Conformance.Model.Conditions;
using Conformance.Model.Evaluation;
using Conformance.Model.Matching;
using Conformance.Model.Services;

namespace Conformance.Model.Simulation;

/// <summary>
/// What <c>SimulateCustomPolicy</c> refuses before it evaluates anything, and with which message. Each rule cites the
/// recorded AWS answer that settles it (file simulate-custom-policy-2.jsonl of ../shared/aws-recorded unless said
/// otherwise); AWS's own message text is kept where it was recorded. Policies that do not parse are refused by
/// <see cref="RequestCompiler"/>, which owns the parser.
/// </summary>
public static class InputRules
{
    public static SimulationError? Check(SimulationRequest request, ServiceReference services) =>
        InputLimits.Check(request)
        ?? Pagination(request)
        ?? Actions(request, services)
        ?? ContextEntries(request)
        ?? Resources(request)
        ?? Composition(request)
        ?? ResourceHandling(request, services);

    private static SimulationError Invalid(string message) => new(SimulationError.InvalidInput, message);

    /// <summary>
    /// A <c>Marker</c> that this simulator did not hand out is refused (recorded simulation.json:invalid_marker,
    /// "Invalid marker for pagination."). <c>MaxItems</c> is a documented limit (<see cref="InputLimits"/>).
    /// </summary>
    private static SimulationError? Pagination(SimulationRequest request)
    {
        if (request.Marker is { } marker && !Paging.TryReadMarker(marker, out _))
        {
            return Invalid("Invalid marker for pagination.");
        }
        return null;
    }

    /// <summary>
    /// Action names are taken as they are: <c>s3:*</c>, <c>s3:</c> and unknown names are answered, never expanded
    /// (recorded simulation.json:action_wildcard, action_allow_all_wildcard, action_allow_all_empty_suffix,
    /// action_unknown_action). With resources, the actions must all be known to the service reference or all be
    /// unknown (recorded simulation_inputs.json:input_resources_s3_objects and its siblings; all-unknown is answered:
    /// input_action_groups_unknown).
    /// </summary>
    private static SimulationError? Actions(SimulationRequest request, ServiceReference services)
    {
        if (request.ActionNames.IsDefaultOrEmpty)
        {
            return Invalid("ActionNames is required: give at least one action such as ssm:SendCommand");
        }
        if (request.ResourceArns.IsEmpty)
        {
            return null;
        }
        var knownCount = 0;
        foreach (var action in request.ActionNames)
        {
            // Stryker disable once Equality : counting the unknown actions instead swaps "all known" and "all unknown", both answered.
            if (services.FindAction(action) is not null)
            {
                knownCount++;
            }
        }
        if (knownCount == 0 || knownCount == request.ActionNames.Length)
        {
            return null;
        }
        var known = request.ActionNames.Where(a => services.FindAction(a) is not null);
        var unknown = request.ActionNames.Where(a => services.FindAction(a) is null);
        return Invalid($"Invalid Input Actions: [{string.Join(",", known)}] and [{string.Join(",", unknown)}] require different authorization information. ");
    }

    /// <summary>
    /// Context entries, with AWS's messages (recorded simulation_inputs.json:input_context_absent_name,
    /// input_context_absent_values, input_context_empty_list; simulation.json:context_duplicate_case,
    /// context_two_scalar; the value formats below).
    /// </summary>
    private static SimulationError? ContextEntries(SimulationRequest request)
    {
        var seen = new HashSet<string>(request.ContextEntries.Length, StringComparer.OrdinalIgnoreCase);
        foreach (var entry in request.ContextEntries)
        {
            if (entry.ContextKeyName.Length == 0)
            {
                return Invalid("ContextKeyName cannot be null or empty.");
            }
            if (entry.ContextKeyValues.IsDefaultOrEmpty)
            {
                return Invalid($"Context values for context key {entry.ContextKeyName} cannot be null or empty.");
            }
            if (!seen.Add(entry.ContextKeyName))
            {
                return Invalid($"Duplicate context key: {entry.ContextKeyName}.");
            }
            if (!entry.ContextKeyType.IsList() && entry.ContextKeyValues.Length > 1)
            {
                return Invalid($"Context key {entry.ContextKeyType.WireName()} expected a single value, but received {entry.ContextKeyValues.Length}.");
            }
            foreach (var value in entry.ContextKeyValues)
            {
                if (ValueFormat(entry.ContextKeyType) is { } format && !ContextValueFormats.Accepts(entry.ContextKeyType, value))
                {
                    return Invalid($"Invalid context value for key {entry.ContextKeyName}: expected {format} format.");
                }
            }
        }
        return null;
    }

    /// <summary>The word AWS's message uses for a type whose values are checked; null for types never refused.</summary>
    private static string? ValueFormat(ContextKeyType type) => type switch
    {
        ContextKeyType.Numeric or ContextKeyType.NumericList => "numeric",
        ContextKeyType.Date or ContextKeyType.DateList => "DateTime",
        ContextKeyType.Binary or ContextKeyType.BinaryList => "base-64 encoded binary",
        ContextKeyType.Ip or ContextKeyType.IpList => "IP address",
        // Recorded simulation.json:context_boolean_bad: "yes" under type boolean is answered, not refused.
        ContextKeyType.Boolean or ContextKeyType.BooleanList => null,
        ContextKeyType.String or ContextKeyType.StringList => null,
        // Stryker disable once String : unreachable; every ContextKeyType is named above.
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown context key type"),
    };

    /// <summary>
    /// A resource must be an ARN with a resource part (recorded simulation.json:resource_not_arn;
    /// simulation_inputs.json:input_resource_format_3 refuses <c>arn:aws:s3:::</c>); partition, region and account
    /// are free text (input_resource_format_2 <c>arn:unknown:s3:::name</c>, input_resource_format_4
    /// <c>arn:aws:s3:region:account:name</c>, input_resource_format_5 <c>arn:aws:s3:::*</c> are answered).
    /// Open question (probe request-resource-star): a bare <c>*</c> among ResourceArns; the model answers it literally.
    /// </summary>
    private static SimulationError? Resources(SimulationRequest request)
    {
        foreach (var resource in request.ResourceArns)
        {
            if (resource != "*" && !IsResourceArn(resource))
            {
                return Invalid($"ResourceNames are not in a valid ARN format: {resource}.");
            }
        }
        return null;
    }

    /// <summary>An ARN whose resource part (after the fifth colon, as <see cref="Arn.TrySplit"/> reads it) is not
    /// empty; found without splitting the text, as every request asks it of every resource.</summary>
    private static bool IsResourceArn(string text)
    {
        if (!text.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }
        var colons = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ':' && ++colons == Arn.FieldCount - 1)
            {
                return i < text.Length - 1;
            }
        }
        return false;
    }

    /// <summary>
    /// A resource policy needs a caller that is an IAM user, role or group (recorded simulation.json:
    /// resource_policy_caller_root, resource_policy_caller_assumed_role) and named resources (recorded
    /// composition_resource_shape_wildcard_omitted, composition_resource_shape_arn_omitted). <c>ResourceOwner</c> must
    /// be an account ARN (recorded resource_policy_owner_invalid, composition_numeric_owner_cross).
    /// </summary>
    private static SimulationError? Composition(SimulationRequest request)
    {
        if (request.ResourceOwner is { } owner && !IsAccountArn(owner))
        {
            return Invalid($"'{owner}' is not a valid as a Resource Owner.");
        }
        if (request.ResourcePolicy is null)
        {
            return null;
        }
        if (request.CallerArn is null)
        {
            return Invalid("CallerArn is required when a ResourcePolicy is given");
        }
        if (!IsIamUserRoleOrGroup(request.CallerArn))
        {
            return Invalid("Invalid caller - Caller must be an IAM user, role or group in this context.");
        }
        if (request.ResourceArns.IsEmpty)
        {
            return Invalid("Invalid Entity Arn: * does not clearly define entity type and name.");
        }
        return null;
    }

    private static bool IsAccountArn(string text) =>
        text.StartsWith("arn:", StringComparison.Ordinal) && Arn.TrySplit(text, out var arn) &&
        arn.Account.Length == 12 && arn.Account.All(char.IsAsciiDigit);

    private static bool IsIamUserRoleOrGroup(string callerArn) =>
        Arn.TrySplit(callerArn, out var arn) && arn.Service == "iam" &&
        (arn.Resource.StartsWith("user/", StringComparison.Ordinal) ||
         arn.Resource.StartsWith("role/", StringComparison.Ordinal) ||
         arn.Resource.StartsWith("group/", StringComparison.Ordinal));

    /// <summary>
    /// <c>ResourceHandlingOption</c> must be one of the action's scenarios in the service reference (recorded
    /// service_reference.json:simulation[16], [17], [26], [36], [37], [40] refuse "fictional" and another service's
    /// scenario; [0] to [39] answer the action's own). It does not restrict which resources are given (recorded
    /// simulation.json:resource_handling_missing_EC2-VPC-InstanceStore answers with one of four resources).
    /// Open question (probe scenario-with-several-actions): with several actions, whether every action must have the scenario; the model requires it.
    /// </summary>
    private static SimulationError? ResourceHandling(SimulationRequest request, ServiceReference services)
    {
        if (request.ResourceHandlingOption is not { } option)
        {
            return null;
        }
        foreach (var action in request.ActionNames)
        {
            if (!services.IsScenario(action, option))
            {
                return Invalid($"ResourceHandlingOption \"{option}\" is not a scenario of {action}");
            }
        }
        return null;
    }
}
