using FlowDocs.Studio.Api;
using FlowDocs.Studio.Logic;

namespace FlowDocs.Studio.Tests.Units;

public sealed class StudioLogicTests
{
    [Fact]
    public void Document_query_sends_only_the_filters_that_are_set_escaped()
    {
        Assert.Equal("api/documents?sort=updated&pageSize=25", new DocumentQuery().ToPath());
        Assert.Equal(
            "api/documents?q=a%26b%20c&status=InReview&sort=updated&pageSize=10&cursor=abc%3D",
            new DocumentQuery(" a&b c ", "InReview", "abc=", 10).ToPath());
        Assert.Equal(["Draft", "InReview", "Approved", "Rejected", "Archived"], DocumentQuery.Statuses);
    }

    [Theory]
    [InlineData(InboxTab.Mine, "Assigned")]
    [InlineData(InboxTab.MyRoles, "Candidate")]
    [InlineData(InboxTab.Overdue, "Overdue")]
    public void Inbox_tabs_map_to_the_api_views(InboxTab tab, string view)
    {
        var query = new InboxQuery(tab, "High", "Priority", 2, 20);

        Assert.Equal(view, query.View);
        Assert.Equal($"api/tasks?view={view}&priority=High&sort=Priority&page=2&pageSize=20", query.ToPath());
    }

    [Fact]
    public void An_unknown_inbox_tab_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InboxQuery((InboxTab)42).View);
    }

    private static TaskItem Task(string status, string? assignee, params string[] outcomes) => new(
        Guid.NewGuid(), Guid.NewGuid(), 1, "Review", null, assignee, new TaskCandidates(["Reviewer"], []), status, "Normal", null, false,
        outcomes, null, null, "someone", DateTimeOffset.UnixEpoch, null, null);

    [Fact]
    public void Task_buttons_follow_the_task_rules()
    {
        Assert.True(TaskActions.CanClaim(Task("Open", null)));
        Assert.False(TaskActions.CanClaim(Task("Open", "u1")));
        Assert.False(TaskActions.CanClaim(Task("Claimed", "u1")));

        Assert.True(TaskActions.CanComplete(Task("Open", null), "u1"));
        Assert.True(TaskActions.CanComplete(Task("Claimed", "u1"), "u1"));
        Assert.False(TaskActions.CanComplete(Task("Claimed", "u2"), "u1"));
        Assert.False(TaskActions.CanComplete(Task("Completed", "u1"), "u1"));
        Assert.False(TaskActions.CanComplete(Task("Cancelled", null), "u1"));

        Assert.Equal(["Done"], TaskActions.Outcomes(Task("Open", null)));
        Assert.Equal(["Approve", "Reject"], TaskActions.Outcomes(Task("Open", null, "Approve", "Reject")));
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(5L * 1024 * 1024 * 1024, "5 GiB")]
    public void Sizes_read_like_people_write_them(long bytes, string text) => Assert.Equal(text, Sizes.Format(bytes));

    [Fact]
    public void The_api_address_prefers_plain_http_on_loopback()
    {
        Assert.Equal(new Uri("http://localhost:5000"), StudioApiAddress.Pick(["https://+:5001", "http://+:5000"]));
        Assert.Equal(new Uri("http://127.0.0.1:8080"), StudioApiAddress.Pick(["http://0.0.0.0:8080"]));
        Assert.Equal(new Uri("http://[::1]:8080"), StudioApiAddress.Pick(["http://[::]:8080"]));
        Assert.Equal(new Uri("http://localhost:8080"), StudioApiAddress.Pick(["http://*:8080"]));
        Assert.Equal(new Uri("https://localhost:5001"), StudioApiAddress.Pick(["https://localhost:5001"]));
        Assert.Null(StudioApiAddress.Pick(["not a url"]));
        Assert.Null(StudioApiAddress.Pick([]));
    }

    [Fact]
    public void Only_the_authentication_cookie_and_its_chunks_go_to_the_api()
    {
        Assert.Equal(
            "flowdocs=chunks-2; flowdocsC1=abc; flowdocsC2=def",
            StudioSession.AuthenticationCookies(
                [new("flowdocs.antiforgery", "x"), new("flowdocs", "chunks-2"), new("flowdocsC1", "abc"), new("flowdocsC2", "def"), new("flowdocsCx", "no"), new("other", "y")],
                StudioSession.CookieName));
        Assert.Null(StudioSession.AuthenticationCookies([new("other", "y")], StudioSession.CookieName));
    }

    [Fact]
    public async Task Progress_stream_reports_every_byte_read_and_refuses_writes()
    {
        var reported = new List<long>();
        await using var stream = new ProgressStream(new MemoryStream(new byte[10]), reported.Add);
        var buffer = new byte[4];

        Assert.Equal(4, await stream.ReadAsync(buffer, TestContext.Current.CancellationToken));
        Assert.Equal(4, stream.Read(buffer, 0, 4));
        Assert.Equal(2, await stream.ReadAsync(buffer.AsMemory(), TestContext.Current.CancellationToken));
        Assert.Equal(0, await stream.ReadAsync(buffer.AsMemory(), TestContext.Current.CancellationToken));

        Assert.Equal([4L, 8L, 10L], reported);
        Assert.Equal(10, stream.Position);
        Assert.Equal(10, stream.Length);
        Assert.True(stream.CanRead);
        Assert.False(stream.CanSeek || stream.CanWrite);
        Assert.Throws<NotSupportedException>(() => stream.Write(buffer, 0, 1));
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
        Assert.Throws<NotSupportedException>(() => stream.SetLength(1));
        Assert.Throws<NotSupportedException>(() => stream.Position = 0);
        stream.Flush();
    }
}
