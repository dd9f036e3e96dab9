using Conformance.Model.Simulation;

namespace Conformance.Offline.Tests.Recorded;

/// <summary>
/// Where live IAM refused a request with a message, the model refuses it with the same message, word for word: the
/// fixtures compare only the error code, and a user who meets the model's refusal should meet the words IAM would use.
/// The one declared exception is a policy that does not parse: IAM says only "Policy input list item 1 has invalid
/// content" (recorded simulation.json:invalid_policy_version), while the model names every error with its JSON path,
/// line and column, under IAM's SourcePolicyId (PolicyInputList.1), which the command line uses to point at the policy.
/// </summary>
public sealed class RecordedErrorMessageTests
{
    [Fact]
    public void EveryRecordedRefusalWithAMessage_IsRefusedWithTheSameMessage()
    {
        var refusals = RecordedAnswers.Load().Where(a => !string.IsNullOrEmpty(a.ErrorMessage)).ToList();
        Assert.True(refusals.Count >= 25, $"{refusals.Count} recorded refusals with a message");
        var compared = 0;
        foreach (var answer in refusals)
        {
            var outcome = ModelSimulator.Simulate(answer.Request);
            Assert.True(outcome.Error is not null, $"{answer}: IAM answered the error {answer.ErrorCode} \"{answer.ErrorMessage}\"; the model answered with decisions");
            Assert.Equal(answer.ErrorCode, outcome.Error.Code);
            if (answer.ErrorMessage!.StartsWith("Policy input list item ", StringComparison.Ordinal))
            {
                Assert.StartsWith("PolicyInputList.1 is not a valid policy: ", outcome.Error.Message);
                continue;
            }
            // AWS's messages were recorded with the trailing space some of them carry.
            Assert.True(answer.ErrorMessage.TrimEnd() == outcome.Error.Message.TrimEnd(),
                $"{answer}: IAM answered \"{answer.ErrorMessage}\"; the model answered \"{outcome.Error.Message}\"");
            compared++;
        }
        Assert.Equal(refusals.Count - 1, compared);
    }
}
