using System.Collections.Immutable;
using Conformance.Model.Conditions;
using Conformance.Model.Json;
using Conformance.Model.Matching;

namespace Conformance.Model.Policies;

/// <summary>The <c>Effect</c> element. Its value is case-sensitive: exactly <c>Allow</c> or <c>Deny</c>.</summary>
public enum Effect { Allow, Deny }

/// <summary>The <c>Version</c> element. Policy variables are only substituted under <see cref="V2012_10_17"/>.</summary>
public enum PolicyVersion { Absent, V2008_10_17, V2012_10_17 }

/// <summary>Where a policy is used; it decides which elements are allowed.</summary>
public enum PolicyKind { Identity, PermissionsBoundary, Resource }

/// <summary>A parsed and validated IAM policy document.</summary>
/// <param name="SourceText">The exact text the user submitted; positions refer to it.</param>
public sealed record PolicyDocument(
    PolicyKind Kind,
    PolicyVersion Version,
    string? Id,
    ImmutableArray<Statement> Statements,
    string SourceText)
{
    /// <summary>Policy variables are only honoured under <c>2012-10-17</c>; otherwise <c>${...}</c> is literal text.</summary>
    public bool SubstitutesVariables => Version == PolicyVersion.V2012_10_17;
}

/// <summary>One statement. Exactly one of <c>Action</c>/<c>NotAction</c> and of <c>Resource</c>/<c>NotResource</c>.</summary>
/// <param name="Start">Position of the statement's opening brace, as IAM reports in <c>StartPosition</c>.</param>
/// <param name="End">Position just after its closing brace, as IAM reports in <c>EndPosition</c>.</param>
public sealed record Statement(
    int Index,
    string? Sid,
    Effect Effect,
    ActionBlock Action,
    ResourceBlock Resource,
    PrincipalBlock? Principal,
    ImmutableArray<Condition> Conditions,
    TextPosition Start,
    TextPosition End,
    string JsonPath);

/// <summary><c>Action</c> (<see cref="IsNot"/> false) or <c>NotAction</c> (true).</summary>
public sealed record ActionBlock(bool IsNot, ImmutableArray<ActionPattern> Patterns)
{
    public string ElementName => IsNot ? "NotAction" : "Action";
}

/// <summary><c>Resource</c> (<see cref="IsNot"/> false) or <c>NotResource</c> (true).</summary>
public sealed record ResourceBlock(bool IsNot, ImmutableArray<ResourcePattern> Patterns)
{
    public string ElementName => IsNot ? "NotResource" : "Resource";
}

/// <summary><c>Principal</c> or <c>NotPrincipal</c> of a resource policy: <c>"*"</c> or a map of principal type to IDs.</summary>
public sealed record PrincipalBlock(bool IsNot, bool IsWildcard, ImmutableArray<PrincipalEntry> Entries)
{
    public string ElementName => IsNot ? "NotPrincipal" : "Principal";
}

/// <summary>One principal identifier under a type such as <c>AWS</c>, <c>Service</c>, <c>Federated</c>, <c>CanonicalUser</c>.</summary>
public sealed record PrincipalEntry(string Type, string Value);
