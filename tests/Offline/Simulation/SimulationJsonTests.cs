using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Json;
using Conformance.Model.Simulation;
using static Conformance.Offline.Tests.Support.TestPolicies;

namespace Conformance.Offline.Tests.Simulation;

/// <summary>
/// The aws-cli JSON forms of SimulateCustomPolicy. The input is what <c>aws iam simulate-custom-policy --cli-input-json</c>
/// reads, its members and types those of https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
/// and API_ContextEntry.html; the output is what the command prints (EvaluationResults, IsTruncated, Marker). A reading
/// error names its JSON path first, as the aws CLI's parameter validation does, so that the command line can point at it.
/// </summary>
public sealed class SimulationJsonTests
{
    private const string Minimal = "\"PolicyInputList\":[\"{}\"],\"ActionNames\":[\"ssm:SendCommand\"]";

    private static string Read(string json)
    {
        var (request, error) = SimulationJson.ReadRequest(json);
        Assert.Null(request);
        return error!;
    }

    [Theory]
    [InlineData("[]", "$: the input must be a JSON object")]
    [InlineData("""{"ActionNames":["ssm:SendCommand"]}""", "$: missing required parameter \"PolicyInputList\"")]
    [InlineData("""{"PolicyInputList":["{}"]}""", "$: missing required parameter \"ActionNames\"")]
    [InlineData("""{"PolicyInputList":"{}","ActionNames":["ssm:SendCommand"]}""", "$.PolicyInputList: must be a list of strings, not a string")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand",2]}""", "$.ActionNames[1]: must be a string, not a number")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":[true]}""", "$.ActionNames[0]: must be a string, not a boolean")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":[null]}""", "$.ActionNames[0]: must be a string, not null")]
    [InlineData("""{"PolicyInputList":[["{}"]],"ActionNames":["ssm:SendCommand"]}""", "$.PolicyInputList[0]: must be a string, not a list")]
    [InlineData("""{"PolicyInputList":[{}],"ActionNames":["ssm:SendCommand"]}""", "$.PolicyInputList[0]: must be a string, not an object")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"ResourceArns":{}}""", "$.ResourceArns: must be a list of strings, not an object")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"PermissionsBoundaryPolicyInputList":"{}"}""", "$.PermissionsBoundaryPolicyInputList: must be a list of strings, not a string")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"ResourcePolicy":1}""", "$.ResourcePolicy: must be a string, not a number")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"ResourceOwner":null}""", "$.ResourceOwner: must be a string, not null")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"CallerArn":false}""", "$.CallerArn: must be a string, not a boolean")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"ResourceHandlingOption":[]}""", "$.ResourceHandlingOption: must be a string, not a list")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"Marker":{}}""", "$.Marker: must be a string, not an object")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"MaxItems":"5"}""", "$.MaxItems: must be an integer")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"MaxItems":1.5}""", "$.MaxItems: must be an integer")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"ContextEntries":{}}""", "$.ContextEntries: must be a list, not an object")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"ContextEntries":[{"ContextKeyName":"aws:x","ContextKeyValues":["v"],"ContextKeyType":"string"},3]}""",
        "$.ContextEntries[1]: must be an object with ContextKeyName, ContextKeyValues and ContextKeyType")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"ContextEntries":[{"ContextKeyName":"aws:x","Values":["v"],"ContextKeyType":"string"}]}""",
        "$.ContextEntries[0].Values: unknown parameter; must be one of: ContextKeyName, ContextKeyValues, ContextKeyType")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"ContextEntries":[{"ContextKeyName":5,"ContextKeyValues":["v"],"ContextKeyType":"string"}]}""",
        "$.ContextEntries[0].ContextKeyName: must be a string, not a number")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"ContextEntries":[{"ContextKeyName":"aws:x","ContextKeyValues":["v"]}]}""",
        "$.ContextEntries[0].ContextKeyType: a string is required")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"ContextEntries":[{"ContextKeyName":"aws:x","ContextKeyValues":["v"],"ContextKeyType":1}]}""",
        "$.ContextEntries[0].ContextKeyType: a string is required")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"ContextEntries":[{"ContextKeyName":"aws:x","ContextKeyValues":["v"],"ContextKeyType":"String"}]}""",
        "$.ContextEntries[0].ContextKeyType: \"String\" is not one of binary, binaryList, boolean, booleanList, date, dateList, ip, ipList, numeric, numericList, string, stringList")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"ContextEntries":[{"ContextKeyName":"aws:x","ContextKeyValues":["v"],"ContextKeyType":"string"},{"ContextKeyName":"aws:y","ContextKeyValues":["v",1],"ContextKeyType":"stringList"}]}""",
        "$.ContextEntries[1].ContextKeyValues[1]: must be a string, not a number")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"OrderedOrganizationPolicyInputList":{}}""",
        "$.OrderedOrganizationPolicyInputList: must be a list, not an object")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"OrderedOrganizationPolicyInputList":[{"ServiceControlPolicyInputList":["{}"]},"{}"]}""",
        "$.OrderedOrganizationPolicyInputList[1]: must be an object with ServiceControlPolicyInputList")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"OrderedOrganizationPolicyInputList":[{"ServiceControlPolicies":["{}"]}]}""",
        "$.OrderedOrganizationPolicyInputList[0].ServiceControlPolicies: unknown parameter; must be ServiceControlPolicyInputList")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"OrderedOrganizationPolicyInputList":[{"ServiceControlPolicyInputList":["{}"]},{"ServiceControlPolicyInputList":"{}"}]}""",
        "$.OrderedOrganizationPolicyInputList[1].ServiceControlPolicyInputList: must be a list of strings, not a string")]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"OrderedOrganizationPolicyInputList":[{"ServiceControlPolicyInputList":["{}", 7]}]}""",
        "$.OrderedOrganizationPolicyInputList[0].ServiceControlPolicyInputList[1]: must be a string, not a number")]
    public void ReadRequest_RefusesWhatTheCliRefuses_NamingTheJsonPathFirst(string json, string message) =>
        Assert.Equal(message, Read(json));

    [Fact]
    public void ReadRequest_UnknownMember_NamesItAndListsEveryMemberOfTheApi() =>
        Assert.Equal(
            "$.PolicyInputLists: unknown parameter \"PolicyInputLists\"; must be one of: PolicyInputList, PermissionsBoundaryPolicyInputList, " +
            "ActionNames, ResourceArns, ResourcePolicy, ResourceOwner, CallerArn, ContextEntries, ResourceHandlingOption, MaxItems, Marker, " +
            "OrderedOrganizationPolicyInputList",
            Read("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],"PolicyInputLists":[]}"""));

    [Theory]
    [InlineData("""{"PolicyInputList":["{}"],"ActionNames":["ssm:SendCommand"],}""")]
    [InlineData("""{"PolicyInputList":["{}"] "ActionNames":[]}""")]
    [InlineData("")]
    public void ReadRequest_TextThatIsNotJson_IsRefusedAsSuch(string json)
    {
        // The aws CLI reads --cli-input-json with Python's json module, which has no trailing commas either.
        Assert.StartsWith("the input is not valid JSON: ", Read(json));
        Assert.Throws<FormatException>(() => SimulationJson.ReadRequestOrThrow(json));
    }

    [Fact]
    public void ReadRequest_EveryMember_IsReadIntoItsParameter()
    {
        var request = SimulationJson.ReadRequestOrThrow("""
            {"PolicyInputList":["p1","p2"],"PermissionsBoundaryPolicyInputList":["b"],"ActionNames":["ssm:SendCommand","ssm:GetDocument"],
             "ResourceArns":["arn:aws:ssm:us-east-1::document/AWS-RunShellScript"],"ResourcePolicy":"r","ResourceOwner":"arn:aws:iam::111122223333:root",
             "CallerArn":"arn:aws:iam::123456789012:user/alice",
             "ContextEntries":[{"ContextKeyName":"aws:SourceVpce","ContextKeyValues":["vpce-1a2b3c4d"],"ContextKeyType":"string"},
                               {"ContextKeyValues":["1","2"],"ContextKeyType":"numericList"},
                               {"ContextKeyName":"aws:TagKeys","ContextKeyType":"stringList"}],
             "ResourceHandlingOption":"EC2-VPC-InstanceStore","MaxItems":7,"Marker":"3",
             "OrderedOrganizationPolicyInputList":[{"ServiceControlPolicyInputList":["s1","s2"]},{}]}
            """);
        Assert.Equal(["p1", "p2"], request.PolicyInputList.ToArray());
        Assert.Equal(["b"], request.PermissionsBoundaryPolicyInputList.ToArray());
        Assert.Equal(["ssm:SendCommand", "ssm:GetDocument"], request.ActionNames.ToArray());
        Assert.Equal(["arn:aws:ssm:us-east-1::document/AWS-RunShellScript"], request.ResourceArns.ToArray());
        Assert.Equal(("r", "arn:aws:iam::111122223333:root", "arn:aws:iam::123456789012:user/alice"), (request.ResourcePolicy, request.ResourceOwner, request.CallerArn));
        Assert.Equal(("EC2-VPC-InstanceStore", 7, "3"), (request.ResourceHandlingOption, request.MaxItems, request.Marker));
        Assert.Equal(3, request.ContextEntries.Length);
        Assert.Equal(("aws:SourceVpce", ContextKeyType.String), (request.ContextEntries[0].ContextKeyName, request.ContextEntries[0].ContextKeyType));
        Assert.Equal(["vpce-1a2b3c4d"], request.ContextEntries[0].ContextKeyValues.ToArray());
        // An absent name or value list is IAM's to refuse (recorded simulation_inputs.json:input_context_absent_name,
        // input_context_absent_values): the reader keeps them, empty.
        Assert.Equal(("", ContextKeyType.NumericList), (request.ContextEntries[1].ContextKeyName, request.ContextEntries[1].ContextKeyType));
        Assert.Equal(["1", "2"], request.ContextEntries[1].ContextKeyValues.ToArray());
        Assert.Empty(request.ContextEntries[2].ContextKeyValues);
        Assert.False(request.ContextEntries[2].ContextKeyValues.IsDefault);
        Assert.Equal(2, request.OrderedOrganizationPolicyInputList.Length);
        Assert.Equal(["s1", "s2"], request.OrderedOrganizationPolicyInputList[0].ServiceControlPolicyInputList.ToArray());
        Assert.Empty(request.OrderedOrganizationPolicyInputList[1].ServiceControlPolicyInputList);
    }

    [Fact]
    public void ReadRequest_OnlyTheRequiredMembers_LeavesEveryOptionalParameterAbsent()
    {
        var request = SimulationJson.ReadRequestOrThrow("{" + Minimal + "}");
        Assert.Empty(request.PermissionsBoundaryPolicyInputList);
        Assert.Empty(request.ResourceArns);
        Assert.Empty(request.ContextEntries);
        Assert.Empty(request.OrderedOrganizationPolicyInputList);
        Assert.Equal((null, null, null, null, null, null), (request.ResourcePolicy, request.ResourceOwner, request.CallerArn, request.ResourceHandlingOption, request.MaxItems, request.Marker));
    }

    [Fact]
    public void WriteRequest_OmitsEmptyOptionalMembers_AndWritesTheRestInTheCliShape()
    {
        var minimal = new SimulationRequest(["{}"], ["ssm:SendCommand"]);
        Assert.Equal("{" + Minimal + "}", SimulationJson.WriteRequest(minimal, indented: false));

        var full = new SimulationRequest(["p"], ["ssm:SendCommand"], ["b"], ["arn:aws:ec2:us-east-1:123456789012:instance/i-1"],
            ResourcePolicy: "r", ResourceOwner: "arn:aws:iam::123456789012:root", CallerArn: "arn:aws:iam::123456789012:user/alice",
            ContextEntries: [new ContextEntry("aws:SourceVpce", ["vpce-1"], ContextKeyType.String), new ContextEntry("", ["1"], ContextKeyType.Numeric)],
            ResourceHandlingOption: "EC2-VPC-InstanceStore", MaxItems: 5, Marker: "2",
            OrderedOrganizationPolicyInputList: [new OrganizationPolicyLevel(["s"])]);
        Assert.Equal(
            """{"PolicyInputList":["p"],"PermissionsBoundaryPolicyInputList":["b"],"ActionNames":["ssm:SendCommand"],""" +
            Quoted("'ResourceArns':['arn:aws:ec2:us-east-1:123456789012:instance/i-1'],'ResourcePolicy':'r','ResourceOwner':'arn:aws:iam::123456789012:root',") +
            Quoted("'CallerArn':'arn:aws:iam::123456789012:user/alice','ContextEntries':[{'ContextKeyName':'aws:SourceVpce','ContextKeyValues':['vpce-1'],'ContextKeyType':'string'},") +
            Quoted("{'ContextKeyValues':['1'],'ContextKeyType':'numeric'}],'ResourceHandlingOption':'EC2-VPC-InstanceStore','MaxItems':5,'Marker':'2',") +
            Quoted("'OrderedOrganizationPolicyInputList':[{'ServiceControlPolicyInputList':['s']}]}"),
            SimulationJson.WriteRequest(full, indented: false));
        // What is written reads back as the same request.
        var back = SimulationJson.ReadRequestOrThrow(SimulationJson.WriteRequest(full));
        Assert.Equal(SimulationJson.WriteRequest(full), SimulationJson.WriteRequest(back));
    }

    private static readonly TextPosition Start = new(3, 17);
    private static readonly TextPosition End = new(9, 6);

    private static SimulationResult FullResult() => new(
        [
            new EvaluationResult("ssm:SendCommand", "*", EvalDecision.ExplicitDeny,
                [new StatementReference("PolicyInputList.1", "IAM Policy", Start, End)], ["aws:SourceVpce"],
                AllowedByPermissionsBoundary: false,
                new EvalDecisionDetails([KeyValuePair.Create(EvalDecisionDetails.IamPolicy, EvalDecision.ExplicitDeny)]),
                [
                    new ResourceSpecificResult("arn:aws:ec2:us-east-1:123456789012:instance/i-1", EvalDecision.ExplicitDeny,
                        [new StatementReference("PolicyInputList.1", null, Start, End)], ["aws:SourceVpce"], false),
                    new ResourceSpecificResult("arn:aws:ec2:us-east-1:123456789012:instance/i-2", EvalDecision.Allowed, [], [], null),
                ],
                AllowedByOrganizations: true),
        ],
        IsTruncated: true, Marker: "1");

    [Fact]
    public void WriteResult_WritesEveryMemberTheAwsCliPrints()
    {
        Assert.Equal(
            Quoted("{'EvaluationResults':[{'EvalActionName':'ssm:SendCommand','EvalResourceName':'*','EvalDecision':'explicitDeny',") +
            Quoted("'MatchedStatements':[{'SourcePolicyId':'PolicyInputList.1','SourcePolicyType':'IAM Policy','StartPosition':{'Line':3,'Column':17},'EndPosition':{'Line':9,'Column':6}}],") +
            Quoted("'MissingContextValues':['aws:SourceVpce'],'EvalDecisionDetails':{'IAM Policy':'explicitDeny'},") +
            Quoted("'OrganizationsDecisionDetail':{'AllowedByOrganizations':true},'PermissionsBoundaryDecisionDetail':{'AllowedByPermissionsBoundary':false},") +
            Quoted("'ResourceSpecificResults':[{'EvalResourceName':'arn:aws:ec2:us-east-1:123456789012:instance/i-1','EvalResourceDecision':'explicitDeny',") +
            Quoted("'MatchedStatements':[{'SourcePolicyId':'PolicyInputList.1','StartPosition':{'Line':3,'Column':17},'EndPosition':{'Line':9,'Column':6}}],") +
            Quoted("'MissingContextValues':['aws:SourceVpce'],'PermissionsBoundaryDecisionDetail':{'AllowedByPermissionsBoundary':false}},") +
            Quoted("{'EvalResourceName':'arn:aws:ec2:us-east-1:123456789012:instance/i-2','EvalResourceDecision':'allowed'}]}],'IsTruncated':true,'Marker':'1'}"),
            SimulationJson.WriteResult(FullResult(), indented: false));
    }

    [Fact]
    public void WriteResult_WithoutResources_WritesEmptyListsAndNoDetails()
    {
        // Recorded simulation.json:custom_default_resource: MatchedStatements and MissingContextValues are printed even
        // when empty; EvalDecisionDetails is absent without ResourceArns.
        var result = new SimulationResult([new EvaluationResult("ssm:SendCommand", "*", EvalDecision.ImplicitDeny, [], [], null, null, [])]);
        Assert.Equal(
            Quoted("{'EvaluationResults':[{'EvalActionName':'ssm:SendCommand','EvalResourceName':'*','EvalDecision':'implicitDeny','MatchedStatements':[],'MissingContextValues':[]}],'IsTruncated':false}"),
            SimulationJson.WriteResult(result, indented: false));
    }

    [Fact]
    public void ReadResult_ReadsBackWhatWriteResultWrote()
    {
        var result = FullResult();
        var back = SimulationJson.ReadResult(SimulationJson.WriteResult(result));
        Assert.Equal(SimulationJson.WriteResult(result), SimulationJson.WriteResult(back));
        var top = back.EvaluationResults.Single();
        Assert.Equal((true, "1"), (back.IsTruncated, back.Marker));
        Assert.Equal((EvalDecision.ExplicitDeny, (bool?)false, (bool?)true), (top.EvalDecision, top.AllowedByPermissionsBoundary, top.AllowedByOrganizations));
        Assert.Equal(new StatementReference("PolicyInputList.1", "IAM Policy", Start, End), top.MatchedStatements.Single());
        Assert.Equal(result.EvaluationResults[0].EvalDecisionDetails, top.EvalDecisionDetails);
        Assert.Equal(2, top.ResourceSpecificResults.Length);
        Assert.Equal((EvalDecision.Allowed, (bool?)null), (top.ResourceSpecificResults[1].EvalResourceDecision, top.ResourceSpecificResults[1].AllowedByPermissionsBoundary));
        Assert.Equal(["aws:SourceVpce"], top.ResourceSpecificResults[0].MissingContextValues.ToArray());
    }

    [Fact]
    public void ReadResult_AbsentMembers_AreReadAsTheirDefaults()
    {
        // Recorded answers omit what AWS did not print: a result without EvalResourceName is for "*", without IsTruncated
        // it is not truncated, and a statement without positions stands at the default position.
        var result = SimulationJson.ReadResult("""
            {"EvaluationResults":[{"EvalActionName":"s3:GetObject","EvalDecision":"allowed","MatchedStatements":[{"SourcePolicyId":"user_policy"}]}]}
            """);
        var top = result.EvaluationResults.Single();
        Assert.Equal(("*", EvalDecision.Allowed), (top.EvalResourceName, top.EvalDecision));
        Assert.Equal(new StatementReference("user_policy", null, default, default), top.MatchedStatements.Single());
        Assert.Empty(top.MissingContextValues);
        Assert.Empty(top.ResourceSpecificResults);
        Assert.Equal(((bool?)null, (bool?)null, (EvalDecisionDetails?)null), (top.AllowedByPermissionsBoundary, top.AllowedByOrganizations, top.EvalDecisionDetails));
        Assert.Equal((false, (string?)null), (result.IsTruncated, result.Marker));
        Assert.Throws<FormatException>(() => SimulationJson.ReadResult("""{"EvaluationResults":[{"EvalActionName":"a","EvalDecision":"denied"}]}"""));
    }

    [Fact]
    public void WriteAnswer_WritesTheResultUnderItsName_OrElseTheErrorInIamsEnvelope()
    {
        static string Write(SimulationResult? result, SimulationError? error)
        {
            using var stream = new MemoryStream();
            using (var writer = new System.Text.Json.Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                SimulationJson.WriteAnswer(writer, "model", result, error);
                writer.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }
        Assert.Equal("""{"error":{"Code":"InvalidInput","Message":"Invalid marker for pagination."}}""",
            Write(null, new SimulationError(SimulationError.InvalidInput, "Invalid marker for pagination.")));
        Assert.StartsWith("""{"model":{"EvaluationResults":[]""", Write(new SimulationResult([]), null));
        var neither = Assert.Throws<ArgumentException>(() => Write(null, null));
        Assert.Equal(("error", "an answer needs a result or an error (Parameter 'error')"), (neither.ParamName, neither.Message));
    }

    [Fact]
    public void SimulationInput_ReadingError_IsPlacedAtTheMemberItNames()
    {
        var (input, problem) = SimulationInput.Read("{\n  " + Minimal + ",\n  \"MaxItems\": \"5\"\n}");
        Assert.Null(input);
        Assert.Equal(new InputProblem("must be an integer", "$.MaxItems", new TextPosition(3, 3)), problem);
        Assert.Equal("$.MaxItems (line 3, column 3): must be an integer", problem!.ToString());

        (_, problem) = SimulationInput.Read("[1]");
        Assert.Equal(("the input must be a JSON object", "$", (TextPosition?)new TextPosition(1, 1)), (problem!.Message, problem.JsonPath, problem.Position));

        (_, problem) = SimulationInput.Read("{\"PolicyInputList\": [");
        Assert.StartsWith("the input is not valid JSON", problem!.Message);
        Assert.NotNull(problem.Position);
    }

    [Fact]
    public void InputProblem_ToString_NamesWhatIsKnown()
    {
        Assert.Equal("bad", new InputProblem("bad").ToString());
        Assert.Equal("$.ActionNames: bad", new InputProblem("bad", "$.ActionNames").ToString());
        Assert.Equal("$.ActionNames (line 2, column 5): bad", new InputProblem("bad", "$.ActionNames", new TextPosition(2, 5)).ToString());
    }
}

/// <summary>
/// Where in a --cli-input-json document an IAM refusal stands, so that the command line can point at it: a policy that
/// does not parse by its SourcePolicyId, other refusals by the member they start with or by the value they quote.
/// </summary>
public sealed class SimulationInputDescribeTests
{
    private const string Text = """
        {
          "PolicyInputList": ["{}", "{}"],
          "PermissionsBoundaryPolicyInputList": ["{}"],
          "ActionNames": ["ssm:SendCommand", "ec2:RunInstances"],
          "ResourceArns": ["arn:aws:ssm:us-east-1::document/AWS-RunShellScript"],
          "ResourcePolicy": "{}",
          "ContextEntries": [{"ContextKeyName": "aws:SourceVpce", "ContextKeyValues": ["vpce-1"], "ContextKeyType": "string"}]
        }
        """;

    private static SimulationInput Input() => SimulationInput.Read(Text).Input!;

    [Theory]
    [InlineData("PolicyInputList.2 is not a valid policy: ...", "$.PolicyInputList[1]", 2, 29)]
    [InlineData("PolicyInputList.1 is not a valid policy: ...", "$.PolicyInputList[0]", 2, 23)]
    [InlineData("PermissionsBoundaryPolicyInputList.1 is not a valid policy: ...", "$.PermissionsBoundaryPolicyInputList[0]", 3, 42)]
    [InlineData("ResourcePolicy is not a valid policy: ...", "$.ResourcePolicy", 6, 3)]
    [InlineData("ActionNames is required: give at least one action", "$.ActionNames", 4, 3)]
    [InlineData("ResourceHandlingOption \"x\" is not a scenario of ec2:RunInstances", null, null, null)]
    [InlineData("Duplicate context key: \"aws:SourceVpce\"", "$.ContextEntries[0].ContextKeyName", 7, 23)]
    [InlineData("the action \"ec2:RunInstances\" is refused", "$.ActionNames[1]", 4, 38)]
    [InlineData("the resource \"arn:aws:ssm:us-east-1::document/AWS-RunShellScript\" is refused", "$.ResourceArns[0]", 5, 20)]
    [InlineData("Invalid marker for pagination.", null, null, null)]
    public void Describe_PlacesTheRefusalAtWhatItNames(string message, string? jsonPath, int? line, int? column)
    {
        var problem = Input().Describe(new SimulationError(SimulationError.InvalidInput, message));
        Assert.Equal(message, problem.Message);
        Assert.Equal(jsonPath, problem.JsonPath);
        Assert.Equal(line is null ? null : new TextPosition(line.Value, column!.Value), problem.Position);
    }

    [Theory]
    [InlineData("PolicyInputList.3 is not a valid policy: ...")]
    [InlineData("PermissionsBoundaryPolicyInputList.2 is not a valid policy: ...")]
    public void Describe_APolicyTheInputDoesNotHave_IsPlacedNowhere(string message)
    {
        var problem = Input().Describe(new SimulationError(SimulationError.InvalidInput, message));
        Assert.Equal((message, (string?)null, (TextPosition?)null), (problem.Message, problem.JsonPath, problem.Position));
    }

    [Fact]
    public void Describe_TheTenthPolicy_IsNotTakenForTheFirst()
    {
        var text = $$"""{"PolicyInputList": [{{string.Join(", ", Enumerable.Repeat("\"{}\"", 10))}}], "ActionNames": ["ssm:SendCommand"]}""";
        var problem = SimulationInput.Read(text).Input!.Describe(new SimulationError(SimulationError.InvalidInput, "PolicyInputList.10 is not a valid policy: ..."));
        Assert.Equal("$.PolicyInputList[9]", problem.JsonPath);
        Assert.Equal(new TextPosition(1, 76), problem.Position);
    }

    [Fact]
    public void Describe_KnownJsonPath_IsUsedAsItIs()
    {
        var problem = Input().Describe(new SimulationError(SimulationError.ValidationError, "1 validation error detected") { JsonPath = "$.ActionNames[1]" });
        Assert.Equal(("$.ActionNames[1]", (TextPosition?)new TextPosition(4, 38)), (problem.JsonPath, problem.Position));
        Assert.Equal(new TextPosition(2, 3), Input().Locate("$.PolicyInputList"));
        Assert.Null(Input().Locate("$.MaxItems"));
    }
}
