using System.Globalization;
using System.Text;
using System.Xml;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Iam.Loopback;

/// <summary>
/// IAM's XML: <c>SimulateCustomPolicyResponse</c> and the query-protocol error envelope (iam-facts §f, "Response",
/// "Errors"). Children are written in the order of AWS's own sample (MatchedStatements first, EvalActionName last),
/// which is not the order of the documentation, so that a reader relying on order fails here first.
/// </summary>
internal static class IamXml
{
    public const string Namespace = "https://iam.amazonaws.com/doc/2010-05-08/";

    public static string Result(SimulationResult result, string requestId) => Write(w =>
    {
        w.WriteStartElement("SimulateCustomPolicyResponse", Namespace);
        w.WriteStartElement("SimulateCustomPolicyResult");
        w.WriteStartElement("EvaluationResults");
        foreach (var r in result.EvaluationResults)
        {
            w.WriteStartElement("member");
            Statements(w, r.MatchedStatements, always: true);
            Strings(w, "MissingContextValues", r.MissingContextValues);
            if (!r.ResourceSpecificResults.IsEmpty)
            {
                w.WriteStartElement("ResourceSpecificResults");
                foreach (var s in r.ResourceSpecificResults)
                {
                    w.WriteStartElement("member");
                    Statements(w, s.MatchedStatements, always: false);
                    if (!s.MissingContextValues.IsEmpty)
                    {
                        Strings(w, "MissingContextValues", s.MissingContextValues);
                    }
                    Boundary(w, s.AllowedByPermissionsBoundary);
                    w.WriteElementString("EvalResourceDecision", s.EvalResourceDecision.WireName());
                    w.WriteElementString("EvalResourceName", Clean(s.EvalResourceName));
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            if (r.EvalDecisionDetails is { } details)
            {
                // The query protocol writes a map as entry/key/value elements.
                w.WriteStartElement("EvalDecisionDetails");
                foreach (var (policyType, decision) in details.Entries)
                {
                    w.WriteStartElement("entry");
                    w.WriteElementString("key", policyType);
                    w.WriteElementString("value", decision.WireName());
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            if (r.AllowedByOrganizations is { } organizations)
            {
                w.WriteStartElement("OrganizationsDecisionDetail");
                w.WriteElementString("AllowedByOrganizations", organizations ? "true" : "false");
                w.WriteEndElement();
            }
            Boundary(w, r.AllowedByPermissionsBoundary);
            w.WriteElementString("EvalResourceName", Clean(r.EvalResourceName));
            w.WriteElementString("EvalDecision", r.EvalDecision.WireName());
            w.WriteElementString("EvalActionName", Clean(r.EvalActionName));
            w.WriteEndElement();
        }
        w.WriteEndElement();
        if (result.Marker is { } marker)
        {
            w.WriteElementString("Marker", Clean(marker));
        }
        w.WriteElementString("IsTruncated", result.IsTruncated ? "true" : "false");
        w.WriteEndElement();
        w.WriteStartElement("ResponseMetadata");
        w.WriteElementString("RequestId", requestId);
        w.WriteEndElement();
        w.WriteEndElement();
    });

    public static string Error(IamWireError error, string requestId) => Write(w =>
    {
        w.WriteStartElement("ErrorResponse", Namespace);
        w.WriteStartElement("Error");
        w.WriteElementString("Type", error.Type);
        w.WriteElementString("Code", error.Code);
        w.WriteElementString("Message", Clean(error.Message));
        w.WriteEndElement();
        w.WriteElementString("RequestId", requestId);
        w.WriteEndElement();
    });

    private static string Write(Action<XmlWriter> body)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            body(writer);
        }
        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"UTF-8\"", StringComparison.Ordinal);
    }

    private static void Statements(XmlWriter w, IEnumerable<StatementReference> statements, bool always)
    {
        var list = statements.ToList();
        if (list.Count == 0 && !always)
        {
            return;
        }
        w.WriteStartElement("MatchedStatements");
        foreach (var s in list)
        {
            w.WriteStartElement("member");
            w.WriteElementString("SourcePolicyId", Clean(s.SourcePolicyId));
            if (s.SourcePolicyType is { } type)
            {
                w.WriteElementString("SourcePolicyType", Clean(type));
            }
            Position(w, "EndPosition", s.EndPosition);
            Position(w, "StartPosition", s.StartPosition);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void Position(XmlWriter w, string name, Conformance.Model.Json.TextPosition position)
    {
        w.WriteStartElement(name);
        w.WriteElementString("Column", position.Column.ToString(CultureInfo.InvariantCulture));
        w.WriteElementString("Line", position.Line.ToString(CultureInfo.InvariantCulture));
        w.WriteEndElement();
    }

    private static void Strings(XmlWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartElement(name);
        foreach (var value in values)
        {
            w.WriteElementString("member", Clean(value));
        }
        w.WriteEndElement();
    }

    private static void Boundary(XmlWriter w, bool? allowed)
    {
        if (allowed is { } a)
        {
            w.WriteStartElement("PermissionsBoundaryDecisionDetail");
            w.WriteElementString("AllowedByPermissionsBoundary", a ? "true" : "false");
            w.WriteEndElement();
        }
    }

    /// <summary>Text a caller sent may hold characters XML 1.0 cannot carry; they become U+FFFD instead of a broken document.</summary>
    private static string Clean(string text) =>
        text.All(Carries) ? text : string.Concat(text.Select(c => Carries(c) ? c : '\uFFFD'));

    private static bool Carries(char c) => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c);
}
