using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;
using Conformance.Model.Evaluation;
using Conformance.Model.Json;
using Conformance.Model.Simulation;

namespace Conformance.Iam.Sdk;

/// <summary>One page of a <c>SimulateCustomPolicy</c> answer.</summary>
internal sealed class SimulateCustomPolicyResponse : AmazonWebServiceResponse
{
    public SimulationResult Result { get; init; } = new([]);
}

/// <summary>
/// Reads <c>SimulateCustomPolicyResponse</c> XML into a <see cref="SimulationResult"/> by element name, never by
/// element order (AWS's own samples order children differently). <c>SourcePolicyType</c> is kept as free text:
/// AWS sends values outside its modelled enum, such as <c>IAM Policy</c> (iam-facts §f, "Response").
/// </summary>
internal sealed class SimulateCustomPolicyUnmarshaller : XmlResponseUnmarshaller
{
    public static readonly SimulateCustomPolicyUnmarshaller Instance = new();

    public override AmazonWebServiceResponse Unmarshall(XmlUnmarshallerContext input)
    {
        var document = XDocument.Load(input.Stream);
        var (result, requestId) = Read(document);
        var response = new SimulateCustomPolicyResponse { Result = result };
        response.ResponseMetadata = new ResponseMetadata { RequestId = requestId };
        return response;
    }

    public override AmazonServiceException UnmarshallException(XmlUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode)
    {
        var error = XmlErrorResponseUnmarshaller.GetInstance().Unmarshall(input);
        return new AmazonServiceException(error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode);
    }

    /// <summary>Reads a whole response document; throws <see cref="FormatException"/> naming what is missing or wrong.</summary>
    public static (SimulationResult Result, string? RequestId) Read(XDocument document)
    {
        var root = document.Root ?? throw new FormatException("the response has no root element");
        if (root.Name.LocalName != "SimulateCustomPolicyResponse")
        {
            throw new FormatException($"expected a SimulateCustomPolicyResponse element, got <{root.Name.LocalName}>");
        }
        var body = Child(root, "SimulateCustomPolicyResult") ?? throw new FormatException("SimulateCustomPolicyResponse has no SimulateCustomPolicyResult");
        var results = Members(body, "EvaluationResults").Select(ReadEvaluationResult).ToImmutableArray();
        var truncated = Text(body, "IsTruncated") is { } t && ParseBoolean(t, "IsTruncated");
        var marker = Text(body, "Marker");
        var requestId = Child(root, "ResponseMetadata") is { } metadata ? Text(metadata, "RequestId") : null;
        return (new SimulationResult(results, truncated, truncated ? marker : null), requestId);
    }

    private static EvaluationResult ReadEvaluationResult(XElement member)
    {
        var action = Required(member, "EvalActionName", "EvaluationResults.member");
        var where = $"the result for {action}";
        return new EvaluationResult(
            action,
            Text(member, "EvalResourceName") ?? "*",
            Decision(Required(member, "EvalDecision", where), where),
            Statements(member),
            Members(member, "MissingContextValues").Select(m => m.Value).ToImmutableArray(),
            Boundary(member),
            Child(member, "EvalDecisionDetails") is { } details ? ReadDetails(details, where) : null,
            Members(member, "ResourceSpecificResults").Select(r =>
            {
                var resource = Required(r, "EvalResourceName", where + ", ResourceSpecificResults.member");
                return new ResourceSpecificResult(
                    resource,
                    Decision(Required(r, "EvalResourceDecision", $"{where} on {resource}"), $"{where} on {resource}"),
                    Statements(r),
                    Members(r, "MissingContextValues").Select(m => m.Value).ToImmutableArray(),
                    Boundary(r));
            }).ToImmutableArray(),
            Child(member, "OrganizationsDecisionDetail") is { } organizations && Text(organizations, "AllowedByOrganizations") is { } allowed
                ? ParseBoolean(allowed, "AllowedByOrganizations")
                : null);
    }

    /// <summary><c>EvalDecisionDetails</c> is a map: <c>entry</c> elements with <c>key</c> and <c>value</c>.</summary>
    private static EvalDecisionDetails ReadDetails(XElement details, string where) =>
        new(details.Elements().Where(e => e.Name.LocalName == "entry").Select(e =>
        {
            var key = Required(e, "key", where + ", EvalDecisionDetails.entry");
            return KeyValuePair.Create(key, Decision(Required(e, "value", $"{where}, EvalDecisionDetails {key}"), where));
        }).ToImmutableArray());

    private static ImmutableArray<StatementReference> Statements(XElement parent) =>
        Members(parent, "MatchedStatements").Select(s => new StatementReference(
            Required(s, "SourcePolicyId", "MatchedStatements.member"),
            Text(s, "SourcePolicyType"),
            Position(s, "StartPosition"),
            Position(s, "EndPosition"))).ToImmutableArray();

    private static TextPosition Position(XElement statement, string name) =>
        Child(statement, name) is { } p
            ? new TextPosition(Integer(Required(p, "Line", name)), Integer(Required(p, "Column", name)))
            : default;

    private static bool? Boundary(XElement parent) =>
        Child(parent, "PermissionsBoundaryDecisionDetail") is { } detail && Text(detail, "AllowedByPermissionsBoundary") is { } allowed
            ? ParseBoolean(allowed, "AllowedByPermissionsBoundary")
            : null;

    private static EvalDecision Decision(string wire, string where) =>
        EvalDecisions.TryParse(wire, out var decision)
            ? decision
            : throw new FormatException($"{where}: EvalDecision \"{wire}\" is not allowed, explicitDeny or implicitDeny");

    private static bool ParseBoolean(string text, string name) => text.Trim() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"{name} is \"{text}\", not true or false"),
    };

    private static int Integer(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"\"{text}\" is not an integer");

    private static XElement? Child(XElement parent, string name) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static string? Text(XElement parent, string name) => Child(parent, name)?.Value;

    private static string Required(XElement parent, string name, string where) =>
        Text(parent, name) ?? throw new FormatException($"{where} has no {name}");

    private static IEnumerable<XElement> Members(XElement parent, string listName) =>
        Child(parent, listName) is { } list ? list.Elements().Where(e => e.Name.LocalName == "member") : [];
}
