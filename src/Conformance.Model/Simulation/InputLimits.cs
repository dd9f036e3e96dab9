using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;

namespace Conformance.Model.Simulation;

/// <summary>
/// The length, range and pattern constraints IAM documents for every <c>SimulateCustomPolicy</c> parameter, enforced
/// before anything is parsed or evaluated, and answered as IAM answers a constraint violation: code
/// <c>ValidationError</c>, message "N validation error(s) detected: Value at 'member' failed to satisfy constraint: ...".
/// Sources: https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html ("Request Parameters")
/// and https://docs.aws.amazon.com/IAM/latest/APIReference/API_ContextEntry.html (ContextKeyName).
/// Recorded from live IAM: MaxItems 1001 answers "1 validation error detected: Value at 'maxItems' failed to satisfy
/// constraint: Member must have value less than or equal to 1000". Open question (probe list-item-length-error): the exact wording IAM uses for a
/// list item (the model says "Member must satisfy constraint: [...]" as AWS's query services do); probe: ActionNames ["ab"].
/// </summary>
public static class InputLimits
{
    /// <summary>PolicyInputList, PermissionsBoundaryPolicyInputList items and ResourcePolicy: 1 to 131072 characters.</summary>
    public const int MaxPolicyLength = 131072;
    public const int MinActionNameLength = 3;
    public const int MaxActionNameLength = 128;

    /// <summary>ResourceArns items, ResourceOwner and CallerArn: 1 to 2048 characters.</summary>
    public const int MaxArnLength = 2048;
    public const int MinContextKeyNameLength = 5;
    public const int MaxContextKeyNameLength = 256;
    public const int MaxResourceHandlingOptionLength = 64;
    public const int MaxMaxItems = 1000;
    public const int MaxMarkerLength = 320;

    /// <summary>IAM names every violation; the model names the first few and counts the rest, so the message stays small.</summary>
    private const int MaxNamedViolations = 5;

    /// <summary>The <c>ValidationError</c> IAM would answer, or null when every parameter is within its constraints.</summary>
    public static SimulationError? Check(SimulationRequest request)
    {
        var violations = new List<(string Message, string JsonPath)>();
        Policies(violations, "policyInputList", "PolicyInputList", request.PolicyInputList);
        Policies(violations, "permissionsBoundaryPolicyInputList", "PermissionsBoundaryPolicyInputList", request.PermissionsBoundaryPolicyInputList);
        Lengths(violations, "actionNames", "ActionNames", request.ActionNames, MinActionNameLength, MaxActionNameLength);
        Lengths(violations, "resourceArns", "ResourceArns", request.ResourceArns, 1, MaxArnLength);
        Policy(violations, "resourcePolicy", "$.ResourcePolicy", request.ResourcePolicy, member: false);
        Length(violations, "resourceOwner", "$.ResourceOwner", request.ResourceOwner, 1, MaxArnLength, member: false);
        Length(violations, "callerArn", "$.CallerArn", request.CallerArn, 1, MaxArnLength, member: false);
        for (var i = 0; i < request.ContextEntries.Length; i++)
        {
            var name = request.ContextEntries[i].ContextKeyName;
            if (name.Length == 0 || IsWithin(name, MinContextKeyNameLength, MaxContextKeyNameLength))
            {
                // Within its length, or empty: an empty name stands for an absent one, which no length constraint
                // reaches; IAM answers it with InvalidInput instead (recorded simulate-custom-policy-2.jsonl
                // simulation_inputs.json:input_context_absent_name). The member's names are written only for a violation.
                continue;
            }
            Length(violations, $"contextEntries.{i + 1}.member.contextKeyName", $"$.ContextEntries[{i}].ContextKeyName",
                name, MinContextKeyNameLength, MaxContextKeyNameLength, member: false);
        }
        Length(violations, "resourceHandlingOption", "$.ResourceHandlingOption", request.ResourceHandlingOption, 1, MaxResourceHandlingOptionLength, member: false);
        if (request.MaxItems is < 1)
        {
            violations.Add(("Value at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1", "$.MaxItems"));
        }
        else if (request.MaxItems is > MaxMaxItems)
        {
            violations.Add(($"Value at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to {MaxMaxItems}", "$.MaxItems"));
        }
        Length(violations, "marker", "$.Marker", request.Marker, 1, MaxMarkerLength, member: false);
        if (request.Marker is { Length: > 0 } marker && !marker.All(c => c is >= '\u0020' and <= '\u00FF'))
        {
            violations.Add(("Value at 'marker' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0020-\\u00FF]+", "$.Marker"));
        }
        if (violations.Count == 0)
        {
            return null;
        }
        var count = violations.Count.ToString(CultureInfo.InvariantCulture);
        var named = string.Join("; ", violations.Take(MaxNamedViolations).Select(v => v.Message));
        var more = violations.Count > MaxNamedViolations ? $"; and {violations.Count - MaxNamedViolations} more" : "";
        return new SimulationError(SimulationError.ValidationError,
            $"{count} validation error{(violations.Count == 1 ? "" : "s")} detected: {named}{more}") { JsonPath = violations[0].JsonPath };
    }

    /// <summary>The characters a policy document may hold: <c>[\u0009\u000A\u000D\u0020-\u00FF]</c>.</summary>
    private static readonly SearchValues<char> PolicyCharacters =
        SearchValues.Create("\u0009\u000A\u000D" + string.Concat(Enumerable.Range(0x20, 0xFF - 0x20 + 1).Select(c => (char)c)));

    private static void Policies(List<(string, string)> violations, string wire, string member, ImmutableArray<string> policies)
    {
        for (var i = 0; i < policies.Length; i++)
        {
            if (PolicyViolation(policies[i]))
            {
                Policy(violations, wire, $"$.{member}[{i}]", policies[i], member: true);
                return;
            }
        }
    }

    /// <summary>A policy document: 1 to 131072 characters of <c>[\u0009\u000A\u000D\u0020-\u00FF]</c>. A text out of its
    /// length is reported for that alone (the model's choice; see InputLimitsTests).</summary>
    private static void Policy(List<(string, string)> violations, string wire, string jsonPath, string? text, bool member)
    {
        if (text is null || Length(violations, wire, jsonPath, text, 1, MaxPolicyLength, member))
        {
            return;
        }
        if (text.AsSpan().ContainsAnyExcept(PolicyCharacters))
        {
            violations.Add((Constraint(wire, "Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+", member), jsonPath));
        }
    }

    private static bool PolicyViolation(string text) =>
        !IsWithin(text, 1, MaxPolicyLength) || text.AsSpan().ContainsAnyExcept(PolicyCharacters);

    /// <summary>Items of a list: IAM reports the list once, however many of its items are out of range.</summary>
    private static void Lengths(List<(string, string)> violations, string wire, string member, ImmutableArray<string> items, int min, int max)
    {
        for (var i = 0; i < items.Length; i++)
        {
            // The JSON path is only written for the item that violates.
            if (!IsWithin(items[i], min, max))
            {
                Length(violations, wire, $"$.{member}[{i}]", items[i], min, max, member: true);
                return;
            }
        }
    }

    private static bool IsWithin(string text, int min, int max) => text.Length >= min && text.Length <= max;

    private static bool Length(List<(string, string)> violations, string wire, string jsonPath, string? text, int min, int max, bool member)
    {
        if (text is null || IsWithin(text, min, max))
        {
            return false;
        }
        // Stryker disable once Equality : a text out of [min, max] (min <= max) is never of length min, so "<=" picks the same message.
        var constraint = text.Length < min
            ? $"Member must have length greater than or equal to {min}"
            : $"Member must have length less than or equal to {max}";
        violations.Add((Constraint(wire, constraint, member), jsonPath));
        return true;
    }

    private static string Constraint(string wire, string constraint, bool member) => member
        ? $"Value at '{wire}' failed to satisfy constraint: Member must satisfy constraint: [{constraint}]"
        : $"Value at '{wire}' failed to satisfy constraint: {constraint}";
}
