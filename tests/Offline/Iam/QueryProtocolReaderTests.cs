using Conformance.Iam.Loopback;
using Conformance.Model.Evaluation;
using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Iam;

/// <summary>Query-protocol lists. https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html (Examples)</summary>
public sealed class QueryProtocolReaderTests
{
    private const string Form =
        "Action=SimulateCustomPolicy&Version=2010-05-08" +
        "&PolicyInputList.member.1=%7B%22Version%22%3A%222012-10-17%22%7D" +
        "&ActionNames.member.1=s3%3AListBucket&ActionNames.member.2=s3%3AGetObject" +
        "&ContextEntries.member.1.ContextKeyName=aws%3ATagKeys&ContextEntries.member.1.ContextKeyType=stringList" +
        "&ContextEntries.member.1.ContextKeyValues.member.1=a%20b&ContextEntries.member.1.ContextKeyValues.member.2=c%2Bd" +
        "&ResourceArns=&MaxItems=5";

    [Fact]
    public void Read_ParametersInAnyOrder_SameRequest()
    {
        var pairs = Form.Split('&');
        var reversed = string.Join('&', pairs.Reverse());
        var forward = QueryProtocolReader.Read(QueryProtocolReader.ParseForm(Form).Parameters!).Request!;
        var backward = QueryProtocolReader.Read(QueryProtocolReader.ParseForm(reversed).Parameters!).Request!;

        Assert.Equal(SimulationJson.WriteRequest(forward), SimulationJson.WriteRequest(backward));
        Assert.Equal(["s3:ListBucket", "s3:GetObject"], forward.ActionNames.ToArray());
        Assert.Equal(["a b", "c+d"], forward.ContextEntries.Single().ContextKeyValues.ToArray());
        Assert.Equal(ContextKeyType.StringList, forward.ContextEntries.Single().ContextKeyType);
        Assert.Empty(forward.ResourceArns);
        Assert.Equal(5, forward.MaxItems);
    }

    [Theory]
    [InlineData("&ActionNames.member.4=x", "ValidationError", "ActionNames.member.3 is missing")]
    [InlineData("&PolicyArns.member.1=x", "UnknownParameter", "no parameter \"PolicyArns.member.1\"")]
    [InlineData("&ContextEntries.member.2.ContextKeyName=aws%3Ax&ContextEntries.member.2.ContextKeyType=arn", "ValidationError", "Member must satisfy enum value set")]
    [InlineData("&Version=2010-05-08", "MalformedQueryString", "given twice")]
    public void Read_MalformedLists_RefusedWithTheReason(string extra, string code, string reason)
    {
        var (parameters, formError) = QueryProtocolReader.ParseForm(Form + extra);
        var error = formError ?? QueryProtocolReader.Read(parameters!).Error;

        Assert.Equal(code, error?.Code);
        Assert.Contains(reason, error!.Message);
    }
}
