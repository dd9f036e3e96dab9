using System.Collections.Immutable;
using Conformance.Campaign.Exhaustive;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using Conformance.Model.SendCommand;

namespace Conformance.Campaign.Directed;

/// <summary>A policy, boundary or fleet file that cannot be used: the message names the file and the JSON path.</summary>
public sealed class CampaignInputException(string message) : Exception(message);

/// <summary>
/// The policies a directed or exhaustive campaign asks about, as given: identity policies (<c>--policy</c>), an
/// optional permissions boundary and the fleet, read and checked once. The texts are sent to IAM exactly as written.
/// </summary>
public sealed record CampaignPolicies(ImmutableArray<string> Texts, ImmutableArray<string> BoundaryTexts, PolicyQuestions Questions, Fleet? Fleet)
{
    /// <summary>Reads the files (a <c>file://</c> prefix is allowed, as the aws CLI writes it). <paramref name="fleetRegion"/>
    /// is the region of fleet nodes whose listing names none (the CLI resolves it as <c>sendcommand</c> does; us-east-1
    /// when none is configured).</summary>
    public static CampaignPolicies Read(IReadOnlyList<string> policies, string? boundary, IReadOnlyList<string> fleets, string? fleetRegion = null)
    {
        var texts = policies.Select(ReadText).ToImmutableArray();
        var documents = policies.Select((p, i) => Parse(PathOf(p), texts[i], PolicyKind.Identity)).ToImmutableArray();
        ImmutableArray<string> boundaryTexts = boundary is null ? [] : [ReadText(boundary)];
        var boundaryDocument = boundary is null ? null : Parse(PathOf(boundary), boundaryTexts[0], PolicyKind.PermissionsBoundary);
        Fleet? fleet = null;
        if (fleets.Count > 0)
        {
            try
            {
                fleet = FleetJson.Read(fleets.Select(PathOf), fleetRegion ?? "us-east-1", null);
            }
            catch (InputFileException e)
            {
                throw new CampaignInputException(e.Message);
            }
        }
        return new CampaignPolicies(texts, boundaryTexts, new PolicyQuestions(new PolicySet(documents, boundaryDocument)), fleet);
    }

    /// <summary>The same, from texts already in hand (tests, other commands).</summary>
    public static CampaignPolicies Of(IReadOnlyList<string> policies, string? boundary = null, Fleet? fleet = null) => new(
        [.. policies], boundary is null ? [] : [boundary],
        new PolicyQuestions(new PolicySet([.. policies.Select((t, i) => Parse($"policy {i + 1}", t, PolicyKind.Identity))],
            boundary is null ? null : Parse("boundary", boundary, PolicyKind.PermissionsBoundary))),
        fleet);

    private static string PathOf(string argument) => argument.StartsWith("file://", StringComparison.Ordinal) ? argument["file://".Length..] : argument;

    private static string ReadText(string argument)
    {
        var path = PathOf(argument);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new CampaignInputException($"cannot read {path}: {e.Message}");
        }
    }

    private static PolicyDocument Parse(string name, string text, PolicyKind kind)
    {
        var parsed = PolicyParser.Parse(text, kind);
        return parsed.IsSuccess
            ? parsed.Value!
            : throw new CampaignInputException(string.Join("\n", parsed.Errors.Select(e => $"{name}: {e.JsonPath} ({e.Position}): {e.Message}")));
    }
}
