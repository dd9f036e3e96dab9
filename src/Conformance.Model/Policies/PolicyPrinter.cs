using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Conformance.Model.Policies;

/// <summary>
/// Prints a policy as IAM JSON. Parsing the printed text gives back the same statements (the round trip is a
/// property test), so a generated or shrunk policy can be shown to people and sent to IAM as it is.
/// </summary>
public static class PolicyPrinter
{
    public static string Print(PolicyDocument policy, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = indented,
            IndentSize = 2,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartObject();
            switch (policy.Version)
            {
                case PolicyVersion.V2012_10_17: writer.WriteString("Version", "2012-10-17"); break;
                case PolicyVersion.V2008_10_17: writer.WriteString("Version", "2008-10-17"); break;
            }
            if (policy.Id is { } id)
            {
                writer.WriteString("Id", id);
            }
            writer.WriteStartArray("Statement");
            foreach (var statement in policy.Statements)
            {
                WriteStatement(writer, statement);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteStatement(Utf8JsonWriter writer, Statement statement)
    {
        writer.WriteStartObject();
        if (statement.Sid is { } sid)
        {
            writer.WriteString("Sid", sid);
        }
        writer.WriteString("Effect", statement.Effect.ToString());
        if (statement.Principal is { } principal)
        {
            WritePrincipal(writer, principal);
        }
        WriteStrings(writer, statement.Action.ElementName, statement.Action.Patterns.Select(p => p.Text).ToList());
        WriteStrings(writer, statement.Resource.ElementName, statement.Resource.Patterns.Select(p => p.Text).ToList());
        if (!statement.Conditions.IsEmpty)
        {
            writer.WriteStartObject("Condition");
            foreach (var byOperator in statement.Conditions.GroupBy(c => c.Operator.Name, StringComparer.Ordinal))
            {
                writer.WriteStartObject(byOperator.Key);
                foreach (var condition in byOperator)
                {
                    WriteStrings(writer, condition.ContextKeyName, condition.Values.Select(v => v.Text).ToList());
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WritePrincipal(Utf8JsonWriter writer, PrincipalBlock principal)
    {
        if (principal.IsWildcard)
        {
            writer.WriteString(principal.ElementName, "*");
            return;
        }
        writer.WriteStartObject(principal.ElementName);
        foreach (var byType in principal.Entries.GroupBy(e => e.Type, StringComparer.Ordinal))
        {
            WriteStrings(writer, byType.Key, byType.Select(e => e.Value).ToList());
        }
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 1)
        {
            writer.WriteString(name, values[0]);
            return;
        }
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }

    /// <summary>A statement as one line of JSON, for explanations and reports.</summary>
    public static string PrintStatement(Statement statement)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteStatement(writer, statement);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
