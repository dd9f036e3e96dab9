using System.Collections.Immutable;
using Conformance.Model.Conditions;
using Conformance.Model.Json;
using Conformance.Model.Matching;

namespace Conformance.Model.Policies;

/// <summary>
/// Parses and validates an IAM JSON policy the way IAM does, rejecting what it rejects
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html). Never throws for
/// bad input: every problem is a <see cref="PolicyError"/> with its JSON path, line and column.
/// </summary>
public static class PolicyParser
{
    private static readonly string[] TopLevelElements = ["Version", "Id", "Statement"];

    private static readonly string[] StatementElements =
        ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"];

    public static ParseResult<PolicyDocument> Parse(string text, PolicyKind kind = PolicyKind.Identity)
    {
        var errors = new List<PolicyError>();
        CheckCharacters(text, errors);
        if (errors.Count > 0)
        {
            return ParseResult<PolicyDocument>.Failure(errors);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return ParseResult<PolicyDocument>.Failure([new PolicyError("the policy is empty: a JSON object is expected", "$", new TextPosition(1, 1))]);
        }
        var (root, syntax) = PositionedJsonReader.Read(text);
        if (syntax is not null)
        {
            return ParseResult<PolicyDocument>.Failure([new PolicyError($"the policy is not valid JSON: {syntax.Message}", syntax.Path, syntax.Position)]);
        }
        if (root is not JsonObjectNode top)
        {
            return ParseResult<PolicyDocument>.Failure([Error(root!, "the policy must be a JSON object")]);
        }

        var version = PolicyVersion.Absent;
        string? id = null;
        JsonValueNode? statementNode = null;
        foreach (var property in top.Properties)
        {
            switch (property.Name)
            {
                case "Version":
                    if (property.Value is JsonStringNode { Value: "2012-10-17" })
                    {
                        version = PolicyVersion.V2012_10_17;
                    }
                    else if (property.Value is JsonStringNode { Value: "2008-10-17" })
                    {
                        version = PolicyVersion.V2008_10_17;
                    }
                    else
                    {
                        errors.Add(Error(property.Value, $"Version {Quote(property.Value)} is not accepted: use \"2012-10-17\" (or the legacy \"2008-10-17\")"));
                    }
                    break;
                case "Id":
                    // Open question (probe id-in-identity-policy): the grammar notes discourage Id outside resource policies, but no
                    // source shows IAM rejecting it in an identity policy; accepted everywhere.
                    if (property.Value is JsonStringNode idNode)
                    {
                        id = idNode.Value;
                    }
                    else
                    {
                        errors.Add(Error(property.Value, "Id must be a string"));
                    }
                    break;
                case "Statement":
                    statementNode = property.Value;
                    break;
                default:
                    errors.Add(new PolicyError(UnknownElement(property.Name, TopLevelElements), PositionedJsonReader.MemberPath("$", property.Name), property.NameStart));
                    break;
            }
        }
        if (statementNode is null)
        {
            errors.Add(Error(top, "the policy has no Statement element: one statement object or an array of them is required"));
            return ParseResult<PolicyDocument>.Failure(errors);
        }

        var statementObjects = new List<JsonObjectNode>();
        switch (statementNode)
        {
            case JsonObjectNode single:
                statementObjects.Add(single);
                break;
            case JsonArrayNode array when array.Items.IsEmpty:
                errors.Add(Error(array, "Statement is an empty array: at least one statement is required"));
                break;
            case JsonArrayNode array:
                foreach (var item in array.Items)
                {
                    if (item is JsonObjectNode o)
                    {
                        statementObjects.Add(o);
                    }
                    else
                    {
                        errors.Add(Error(item, "each statement must be a JSON object"));
                    }
                }
                break;
            default:
                errors.Add(Error(statementNode, "Statement must be a statement object or an array of statement objects"));
                break;
        }

        var substitute = version == PolicyVersion.V2012_10_17;
        var statements = ImmutableArray.CreateBuilder<Statement>();
        // Sids must be unique within a policy (reference_policies_elements_sid.html). Open question (probe sid-case): whether
        // IAM compares them with their case; the model does, so "A1" and "a1" are two Sids.
        var sids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < statementObjects.Count; i++)
        {
            // Recorded (STACKD, MatchedStatements): IAM reports positions where its parser stood after the
            // token before the statement: a statement after the first starts right after the previous
            // statement's closing brace (at the separating comma); every statement ends just after its
            // own closing brace.
            // A lone statement object (not in an array) is reported from just after its opening brace
            // (recorded: condition_values.json). The first element of an array starts just after '['.
            var start = statementNode is JsonObjectNode
                ? After(statementObjects[i].Start)
                : i == 0 ? After(((JsonArrayNode)statementNode).Start) : AfterClosingBrace(statementObjects[i - 1]);
            var statement = ParseStatement(statementObjects[i], i, kind, substitute, errors, start);
            if (statement?.Sid is { } sid && !sids.Add(sid))
            {
                errors.Add(Error(statementObjects[i], $"Sid \"{sid}\" is used by another statement: statement IDs must be unique within a policy"));
            }
            if (statement is not null)
            {
                statements.Add(statement);
            }
        }
        return errors.Count > 0
            ? ParseResult<PolicyDocument>.Failure(errors)
            : ParseResult<PolicyDocument>.Success(new PolicyDocument(kind, version, id, statements.ToImmutable(), text));
    }

    private static TextPosition AfterClosingBrace(JsonObjectNode node) => After(node.End);

    private static TextPosition After(TextPosition position) => position with { Column = position.Column + 1 };

    private static Statement? ParseStatement(JsonObjectNode node, int index, PolicyKind kind, bool substitute, List<PolicyError> errors, TextPosition start)
    {
        var before = errors.Count;
        string? sid = null;
        Effect? effect = null;
        ActionBlock? action = null;
        ResourceBlock? resource = null;
        PrincipalBlock? principal = null;
        var conditions = ImmutableArray<Condition>.Empty;

        var has = node.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (has.Contains("Action") && has.Contains("NotAction"))
        {
            errors.Add(Error(node, "a statement must not have both Action and NotAction"));
        }
        if (has.Contains("Resource") && has.Contains("NotResource"))
        {
            errors.Add(Error(node, "a statement must not have both Resource and NotResource"));
        }
        if (has.Contains("Principal") && has.Contains("NotPrincipal"))
        {
            errors.Add(Error(node, "a statement must not have both Principal and NotPrincipal"));
        }

        foreach (var property in node.Properties)
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "Sid":
                    if (value is not JsonStringNode sidNode)
                    {
                        errors.Add(Error(value, "Sid must be a string"));
                    }
                    else if (!sidNode.Value.All(char.IsAsciiLetterOrDigit))
                    {
                        errors.Add(Error(value, $"Sid \"{sidNode.Value}\" may only contain the characters A-Z, a-z and 0-9"));
                    }
                    else
                    {
                        sid = sidNode.Value;
                    }
                    break;
                case "Effect":
                    if (value is JsonStringNode { Value: "Allow" })
                    {
                        effect = Policies.Effect.Allow;
                    }
                    else if (value is JsonStringNode { Value: "Deny" })
                    {
                        effect = Policies.Effect.Deny;
                    }
                    else
                    {
                        errors.Add(Error(value, $"Effect {Quote(value)} is not accepted: it must be exactly \"Allow\" or \"Deny\" (case-sensitive)"));
                    }
                    break;
                case "Action" or "NotAction":
                    action = ParseActions(value, property.Name == "NotAction", errors);
                    break;
                case "Resource" or "NotResource":
                    resource = ParseResources(value, property.Name == "NotResource", substitute, errors);
                    break;
                case "Principal" or "NotPrincipal":
                    if (kind != PolicyKind.Resource)
                    {
                        errors.Add(new PolicyError(
                            $"{property.Name} is not allowed in {(kind == PolicyKind.Identity ? "an identity" : "a permissions boundary")} policy: it belongs to resource-based policies only",
                            PositionedJsonReader.MemberPath(node.Path, property.Name), property.NameStart));
                    }
                    else
                    {
                        principal = ParsePrincipal(value, property.Name == "NotPrincipal", errors);
                    }
                    break;
                case "Condition":
                    conditions = ParseConditions(value, substitute, errors);
                    break;
                default:
                    errors.Add(new PolicyError(UnknownElement(property.Name, StatementElements),
                        PositionedJsonReader.MemberPath(node.Path, property.Name), property.NameStart));
                    break;
            }
        }

        if (!has.Contains("Effect"))
        {
            errors.Add(Error(node, "the statement has no Effect: \"Allow\" or \"Deny\" is required"));
        }
        if (!has.Contains("Action") && !has.Contains("NotAction"))
        {
            errors.Add(Error(node, "the statement has neither Action nor NotAction: exactly one is required"));
        }
        if (!has.Contains("Resource") && !has.Contains("NotResource"))
        {
            errors.Add(Error(node, "the statement has neither Resource nor NotResource: exactly one is required"));
        }
        if (kind == PolicyKind.Resource && !has.Contains("Principal") && !has.Contains("NotPrincipal"))
        {
            errors.Add(Error(node, "a resource-based policy statement needs a Principal or NotPrincipal"));
        }
        if (errors.Count > before || effect is null || action is null || resource is null)
        {
            return null;
        }
        return new Statement(index, sid, effect.Value, action, resource, principal, conditions,
            start, AfterClosingBrace(node), node.Path);
    }

    private static ActionBlock? ParseActions(JsonValueNode value, bool isNot, List<PolicyError> errors)
    {
        var strings = StringOrStringArray(value, isNot ? "NotAction" : "Action", errors);
        if (strings is null)
        {
            return null;
        }
        var patterns = ImmutableArray.CreateBuilder<ActionPattern>();
        foreach (var s in strings)
        {
            var colon = s.Value.IndexOf(':');
            if (s.Value != "*" && (colon <= 0 || colon == s.Value.Length - 1))
            {
                errors.Add(Error(s, $"action \"{s.Value}\" must be \"*\" or \"service-prefix:ActionName\" (for example \"ssm:SendCommand\")"));
                // Stryker disable once Statement : without it the refused action is also kept as a pattern (ActionPattern takes any text) after an error already added, and any error fails the whole parse.
                continue;
            }
            patterns.Add(new ActionPattern(s.Value));
        }
        return new ActionBlock(isNot, patterns.ToImmutable());
    }

    private static ResourceBlock? ParseResources(JsonValueNode value, bool isNot, bool substitute, List<PolicyError> errors)
    {
        var strings = StringOrStringArray(value, isNot ? "NotResource" : "Resource", errors);
        if (strings is null)
        {
            return null;
        }
        var patterns = ImmutableArray.CreateBuilder<ResourcePattern>();
        foreach (var s in strings)
        {
            if (s.Value != "*" && (!s.Value.StartsWith("arn:", StringComparison.Ordinal) || s.Value.Count(c => c == ':') < 5))
            {
                errors.Add(Error(s, $"resource \"{s.Value}\" must be \"*\" or an ARN with six fields (arn:partition:service:region:account:resource)"));
                // Stryker disable once Statement : without it the refused resource is also kept as a pattern (PolicyTemplate.Parse reports nothing) after an error already added, and any error fails the whole parse.
                continue;
            }
            patterns.Add(new ResourcePattern(PolicyTemplate.Parse(s.Value, substitute)));
        }
        return new ResourceBlock(isNot, patterns.ToImmutable());
    }

    private static PrincipalBlock? ParsePrincipal(JsonValueNode value, bool isNot, List<PolicyError> errors)
    {
        if (value is JsonStringNode { Value: "*" })
        {
            return new PrincipalBlock(isNot, true, []);
        }
        if (value is not JsonObjectNode map)
        {
            errors.Add(Error(value, "Principal must be \"*\" or an object such as {\"AWS\": \"arn:aws:iam::123456789012:user/name\"}"));
            return null;
        }
        var entries = ImmutableArray.CreateBuilder<PrincipalEntry>();
        foreach (var property in map.Properties)
        {
            if (property.Name is not ("AWS" or "Service" or "Federated" or "CanonicalUser"))
            {
                errors.Add(new PolicyError($"principal type \"{property.Name}\" is unknown: use AWS, Service, Federated or CanonicalUser",
                    PositionedJsonReader.MemberPath(map.Path, property.Name), property.NameStart));
                continue;
            }
            var ids = StringOrStringArray(property.Value, property.Name, errors);
            if (ids is null)
            {
                continue;
            }
            foreach (var id in ids)
            {
                entries.Add(new PrincipalEntry(property.Name, id.Value));
            }
        }
        return new PrincipalBlock(isNot, false, entries.ToImmutable());
    }

    private static ImmutableArray<Condition> ParseConditions(JsonValueNode value, bool substitute, List<PolicyError> errors)
    {
        if (value is not JsonObjectNode block)
        {
            errors.Add(Error(value, "Condition must be an object of the form {\"Operator\": {\"ContextKey\": \"value\" or [values]}}"));
            return [];
        }
        var conditions = ImmutableArray.CreateBuilder<Condition>();
        foreach (var operatorProperty in block.Properties)
        {
            var path = PositionedJsonReader.MemberPath(block.Path, operatorProperty.Name);
            var op = ConditionOperator.TryParse(operatorProperty.Name);
            if (op is null)
            {
                errors.Add(new PolicyError(
                    $"condition operator \"{operatorProperty.Name}\" is unknown: use a documented operator such as StringEquals, StringLike, ArnLike, Bool, IpAddress, NumericLessThan, DateGreaterThan or Null, optionally with IfExists and ForAllValues:/ForAnyValue:",
                    path, operatorProperty.NameStart));
                continue;
            }
            // Written with "as" so that a mutant without the "continue" below still compiles (mutation testing).
            var keys = operatorProperty.Value as JsonObjectNode;
            if (keys is null)
            {
                errors.Add(Error(operatorProperty.Value, $"the value of {op.Name} must be an object mapping condition keys to values"));
                continue;
            }
            foreach (var keyProperty in keys.Properties)
            {
                var values = ConditionValues(keyProperty.Value, errors);
                if (values is null)
                {
                    continue;
                }
                var templates = values
                    .Select(v => VariablesAllowed(op.Family) ? PolicyTemplate.Parse(v, substitute) : PolicyTemplate.Literal(v))
                    .ToImmutableArray();
                conditions.Add(new Condition(op, keyProperty.Name, templates, keyProperty.Value.Path));
            }
        }
        return conditions.ToImmutable();
    }

    /// <summary>Variables are substituted in String and ARN operators only; Numeric, Date, Binary, IP and Null
    /// take their values literally. Bool is contradictory in the documentation (operators page yes, variables
    /// page no); the model follows the variables page.</summary>
    private static bool VariablesAllowed(OperatorFamily family) => family is OperatorFamily.String or OperatorFamily.Arn;

    private static List<string>? ConditionValues(JsonValueNode value, List<PolicyError> errors)
    {
        switch (value)
        {
            case JsonArrayNode { Items.IsEmpty: true } empty:
                errors.Add(Error(empty, "the value list is empty: give at least one value"));
                return null;
            case JsonArrayNode array:
                var list = new List<string>();
                foreach (var item in array.Items)
                {
                    var scalar = ScalarText(item, errors);
                    if (scalar is not null)
                    {
                        list.Add(scalar);
                    }
                }
                // Stryker disable once Conditional : a partial list follows an error already added, and any error fails the whole parse, so returning it instead of null changes no answer (the surviving mutant; "always null" is killed).
                return list.Count == array.Items.Length ? list : null;
            default:
                var single = ScalarText(value, errors);
                // Stryker disable once Conditional : [null] instead of null follows an error already added, and any error fails the whole parse.
                return single is null ? null : [single];
        }
    }

    /// <summary>Condition values may be JSON strings, numbers or booleans; IAM compares their text.</summary>
    private static string? ScalarText(JsonValueNode value, List<PolicyError> errors)
    {
        switch (value)
        {
            case JsonStringNode s:
                return s.Value;
            case JsonLiteralNode { Kind: JsonLiteralKind.Number or JsonLiteralKind.True or JsonLiteralKind.False } literal:
                return literal.Text;
            default:
                errors.Add(Error(value, "a condition value must be a string, a number or a boolean"));
                return null;
        }
    }

    private static List<JsonStringNode>? StringOrStringArray(JsonValueNode value, string element, List<PolicyError> errors)
    {
        switch (value)
        {
            case JsonStringNode s:
                return [s];
            case JsonArrayNode { Items.IsEmpty: true } empty:
                errors.Add(Error(empty, $"{element} is an empty array: give at least one value"));
                return null;
            case JsonArrayNode array:
                var list = new List<JsonStringNode>();
                foreach (var item in array.Items)
                {
                    if (item is JsonStringNode s)
                    {
                        list.Add(s);
                    }
                    else
                    {
                        errors.Add(Error(item, $"every entry of {element} must be a string"));
                    }
                }
                // Stryker disable once Conditional : a partial list follows an error already added, and any error fails the whole parse, so returning it instead of null changes no answer (the surviving mutant; "always null" is killed).
                return list.Count == array.Items.Length ? list : null;
            default:
                errors.Add(Error(value, $"{element} must be a string or an array of strings"));
                return null;
        }
    }

    /// <summary>Policy text may only contain tab, LF, CR and U+0020..U+00FF
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html; API pattern of policyDocumentType).</summary>
    private static void CheckCharacters(string text, List<PolicyError> errors)
    {
        int line = 1, column = 1;
        foreach (var c in text)
        {
            if (!(c == '\t' || c == '\n' || c == '\r' || (c >= '\u0020' && c <= '\u00FF')))
            {
                errors.Add(new PolicyError(
                    $"character U+{(int)c:X4} is not allowed in a policy: only tab, line feed, carriage return and U+0020 to U+00FF are",
                    "$", new TextPosition(line, column)));
                return;
            }
            if (c == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
    }

    private static string UnknownElement(string name, string[] known)
    {
        var near = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        var hint = near is null ? $"expected one of {string.Join(", ", known)}" : $"did you mean \"{near}\"? Element names are case-sensitive";
        return $"unknown element \"{name}\": {hint}";
    }

    private static string Quote(JsonValueNode value) => value switch
    {
        JsonStringNode s => $"\"{s.Value}\"",
        JsonLiteralNode l => l.Text,
        JsonArrayNode => "(an array)",
        _ => "(an object)",
    };

    private static PolicyError Error(JsonValueNode node, string message) => new(message, node.Path, node.Start);
}
