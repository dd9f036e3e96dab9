using System.Collections.Immutable;
using Conformance.Model.Services;
using FsCheck;
using FsCheck.Fluent;

namespace Conformance.Generators;

/// <summary>How a generated action/resource pair was built.</summary>
public enum ResourcePairKind
{
    /// <summary>The ARN is built from the format of one of the action's resource types.</summary>
    Matched,

    /// <summary>The ARN is of another service's resource type, which the action does not accept.</summary>
    OtherServiceType,

    /// <summary>The ARN is of a resource type of the action's own service that the action does not accept.</summary>
    SameServiceOtherType,
}

/// <summary>An action and a resource ARN drawn from the Service Authorization Reference, tagged with how it was built
/// (<see cref="ResourcePairKind.Matched"/> pairs are of the action's resource types; the others deliberately not).</summary>
public sealed record ActionResourcePair(string Action, string Resource, ResourcePairKind Kind, string ResourceType)
{
    public bool IsResourceTypeOfAction => Kind == ResourcePairKind.Matched;

    public override string ToString() => $"{Action} on {Resource} ({Kind}: {ResourceType})";
}

/// <summary>
/// Action/resource pairs from <see cref="ServiceReference.Default"/>: a service from a realistic set (or now and then
/// any service), one of its actions that has resource types, and either an ARN built from one of those types' formats
/// or a deliberately mismatching one. Every pair's tag agrees with <see cref="ServiceReference.MatchResource"/>.
/// </summary>
public static class ResourceTypeGenerators
{
    /// <summary>The services a Run Command user's policies mostly name.</summary>
    public static readonly ImmutableArray<string> RealisticServices = ["ssm", "ec2", "s3", "iam", "kms", "lambda", "sqs", "sts"];

    private static readonly Lazy<Catalog> DefaultCatalog = new(() => new Catalog(ServiceReference.Default));

    /// <summary>Pairs; about 60% of them of the action's resource types.</summary>
    public static Gen<ActionResourcePair> PairGen() => PairGen(DefaultCatalog.Value);

    private static Gen<ActionResourcePair> PairGen(Catalog catalog) =>
        (from service in Gen.Frequency((8, Gen.Elements(catalog.Realistic.ToArray())), (2, Gen.Elements(catalog.All.ToArray())))
         from action in Gen.Elements(catalog.ActionsOf[service].ToArray())
         from kind in Gen.Frequency((6, Gen.Constant(ResourcePairKind.Matched)), (2, Gen.Constant(ResourcePairKind.OtherServiceType)), (2, Gen.Constant(ResourcePairKind.SameServiceOtherType)))
         from type in TypeFor(catalog, action, kind)
         from format in Gen.Elements(type.ArnFormats.ToArray())
         from arn in ArnFrom(format)
         select new ActionResourcePair(action.FullName, arn, kind, $"{type.Service}/{type.Name}"))
        // A built ARN can still be of an accepted type (s3's object format accepts every s3 ARN, sts:AssumeRole accepts
        // iam roles); such draws are dropped, so that the tag is always true.
        .Where(p => catalog.Reference.MatchResource(p.Action, p.Resource) is ResourceTypeMatch.Matches == p.IsResourceTypeOfAction);

    /// <summary>A resource type to build the ARN from: one of the action's, one of another service, or one of the same
    /// service that the action does not name (another service's when the service has no such type).</summary>
    private static Gen<ResourceType> TypeFor(Catalog catalog, ServiceAction action, ResourcePairKind kind)
    {
        var own = action.ResourceTypes.Select(t => t.ResourceType).Where(t => !t.ArnFormats.IsEmpty).ToArray();
        var others = catalog.TypesOf[action.Service].Where(t => action.ResourceTypes.All(a => a.Name != t.Name)).ToArray();
        return kind switch
        {
            ResourcePairKind.Matched => Gen.Elements(own),
            ResourcePairKind.SameServiceOtherType when others.Length > 0 => Gen.Elements(others),
            _ => Gen.Elements(catalog.Realistic.Where(s => s != action.Service && !catalog.TypesOf[s].IsEmpty).ToArray())
                .SelectMany(s => Gen.Elements(catalog.TypesOf[s].ToArray())),
        };
    }

    /// <summary>An ARN from an ARN format, each <c>${Variable}</c> (and each <c>*</c>) filled with a plausible value:
    /// the vocabulary's partitions, regions and accounts; instance, managed-instance and document names as Run Command
    /// uses them; names and ids, sometimes with odd but <c>*</c>-free content (slashes, colons, dots, spaces,
    /// non-ASCII letters).</summary>
    public static Gen<string> ArnFrom(string arnFormat)
    {
        var parts = Split(arnFormat);
        return Gen.CollectToArray(parts.Select((p, i) => p.IsVariable ? ValueFor(p.Text, i > 0 ? parts[i - 1].Text : "") : Gen.Constant(p.Text)))
            .Select(values => string.Concat(values));
    }

    /// <summary>The same ARN every time: variables filled with the first plausible value.</summary>
    public static string SampleArn(string arnFormat)
    {
        var parts = Split(arnFormat);
        return string.Concat(parts.Select((p, i) => p.IsVariable ? FirstValueFor(p.Text, i > 0 ? parts[i - 1].Text : "") : p.Text));
    }

    private static Gen<string> ValueFor(string variable, string before) => variable switch
    {
        "Partition" => Gen.Frequency((8, Gen.Constant("aws")), (1, Gen.Elements("aws-cn", "aws-us-gov"))),
        "Region" => Gen.Elements(Vocabulary.Regions.ToArray()),
        "Account" => Gen.Frequency((6, Gen.Elements(Vocabulary.Accounts.ToArray())), (1, Gen.Constant(""))),
        "InstanceId" when before.EndsWith("managed-instance/", StringComparison.Ordinal) => Gen.Constant("mi-0123456789abcdef0"),
        "InstanceId" => Gen.Elements("i-0123456789abcdef0", "i-0fedcba9876543210"),
        "DocumentName" => Gen.Elements([.. Vocabulary.OwnedDocuments, .. Vocabulary.AwsDocuments]),
        _ => Gen.Frequency(
            (6, Gen.Constant(FirstValueFor(variable, before))),
            (3, Gen.Elements("conformance-1", "prod_web.01", "0123456789abcdef", "team/alice")),
            (1, Gen.Elements("a:b/c", "..", "with space", "Ünïcödé", "x?y"))),
    };

    private static string FirstValueFor(string variable, string before) => variable switch
    {
        "InstanceId" when before.EndsWith("managed-instance/", StringComparison.Ordinal) => "mi-0123456789abcdef0",
        "Partition" => "aws",
        "Region" => Vocabulary.Regions[0],
        "Account" => Vocabulary.Account,
        "InstanceId" => "i-0123456789abcdef0",
        "DocumentName" => Vocabulary.AwsDocuments[0],
        "*" => "x1",
        _ => variable.EndsWith("Id", StringComparison.Ordinal) ? "id-0123456789" : "sample-" + variable.ToLowerInvariant(),
    };

    /// <summary>The format's literal text and its variables (<c>${Name}</c> gives Name; a <c>*</c> gives "*").</summary>
    private static List<(bool IsVariable, string Text)> Split(string arnFormat)
    {
        var parts = new List<(bool, string)>();
        var i = 0;
        while (i < arnFormat.Length)
        {
            var next = ResourceTypeMatcher.NextVariable(arnFormat, i);
            if (next < 0)
            {
                parts.Add((false, arnFormat[i..]));
                break;
            }
            parts.Add((false, arnFormat[i..next]));
            if (arnFormat[next] == '*')
            {
                parts.Add((true, "*"));
                i = next + 1;
                continue;
            }
            var close = arnFormat.IndexOf('}', next);
            if (close < 0)
            {
                parts.Add((false, arnFormat[next..]));
                break;
            }
            parts.Add((true, arnFormat[(next + 2)..close]));
            i = close + 1;
        }
        return parts;
    }

    /// <summary>What the generators draw from, computed once per reference.</summary>
    private sealed class Catalog
    {
        public Catalog(ServiceReference reference)
        {
            Reference = reference;
            bool Usable(ServiceAction a) => a.ResourceTypes.Any(t => !t.ResourceType.ArnFormats.IsEmpty);
            ActionsOf = reference.Services
                .Select(s => (s.Prefix, Actions: s.Actions.Where(Usable).ToImmutableArray()))
                .Where(s => !s.Actions.IsEmpty)
                .ToImmutableDictionary(s => s.Prefix, s => s.Actions, StringComparer.Ordinal);
            TypesOf = reference.Services.ToImmutableDictionary(
                s => s.Prefix, s => s.ResourceTypes.Where(t => !t.ArnFormats.IsEmpty).ToImmutableArray(), StringComparer.Ordinal);
            All = [.. ActionsOf.Keys.Order(StringComparer.Ordinal)];
            Realistic = [.. RealisticServices.Where(ActionsOf.ContainsKey)];
        }

        public ServiceReference Reference { get; }

        public ImmutableDictionary<string, ImmutableArray<ServiceAction>> ActionsOf { get; }

        public ImmutableDictionary<string, ImmutableArray<ResourceType>> TypesOf { get; }

        public ImmutableArray<string> All { get; }

        public ImmutableArray<string> Realistic { get; }
    }
}
