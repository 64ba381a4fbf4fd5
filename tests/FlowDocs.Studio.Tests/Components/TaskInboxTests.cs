using AngleSharp.Dom;
using Bunit;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace FlowDocs.Studio.Tests.Components;

public sealed class TaskInboxTests : StudioTestContext
{
    private static IElement Button(IRenderedComponent<TaskInbox> page, string text) =>
        page.FindAll("button").First(b => b.TextContent.Trim() == text);

    [Fact]
    public void Opens_on_my_tasks_and_each_tab_asks_the_api_for_its_view()
    {
        Api.Tasks.AddRange([FakeStudioApi.NewTask("Held by me", "me"), FakeStudioApi.NewTask("Offered", null), FakeStudioApi.NewTask("Late", "me", overdue: true)]);

        var page = Render<TaskInbox>();

        page.WaitForAssertion(() => Assert.Contains("Held by me", page.Find("[data-testid=inbox]").TextContent));
        Assert.DoesNotContain("Offered", page.Find("[data-testid=inbox]").TextContent);

        Button(page, "My roles").Click();
        page.WaitForAssertion(() => Assert.Contains("Offered", page.Find("[data-testid=inbox]").TextContent));
        Assert.DoesNotContain("Held by me", page.Find("[data-testid=inbox]").TextContent);

        Button(page, "Overdue").Click();
        page.WaitForAssertion(() => Assert.DoesNotContain("Offered", page.Find("[data-testid=inbox]").TextContent));
        Assert.Contains("overdue", page.Find("[data-testid=inbox]").TextContent);

        Assert.Equal(
            ["view=Assigned", "view=Candidate", "view=Overdue"],
            Api.Calls.Where(c => c.StartsWith("api/tasks", StringComparison.Ordinal)).Select(c => c.Split('?')[1].Split('&')[0]));
    }

    [Fact]
    public async Task Priority_and_sort_filters_go_to_the_api()
    {
        var page = Render<TaskInbox>();
        var selects = page.FindComponents<MudSelect<string>>();

        await page.InvokeAsync(() => selects.Single(s => s.Instance.Label == "Priority").Instance.ValueChanged.InvokeAsync("Urgent"));
        await page.InvokeAsync(() => selects.Single(s => s.Instance.Label == "Sort by").Instance.ValueChanged.InvokeAsync("Created"));

        Assert.Contains("api/tasks?view=Assigned&priority=Urgent&sort=Due&page=1&pageSize=50", Api.Calls);
        Assert.Contains("api/tasks?view=Assigned&priority=Urgent&sort=Created&page=1&pageSize=50", Api.Calls);
    }

    [Fact]
    public void Claiming_an_offered_task_moves_it_to_mine()
    {
        var offered = FakeStudioApi.NewTask("Offered", null);
        Api.Tasks.Add(offered);
        var page = Render<TaskInbox>();
        Button(page, "My roles").Click();

        page.WaitForAssertion(() => Button(page, "Claim").Click());

        page.WaitForAssertion(() => Assert.Contains($"claim {offered.Id}", Api.Calls));
        page.WaitForAssertion(() => Assert.DoesNotContain("Offered", page.Find("[data-testid=inbox]").TextContent));
        Button(page, "Mine").Click();
        page.WaitForAssertion(() => Assert.Contains("Offered", page.Find("[data-testid=inbox]").TextContent));
    }

    [Fact]
    public async Task Completing_asks_for_an_outcome_and_sends_it_with_the_comment()
    {
        var review = FakeStudioApi.NewTask("Review v2", "me", "Claimed", outcomes: ["Approve", "Reject"]);
        Api.Tasks.Add(review);
        var page = Render<TaskInbox>();

        page.WaitForAssertion(() => Button(page, "Complete").Click());
        var form = page.Find("[data-testid=complete-form]");
        Assert.Contains("Review v2", form.TextContent);
        Assert.True(Button(page, "Complete task").HasAttribute("disabled"));

        var outcome = page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Outcome");
        await page.InvokeAsync(() => outcome.Instance.ValueChanged.InvokeAsync("Reject"));
        var comment = page.FindComponents<MudTextField<string>>().Single(s => s.Instance.Label == "Comment");
        await page.InvokeAsync(() => comment.Instance.ValueChanged.InvokeAsync("Page 3 is wrong"));
        Button(page, "Complete task").Click();

        page.WaitForAssertion(() => Assert.Contains($"complete {review.Id} Reject Page 3 is wrong", Api.Calls));
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=complete-form]")));
        Assert.DoesNotContain("Review v2", page.Find("[data-testid=inbox]").TextContent);
    }

    [Fact]
    public void A_task_with_one_outcome_is_completed_with_it()
    {
        var mine = FakeStudioApi.NewTask("Sign", "me", "Claimed");
        Api.Tasks.Add(mine);
        var page = Render<TaskInbox>();

        page.WaitForAssertion(() => Button(page, "Complete").Click());
        Button(page, "Complete task").Click();

        page.WaitForAssertion(() => Assert.Contains($"complete {mine.Id} Done ", Api.Calls));
    }

    [Fact]
    public void An_api_refusal_is_shown_in_its_words()
    {
        var offered = FakeStudioApi.NewTask("Offered", null);
        Api.Tasks.Add(offered);
        var page = Render<TaskInbox>();
        Button(page, "My roles").Click();
        Api.Failure = new StudioApiException(409, "Someone else holds the task.");

        page.WaitForAssertion(() => Button(page, "Claim").Click());

        page.WaitForAssertion(() => Assert.Equal("Someone else holds the task.", page.Find("[data-testid=error]").TextContent.Trim()));
    }

    [Fact]
    public void An_expired_session_goes_back_to_the_login_page()
    {
        Api.Failure = new StudioApiException(401, "Unauthorized");
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/studio/tasks");

        Render<TaskInbox>();

        Assert.Equal("http://localhost/account/login?returnUrl=%2Fstudio%2Ftasks", navigation.Uri);
    }

    [Fact]
    public void Rows_name_the_document_and_say_when_the_task_is_due()
    {
        var contract = FakeStudioApi.Document("Supplier contract", "InReview") with { CurrentVersionNumber = 2 };
        Api.Documents.Add(contract);
        Api.Tasks.Add(FakeStudioApi.NewTask("Review", "me") with { DocumentId = contract.Id, DocumentVersionNumber = 2, DueAt = Now.AddHours(3) });
        Api.Tasks.Add(FakeStudioApi.NewTask("Sign", "me"));

        var page = Render<TaskInbox>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=inbox] tbody tr").Count));
        var row = page.FindAll("[data-testid=inbox] tbody tr").Single(r => r.TextContent.Contains("Review", StringComparison.Ordinal));
        Assert.Equal("Supplier contract", row.QuerySelector("[data-testid=task-document]")!.TextContent.Trim());
        Assert.Contains(", version 2", row.TextContent, StringComparison.Ordinal);
        var due = row.QuerySelector("[data-testid=due]")!;
        Assert.Equal("due in 3 hours", due.TextContent.Trim());
        Assert.Equal("2026-12-07 15:00 UTC", due.GetAttribute("title"));
        var other = page.FindAll("[data-testid=inbox] tbody tr").Single(r => r.TextContent.Contains("Sign", StringComparison.Ordinal));
        Assert.Contains("a document no longer available", other.TextContent, StringComparison.Ordinal);
        Assert.Contains("no due date", other.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Completing_confirms_what_was_done()
    {
        var contract = FakeStudioApi.Document("Supplier contract", "InReview");
        Api.Documents.Add(contract);
        Api.Tasks.Add(FakeStudioApi.NewTask("Review", "me", "Claimed") with { DocumentId = contract.Id });
        var page = Render<TaskInbox>();

        page.WaitForAssertion(() => Button(page, "Complete").Click());
        Button(page, "Complete task").Click();

        page.WaitForAssertion(() => Assert.Equal(
            "Done: “Review” on Supplier contract is completed with “Done”.", page.Find("[data-testid=completed]").TextContent.Trim()));
        Assert.Equal("Nothing here.", page.Find("[data-testid=inbox] tbody").TextContent.Trim());
    }

    [Theory]
    [InlineData("roles", "view=Candidate")]
    [InlineData("overdue", "view=Overdue")]
    [InlineData(null, "view=Assigned")]
    public void My_work_links_open_the_inbox_on_their_tab(string? show, string view)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("show", show));

        Render<TaskInbox>();

        Assert.StartsWith("api/tasks?" + view + "&", Api.Calls.First(c => c.StartsWith("api/tasks", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_version_refusal_reads_in_words_in_the_inbox()
    {
        var mine = FakeStudioApi.NewTask("Sign", "me", "Claimed");
        Api.Tasks.Add(mine);
        var page = Render<TaskInbox>();
        page.WaitForAssertion(() => Button(page, "Complete").Click());
        Api.Failure = new StudioApiException(409, $"Task {mine.Id} is about version 1, but the document is now at version 2. Review the new version, or complete with confirmNewerVersion=true to decide on the version the task names.");

        Button(page, "Complete task").Click();

        page.WaitForAssertion(() => Assert.StartsWith(
            "The document has a newer version than version 1", page.Find("[data-testid=error]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.DoesNotContain("confirmNewerVersion", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=completed]"));
    }
}
