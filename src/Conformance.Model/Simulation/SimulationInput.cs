using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Json;

namespace Conformance.Model.Simulation;

/// <summary>A problem with a <c>--cli-input-json</c> document: what, and where (JSON path, line and column) when known.</summary>
public sealed record InputProblem(string Message, string? JsonPath = null, TextPosition? Position = null)
{
    public override string ToString() => (JsonPath, Position) switch
    {
        (null, _) => Message,
        (_, null) => $"{JsonPath}: {Message}",
        _ => $"{JsonPath} ({Position}): {Message}",
    };
}

/// <summary>
/// A <c>--cli-input-json</c> document (the input of <c>aws iam simulate-custom-policy</c>) read with positions, so
/// that every problem, from a JSON syntax error to a policy IAM would reject, can name the line and column of the
/// document where it stands. The request itself is read by <see cref="SimulationJson.ReadRequest(string)"/>.
/// </summary>
public sealed class SimulationInput
{
    private readonly JsonValueNode _root;

    private SimulationInput(JsonValueNode root, SimulationRequest request)
    {
        _root = root;
        Request = request;
    }

    public SimulationRequest Request { get; }

    public static (SimulationInput? Input, InputProblem? Problem) Read(string text)
    {
        var (root, syntax) = PositionedJsonReader.Read(text);
        if (syntax is not null)
        {
            return (null, new InputProblem($"the input is not valid JSON: {syntax.Message}", syntax.Path, syntax.Position));
        }
        var (request, error) = SimulationJson.ReadRequest(text);
        if (request is null)
        {
            // SimulationJson's messages start with the JSON path they concern: "$.ContextEntries[0].ContextKeyType: ...".
            // Stryker disable once String : unreachable; ReadRequest gives an error whenever it gives no request.
            var message = error ?? "the input could not be read";
            var colon = message.IndexOf(": ", StringComparison.Ordinal);
            // Stryker disable once Logical,Equality : every message that reaches here starts "$...: " (text that is not JSON was answered above), so "||" and "colon >= 0" decide the same.
            if (message.StartsWith('$') && colon > 0)
            {
                var path = message[..colon];
                return (null, new InputProblem(message[(colon + 2)..], path, PositionedJsonReader.Locate(root, path)));
            }
            return (null, new InputProblem(message));
        }
        return (new SimulationInput(root!, request), null);
    }

    /// <summary>Where a member or list item of the document stands: a member's name, an item's first character.</summary>
    public TextPosition? Locate(string jsonPath) => PositionedJsonReader.Locate(_root, jsonPath);

    /// <summary>
    /// Places an <c>InvalidInput</c> answer in the document: a policy that does not parse is named by IAM's own
    /// <c>SourcePolicyId</c> (<c>PolicyInputList.2</c>) at the start of the message; other problems by the request
    /// member, or by the quoted value, that they name.
    /// </summary>
    public InputProblem Describe(SimulationError error)
    {
        if (error.JsonPath is { } known)
        {
            return new InputProblem(error.Message, known, Locate(known));
        }
        foreach (var (id, path) in PolicyPaths())
        {
            if (error.Message.StartsWith(id + " ", StringComparison.Ordinal))
            {
                return new InputProblem(error.Message, path, Locate(path));
            }
        }
        var member = error.Message.Split(' ', 2)[0];
        if (Locate("$." + member) is { } memberPosition)
        {
            return new InputProblem(error.Message, "$." + member, memberPosition);
        }
        foreach (var (path, value) in Strings())
        {
            if (error.Message.Contains($"\"{value}\"", StringComparison.Ordinal))
            {
                return new InputProblem(error.Message, path, Locate(path));
            }
        }
        return new InputProblem(error.Message);
    }

    private IEnumerable<(string Id, string Path)> PolicyPaths()
    {
        for (var i = 0; i < Request.PolicyInputList.Length; i++)
        {
            yield return ($"PolicyInputList.{i + 1}", $"$.PolicyInputList[{i}]");
        }
        for (var i = 0; i < Request.PermissionsBoundaryPolicyInputList.Length; i++)
        {
            yield return ($"PermissionsBoundaryPolicyInputList.{i + 1}", $"$.PermissionsBoundaryPolicyInputList[{i}]");
        }
    }

    private IEnumerable<(string Path, string Value)> Strings()
    {
        for (var i = 0; i < Request.ActionNames.Length; i++)
        {
            yield return ($"$.ActionNames[{i}]", Request.ActionNames[i]);
        }
        for (var i = 0; i < Request.ResourceArns.Length; i++)
        {
            yield return ($"$.ResourceArns[{i}]", Request.ResourceArns[i]);
        }
        for (var i = 0; i < Request.ContextEntries.Length; i++)
        {
            yield return ($"$.ContextEntries[{i}].ContextKeyName", Request.ContextEntries[i].ContextKeyName);
        }
    }
}

/// <summary>
/// Explains every action of the requested page on every resource of a SimulateCustomPolicy request, as the model
/// decides them. The page is the one <c>simulate</c> would evaluate (<see cref="PagedEvaluation.Plan"/>: from
/// <c>Marker</c>, at most <c>MaxItems</c> actions, within the same bound on statement evaluations), so explaining a
/// request never takes more work than simulating it, and a request <c>simulate</c> refuses as too large is refused here too.
/// </summary>
public static class SimulationExplainer
{
    /// <summary>One <see cref="Explanation"/> per action of the page and resource (resource <c>*</c> when the request
    /// names none), grouped by action in request order, and the <c>Marker</c> of the next page when the page did not
    /// reach the last action; or the error IAM would answer.</summary>
    public static (SimulationError? Error, ImmutableArray<Explanation> Explanations, string? NextMarker) Explain(SimulationRequest request)
    {
        var compiled = ModelSimulator.Compile(request);
        if (compiled.Error is not null)
        {
            return (compiled.Error, [], null);
        }
        var (policies, context) = compiled.Value!.Value;
        var (start, end, tooMuch) = PagedEvaluation.Plan(request, RequestCompiler.StatementCount(policies));
        if (tooMuch is not null)
        {
            return (tooMuch, [], null);
        }
        var resources = request.ResourceArns.IsEmpty ? ["*"] : request.ResourceArns;
        var explanations = ImmutableArray.CreateBuilder<Explanation>();
        for (var i = start; i < end; i++)
        {
            foreach (var resource in resources)
            {
                var (question, decision) = ModelSimulator.Decide(policies, context, request, request.ActionNames[i], resource, Services.ServiceReference.Default);
                explanations.Add(decision is null
                    ? Explainer.ExplainNotOfActionResourceType(policies, question, ModelSimulator.NotOfActionResourceType(policies))
                    : Explainer.Explain(policies, question));
            }
        }
        return (null, explanations.ToImmutable(), end < request.ActionNames.Length ? Paging.Marker(end) : null);
    }
}
