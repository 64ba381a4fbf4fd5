using System.Text.Json.Nodes;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Logic;

namespace FlowDocs.Studio.Tests.Units;

/// <summary>Times in words ("2 hours ago") and what the Needs attention page says about a failure and a retry.</summary>
public sealed class AttentionAndTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(59, "just now")]
    [InlineData(60, "1 minute ago")]
    [InlineData(5 * 60 + 30, "5 minutes ago")]
    [InlineData(3600, "1 hour ago")]
    [InlineData(2 * 3600 + 59 * 60, "2 hours ago")]
    [InlineData(25 * 3600, "yesterday")]
    [InlineData(3 * 86400, "3 days ago")]
    [InlineData(40 * 86400, "on 28 Oct 2026")]
    [InlineData(-30, "in a moment")]
    [InlineData(-2 * 3600, "in 2 hours")]
    [InlineData(-30 * 3600, "tomorrow")]
    [InlineData(-4 * 86400, "in 4 days")]
    public void Times_are_said_the_way_people_say_them(int secondsAgo, string expected) =>
        Assert.Equal(expected, RelativeTime.Of(Now.AddSeconds(-secondsAgo), Now));

    [Fact]
    public void Engine_times_are_utc_and_the_tooltip_is_the_exact_utc_time()
    {
        var twoHoursAgo = new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Unspecified);

        Assert.Equal("2 hours ago", RelativeTime.Of(twoHoursAgo, Now));
        Assert.Equal("2026-12-07 10:00 UTC", RelativeTime.Exact(twoHoursAgo));
        Assert.Equal("2026-12-07 10:00 UTC", RelativeTime.Exact(new DateTimeOffset(2026, 12, 7, 11, 0, 0, TimeSpan.FromHours(1))));
    }

    private static AttentionItem Item(string? activityId, string? activityType, string reason) =>
        new(Summary("Running", "Faulted"), activityId, activityType, reason, DateTime.UtcNow, "/api/workflows/instances/x/retry", Guid.NewGuid(), "Contract");

    private static InstanceSummaryItem Summary(string status, string subStatus) =>
        new(Guid.NewGuid(), "document-approval", 1, "Document approval", status, subStatus, null, DateTime.UnixEpoch, DateTime.UnixEpoch, null);

    [Fact]
    public void The_reason_names_the_step_and_its_kind_as_a_sentence()
    {
        Assert.Equal(
            "The step “review” (Approval) failed: quorum 2 is larger than the 1 reviewers.",
            AttentionText.Reason(Item("review", "FlowDocs.Approval", "quorum 2 is larger than the 1 reviewers")));
        Assert.Equal("The step “WriteLine” failed: Boom!", AttentionText.Reason(Item("WriteLine", "Elsa.WriteLine", " Boom! ")));
        Assert.Equal("The workflow stopped: The instance faulted without an incident.", AttentionText.Reason(Item(null, null, "The instance faulted without an incident.")));
        Assert.Equal("The step “x” failed: no reason was recorded.", AttentionText.Reason(Item("x", null, "")));
    }

    private static InstanceDetailItem After(string status, string subStatus, IReadOnlyList<BookmarkItem>? bookmarks = null, IReadOnlyList<IncidentItem>? incidents = null) =>
        new(Summary(status, subStatus), new Dictionary<string, JsonNode?>(), [], [], bookmarks ?? [], [], incidents ?? [], 0);

    [Fact]
    public void The_outcome_of_a_retry_says_where_the_workflow_now_is()
    {
        var waiting = After("Running", "Suspended", [new BookmarkItem(Guid.NewGuid(), "review", "FlowDocs.UserTask", null, DateTime.UnixEpoch, null, null)]);
        var failed = After("Running", "Faulted", incidents: [new IncidentItem("review", "FlowDocs.Approval", "first", null, DateTime.UnixEpoch), new IncidentItem("review", "FlowDocs.Approval", "still no reviewers", null, DateTime.UnixEpoch)]);

        Assert.Equal("“Document approval” for “Contract” was retried and is running again.", AttentionText.Outcome(After("Running", "Pending"), "Contract"));
        Assert.Equal("“Document approval” was retried and is now waiting at “review”.", AttentionText.Outcome(waiting, null));
        Assert.Equal("“Document approval” was retried and has finished.", AttentionText.Outcome(After("Finished", "Finished"), null));
        Assert.Equal("“Document approval” was retried but failed again: still no reviewers.", AttentionText.Outcome(failed, null));
        Assert.Equal("“Document approval” was retried but has since been cancelled.", AttentionText.Outcome(After("Finished", "Cancelled"), null));
    }
}
