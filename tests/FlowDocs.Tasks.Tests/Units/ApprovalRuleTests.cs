using FlowDocs.Tasks.WorkflowActivities;
using FlowDocs.Workflows.Expressions;

namespace FlowDocs.Tasks.Tests.Units;

public sealed class ApprovalRuleTests
{
    [Theory]
    [InlineData(3, 0, 0, ApprovalDecision.Pending)]
    [InlineData(3, 2, 0, ApprovalDecision.Pending)]
    [InlineData(3, 3, 0, ApprovalDecision.Approved)]
    [InlineData(3, 2, 1, ApprovalDecision.Rejected)]
    [InlineData(3, 0, 1, ApprovalDecision.Rejected)]
    public void All_needs_every_reviewer_and_one_rejection_decides(int reviewers, int approvals, int rejections, ApprovalDecision expected) =>
        Assert.Equal(expected, ApprovalRule.For(ApprovalMode.All, null, reviewers).Decide(reviewers, approvals, rejections));

    [Theory]
    [InlineData(3, 1, 0, ApprovalDecision.Approved)]
    [InlineData(3, 0, 2, ApprovalDecision.Pending)]
    [InlineData(3, 0, 3, ApprovalDecision.Rejected)]
    [InlineData(3, 1, 2, ApprovalDecision.Approved)]
    public void Any_needs_one_approval_and_rejects_only_when_everyone_rejected(int reviewers, int approvals, int rejections, ApprovalDecision expected) =>
        Assert.Equal(expected, ApprovalRule.For(ApprovalMode.Any, null, reviewers).Decide(reviewers, approvals, rejections));

    [Theory]
    [InlineData("2", 3, 2)]
    [InlineData("60%", 3, 2)]
    [InlineData("50%", 4, 2)]
    [InlineData("1%", 4, 1)]
    [InlineData("100%", 5, 5)]
    [InlineData(" 3 ", 5, 3)]
    public void Quorum_is_a_count_or_a_percentage_rounded_up(string quorum, int reviewers, int required) =>
        Assert.Equal(required, ApprovalRule.For(ApprovalMode.Quorum, quorum, reviewers).Required);

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("150%")]
    [InlineData("two")]
    [InlineData("4")]
    public void An_invalid_or_unreachable_quorum_is_refused_with_the_reason(string quorum)
    {
        var ex = Assert.Throws<ExpressionException>(() => ApprovalRule.For(ApprovalMode.Quorum, quorum, 3));
        Assert.Contains("quorum", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(2, 0, ApprovalDecision.Pending)]
    [InlineData(2, 1, ApprovalDecision.Pending)]
    [InlineData(1, 3, ApprovalDecision.Rejected)]
    [InlineData(3, 2, ApprovalDecision.Approved)]
    public void Quorum_rejects_as_soon_as_it_can_no_longer_be_reached(int approvals, int rejections, ApprovalDecision expected) =>
        Assert.Equal(expected, ApprovalRule.For(ApprovalMode.Quorum, "3", 5).Decide(5, approvals, rejections));
}
