using System.Collections.Immutable;
using Conformance.Model.Evaluation;
using Conformance.Model.Policies;
using Conformance.Model.SendCommand;

namespace Conformance.Offline.Tests.SendCommand;

/// <summary>
/// The four example policies of "Setting up Run Command"
/// (https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command-setting-up.html), each with the decisions the
/// page documents: tagged, untagged and wrongly tagged nodes, AWS-owned documents in listed and unlisted regions, and the
/// direct call versus the leg Systems Manager performs on the caller's behalf.
/// </summary>
public sealed class RunCommandSetupExamplesTests
{
    private const string Account = "111122223333";

    // Example 1 ("Restricting Run Command access based on tags"): any document; instances tagged Finance=WebServers.
    private const string FinanceWebServersPolicy = """
        {
           "Version":"2012-10-17",
           "Statement":[
              {
                 "Effect":"Allow",
                 "Action":[ "ssm:SendCommand" ],
                 "Resource":[ "arn:aws:ssm:*:*:document/*" ]
              },
              {
                 "Effect":"Allow",
                 "Action":[ "ssm:SendCommand" ],
                 "Resource":[ "arn:aws:ec2:*:*:instance/*" ],
                 "Condition":{ "StringLike":{ "ssm:resourceTag/Finance":[ "WebServers" ] } }
              }
           ]
        }
        """;

    // Example 2: nodes need both tags (two keys in one StringLike block); AWS-* documents in us-west-1 and us-east-2.
    private const string BothTagsPolicy = """
        {
           "Version":"2012-10-17",
           "Statement":[
              {
                 "Effect":"Allow",
                 "Action":[ "ssm:SendCommand" ],
                 "Resource":"*",
                 "Condition":{
                    "StringLike":{
                       "ssm:resourceTag/tag_key1":[ "tag_value1" ],
                       "ssm:resourceTag/tag_key2":[ "tag_value2" ]
                    }
                 }
              },
              {
                 "Effect":"Allow",
                 "Action":[ "ssm:SendCommand" ],
                 "Resource":[ "arn:aws:ssm:us-west-1::document/AWS-*", "arn:aws:ssm:us-east-2::document/AWS-*" ]
              },
              {
                 "Effect":"Allow",
                 "Action":[ "ssm:UpdateInstanceInformation", "ssm:ListCommands", "ssm:ListCommandInvocations", "ssm:GetDocument" ],
                 "Resource":"*"
              }
           ]
        }
        """;

    // Example 3: either group of tagged nodes (one tag per statement).
    private const string EitherTagPolicy = """
        {
           "Version":"2012-10-17",
           "Statement":[
              {
                 "Effect":"Allow",
                 "Action":[ "ssm:SendCommand" ],
                 "Resource":"*",
                 "Condition":{ "StringLike":{ "ssm:resourceTag/tag_key1":[ "tag_value1" ] } }
              },
              {
                 "Effect":"Allow",
                 "Action":[ "ssm:SendCommand" ],
                 "Resource":"*",
                 "Condition":{ "StringLike":{ "ssm:resourceTag/tag_key2":[ "tag_value2" ] } }
              },
              {
                 "Effect":"Allow",
                 "Action":[ "ssm:SendCommand" ],
                 "Resource":[ "arn:aws:ssm:us-west-1::document/AWS-*", "arn:aws:ssm:us-east-2::document/AWS-*" ]
              },
              {
                 "Effect":"Allow",
                 "Action":[ "ssm:UpdateInstanceInformation", "ssm:ListCommands", "ssm:ListCommandInvocations", "ssm:GetDocument" ],
                 "Resource":"*"
              }
           ]
        }
        """;

    // Example 4 (current page, first paragraph): a global condition key (aws:SourceVpce) on SendCommand must be paired
    // with a statement accepting aws:ViaAWSService = true. Note the page's own spelling "ssm:Sendcommand".
    private const string VpceAndViaAwsServicePolicy = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": ["ssm:SendCommand"],
              "Resource": ["arn:aws:ssm:us-east-2:111122223333:document/YourDocument"],
              "Condition": { "StringEquals": { "aws:SourceVpce": ["vpce-example1234"] } }
            },
            {
              "Effect": "Allow",
              "Action": ["ssm:Sendcommand"],
              "Resource": ["arn:aws:ssm:us-east-2:111122223333:document/YourDocument"],
              "Condition": { "Bool": {"aws:ViaAWSService": "true"} }
            }
          ]
        }
        """;

    private static readonly Fleet Fleet = new(
    [
        Node("i-0000000000000a001", ("Finance", "WebServers")),
        Node("i-0000000000000a002"),
        Node("i-0000000000000a003", ("Finance", "WebServer")),
        Node("mi-0000000000000a004", ("Finance", "WebServers")),
        Node("i-0000000000000b001", ("tag_key1", "tag_value1"), ("tag_key2", "tag_value2")),
        Node("i-0000000000000b002", ("tag_key1", "tag_value1")),
        Node("i-0000000000000b003", ("tag_key2", "tag_value2")),
        Node("i-0000000000000b004", ("tag_key1", "other")),
        Node("i-0000000000000c001", ("finance", "WebServers")),
    ]);

    private static ManagedNode Node(string id, params (string Key, string Value)[] tags) =>
        new(id, "us-east-2", Account, [.. tags.Select(t => new Tag(t.Key, t.Value))]);

    private static PolicySet Policies(params string[] texts) =>
        new([.. texts.Select(t => PolicyParser.Parse(t).GetValueOrThrow("example policy"))]);

    private static SendCommandRequest Call(DocumentReference document, string[] instanceIds, string region = "us-east-2", CallerNetwork? network = null) =>
        new("aws", region, Account, document, new Targeting.ByInstanceIds([.. instanceIds]), Fleet,
            new CallerContext(network ?? new CallerNetwork.PublicEndpoint("203.0.113.10")));

    private static readonly DocumentReference RunShellScript = new DocumentReference.AwsOwned("AWS-RunShellScript");
    private static readonly DocumentReference OwnDocument = new DocumentReference.Owned("YourDocument");

    // Example 1: "If the user sends a command to a node that isn't tagged or that has any tag other than Finance: WebServer,
    // the execution results show AccessDenied" (run-command-setting-up.html, "Restricting Run Command access based on tags").
    [Theory]
    [InlineData("i-0000000000000a001", true)]   // tagged Finance=WebServers (the JSON's value)
    [InlineData("mi-0000000000000a004", false)] // a managed node: its ARN is ssm:...:managed-instance/, not ec2:...:instance/
    [InlineData("i-0000000000000a002", false)]  // untagged
    [InlineData("i-0000000000000a003", false)]  // wrongly tagged: the prose's "WebServer" is not the JSON's "WebServers"
    public void Authorize_FinanceWebServersPolicy_AllowsOnlyNodesTaggedAsTheJsonSays(string instanceId, bool allowed)
    {
        var decision = SendCommandAuthorizer.Authorize(Policies(FinanceWebServersPolicy), Call(OwnDocument, [instanceId]));
        Assert.Equal(allowed, decision.Allowed);
        if (!allowed)
        {
            Assert.Equal(instanceId, decision.FirstDenied!.Value.Check.ResourceArn.Split('/')[^1]);
            Assert.Equal(EvalDecision.ImplicitDeny, decision.FirstDenied.Value.Decision.Decision);
        }
    }

    // Condition key names, tag-key part included, are case-insensitive (reference_policies_elements_condition.html,
    // "The condition block"): a node tagged "finance" satisfies ssm:resourceTag/Finance.
    [Fact]
    public void Authorize_FinanceWebServersPolicy_TagKeyCaseIsFolded()
    {
        var decision = SendCommandAuthorizer.Authorize(Policies(FinanceWebServersPolicy), Call(OwnDocument, ["i-0000000000000c001"]));
        Assert.True(decision.Allowed, decision.Explain());
    }

    // Example 2: "If a user sends a command to a node that isn't tagged with both of these tags, the execution results
    // show AccessDenied"; documents: AWS-* in us-west-1 and us-east-2 only.
    [Theory]
    [InlineData("i-0000000000000b001", true)]
    [InlineData("i-0000000000000b002", false)]
    [InlineData("i-0000000000000b003", false)]
    [InlineData("i-0000000000000b004", false)]
    [InlineData("i-0000000000000a002", false)]
    public void Authorize_BothTagsPolicy_NodeNeedsBothTags(string instanceId, bool allowed)
    {
        var decision = SendCommandAuthorizer.Authorize(Policies(BothTagsPolicy), Call(RunShellScript, [instanceId]));
        Assert.Equal(allowed, decision.Allowed);
    }

    // Example 3: "allows the user to run commands on either group of tagged nodes, or both groups".
    [Theory]
    [InlineData(new[] { "i-0000000000000b001" }, true)]
    [InlineData(new[] { "i-0000000000000b002" }, true)]
    [InlineData(new[] { "i-0000000000000b003" }, true)]
    [InlineData(new[] { "i-0000000000000b002", "i-0000000000000b003" }, true)]
    [InlineData(new[] { "i-0000000000000b004" }, false)]
    [InlineData(new[] { "i-0000000000000b002", "i-0000000000000a002" }, false)]
    public void Authorize_EitherTagPolicy_EitherGroupSuffices(string[] instanceIds, bool allowed)
    {
        var decision = SendCommandAuthorizer.Authorize(Policies(EitherTagPolicy), Call(RunShellScript, instanceIds));
        Assert.Equal(allowed, decision.Allowed);
    }

    // Examples 2 and 3 allow AWS-owned documents ("arn:aws:ssm:us-west-1::document/AWS-*", empty account field) in the two
    // listed regions only; the node statement (Resource "*", tag condition) cannot allow an untagged document.
    [Theory]
    [InlineData("us-east-2", "AWS-RunShellScript", true)]
    [InlineData("us-west-1", "AWS-RunPowerShellScript", true)]
    [InlineData("eu-west-1", "AWS-RunShellScript", false)]
    [InlineData("us-east-2", "Custom-RunShellScript", false)]
    public void Authorize_AwsOwnedDocument_AllowedOnlyInListedRegions(string region, string documentName, bool allowed)
    {
        var node = new ManagedNode("i-0000000000000d001", region, Account, [new Tag("tag_key1", "tag_value1"), new Tag("tag_key2", "tag_value2")]);
        var request = new SendCommandRequest("aws", region, Account, new DocumentReference.AwsOwned(documentName),
            new Targeting.ByInstanceIds([node.InstanceId]), new Fleet([node]), new CallerContext(new CallerNetwork.PublicEndpoint("203.0.113.10")));
        foreach (var policy in new[] { BothTagsPolicy, EitherTagPolicy })
        {
            var decision = SendCommandAuthorizer.Authorize(Policies(policy), request);
            Assert.Equal(allowed, decision.Allowed);
            if (!allowed)
            {
                Assert.Equal("document", decision.FirstDenied!.Value.Check.ResourceKind);
            }
        }
    }

    // A document of the caller's own account has the account in its ARN, so the empty-account AWS-* entries never match it.
    [Fact]
    public void Authorize_OwnAccountDocumentNamedAwsStar_IsNotAnAwsOwnedDocument()
    {
        var decision = SendCommandAuthorizer.Authorize(Policies(BothTagsPolicy),
            Call(new DocumentReference.Owned("AWS-RunShellScript"), ["i-0000000000000b001"]));
        Assert.False(decision.Allowed);
        Assert.Equal($"arn:aws:ssm:us-east-2:{Account}:document/AWS-RunShellScript", decision.FirstDenied!.Value.Check.ResourceArn);
    }

    // Example 4: "If you use any global condition keys for the SendCommand action in your IAM policies, you must include
    // the aws:ViaAWSService condition key and set the boolean value to true" (run-command-setting-up.html, introduction).
    [Fact]
    public void Expand_VpceAndViaAwsServicePolicy_DirectLegAllowedThroughEndpointAndServiceLegByViaAwsService()
    {
        var policies = Policies(VpceAndViaAwsServicePolicy);
        var request = Call(OwnDocument, ["i-0000000000000a001"], network: new CallerNetwork.VpcEndpoint("vpce-example1234"));
        var checks = SendCommandAuthorizer.Expand(request);
        var direct = checks.Single(c => c.Leg == Leg.Direct && c.ResourceKind == "document");
        var service = checks.Single(c => c.Leg == Leg.SystemsManager);

        Assert.Equal(EvalDecision.Allowed, PolicyEvaluator.Evaluate(policies, direct.Request).Decision);
        var serviceDecision = PolicyEvaluator.Evaluate(policies, service.Request);
        Assert.Equal(EvalDecision.Allowed, serviceDecision.Decision);
        Assert.Equal(2, serviceDecision.MatchedStatements.Single().Statement.Index + 1);
    }

    // The same page's warning, seen from the other side: without the aws:ViaAWSService statement, the leg Systems Manager
    // performs with the caller's credentials carries no aws:SourceVpce and is denied.
    [Fact]
    public void Authorize_VpceOnlyPolicy_DeniedOnTheSystemsManagerLeg()
    {
        const string vpceOnly = """
            {
              "Version": "2012-10-17",
              "Statement": [
                { "Effect": "Allow", "Action": "ssm:SendCommand", "Resource": "arn:aws:ec2:*:*:instance/*" },
                {
                  "Effect": "Allow",
                  "Action": ["ssm:SendCommand"],
                  "Resource": ["arn:aws:ssm:us-east-2:111122223333:document/YourDocument"],
                  "Condition": { "StringEquals": { "aws:SourceVpce": ["vpce-example1234"] } }
                }
              ]
            }
            """;
        var request = Call(OwnDocument, ["i-0000000000000a001"], network: new CallerNetwork.VpcEndpoint("vpce-example1234"));
        var decision = SendCommandAuthorizer.Authorize(Policies(vpceOnly), request);
        Assert.False(decision.Allowed);
        Assert.Equal(Leg.SystemsManager, decision.FirstDenied!.Value.Check.Leg);
        Assert.Contains("aws:SourceVpce", decision.FirstDenied.Value.Decision.MissingContextValues);

        var withServiceLeg = SendCommandAuthorizer.Authorize(Policies(vpceOnly, VpceAndViaAwsServicePolicy), request);
        Assert.True(withServiceLeg.Allowed, withServiceLeg.Explain());
    }

    // The direct leg from outside the endpoint fails: aws:SourceVpce is absent on calls over the public endpoint
    // (reference_policies_condition-keys.html#condition-keys-sourcevpce).
    [Fact]
    public void Authorize_VpceAndViaAwsServicePolicy_PublicEndpointCallDeniedAtTheDocument()
    {
        var policies = Policies(VpceAndViaAwsServicePolicy, FinanceWebServersPolicy.Replace("arn:aws:ssm:*:*:document/*", "arn:aws:ssm:*:*:document/None"));
        var decision = SendCommandAuthorizer.Authorize(policies, Call(OwnDocument, ["i-0000000000000a001"]));
        Assert.False(decision.Allowed);
        Assert.Equal(Leg.Direct, decision.FirstDenied!.Value.Check.Leg);
        Assert.Equal("document", decision.FirstDenied.Value.Check.ResourceKind);
    }

    // Tag targets select nodes by tag:<Key> with values (OR) and several targets together (AND); every selected node is
    // authorized, so one wrongly tagged node denies the whole call.
    [Fact]
    public void Authorize_TagTargets_EveryTargetedNodeIsChecked()
    {
        var policies = Policies(FinanceWebServersPolicy);
        var targets = new Targeting.ByTargets([new Target("tag:Finance", ["WebServers", "WebServer"])]);
        var request = Call(OwnDocument, ["i-0000000000000a001"]) with { Targeting = targets };
        var nodes = SendCommandAuthorizer.TargetedNodes(request).Select(n => n.InstanceId).ToList();
        Assert.Equal(["i-0000000000000a001", "i-0000000000000a003", "mi-0000000000000a004"], nodes);
        var decision = SendCommandAuthorizer.Authorize(policies, request);
        Assert.False(decision.Allowed);
        Assert.EndsWith("i-0000000000000a003", decision.FirstDenied!.Value.Check.ResourceArn);
    }

    // An instance the fleet does not know has unknown tags: the scenario refuses to guess.
    [Fact]
    public void Expand_UnknownInstanceId_IsAnExplicitError()
    {
        var error = Assert.Throws<SendCommandInputException>(() => SendCommandAuthorizer.Expand(Call(OwnDocument, ["i-00000000000000fff"])));
        Assert.Contains("i-00000000000000fff", error.Message);
    }

    // Each check can be put to SimulateCustomPolicy as it is: the node's tags travel as both tag keys.
    [Fact]
    public void ToSimulationRequest_NodeCheck_CarriesBothTagKeysAndTheNetworkKey()
    {
        var request = Call(OwnDocument, ["i-0000000000000a001"]);
        var node = SendCommandAuthorizer.Expand(request).Single(c => c.ResourceKind == "instance");
        var simulation = node.ToSimulationRequest(new PolicyTexts([FinanceWebServersPolicy]));
        var keys = simulation.ContextEntries.Select(e => e.ContextKeyName).ToImmutableHashSet();
        Assert.Contains("ssm:resourceTag/Finance", keys);
        Assert.Contains("aws:ResourceTag/Finance", keys);
        Assert.Contains("aws:SourceIp", keys);
        Assert.Equal(new[] { node.ResourceArn }, simulation.ResourceArns.ToArray());
    }
}
