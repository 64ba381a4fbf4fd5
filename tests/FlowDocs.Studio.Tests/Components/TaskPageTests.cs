using Bunit;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Components.Pages;

namespace FlowDocs.Studio.Tests.Components;

/// <summary>The server-rendered task page: the document named in full, the due date in words, completing by a form post.</summary>
public sealed class TaskPageTests : StudioTestContext
{
    private readonly DocumentItem _contract = FakeStudioApi.Document("Supplier contract", "InReview") with { CurrentVersionNumber = 2 };

    public TaskPageTests()
    {
        Api.People["u-uma"] = "Uma Uploader";
        Api.Documents.Add(_contract);
        Api.Versions.Add(new DocumentVersionItem(Guid.NewGuid(), _contract.Id, 2, null, "ab", 10, "application/pdf", "contract-v2.pdf", null, "Upload", "u-uma", Now.AddHours(-3)));
        Api.Versions.Add(new DocumentVersionItem(Guid.NewGuid(), _contract.Id, 1, null, "cd", 10, "application/pdf", "contract.pdf", null, "Upload", "someone", Now.AddDays(-9)));
    }

    private TaskItem Review(string? assignee = "me", string status = "Claimed") =>
        FakeStudioApi.NewTask("Review the contract", assignee, status, false, "Approve", "Reject") with
        {
            DocumentId = _contract.Id,
            DocumentVersionNumber = 2,
            DueAt = Now.AddDays(2).AddHours(1),
        };

    private static string Squash(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

    [Fact]
    public void Names_the_document_its_version_who_uploaded_it_when_and_when_the_task_is_due()
    {
        var task = Review();
        Api.Tasks.Add(task);

        var page = Render<TaskPage>(p => p.Add(x => x.TaskId, task.Id));

        page.WaitForAssertion(() => Assert.Equal(
            "About Supplier contract, version 2, uploaded by Uma Uploader 3 hours ago", Squash(page.Find("[data-testid=task-document]").TextContent)));
        Assert.Equal($"/studio/documents/{_contract.Id}", page.Find("[data-testid=task-document] a").GetAttribute("href"));
        Assert.Equal("2026-12-07 09:00 UTC", page.Find("[data-testid=task-document] span span").GetAttribute("title"));
        Assert.Equal("due in 2 days", page.Find("[data-testid=task-summary] [data-testid=due]").TextContent.Trim());
        Assert.Equal("2026-12-09 13:00 UTC", page.Find("[data-testid=due]").GetAttribute("title"));
        Assert.DoesNotContain("u-uma", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_holder_decides_with_a_plain_form_post_and_is_told_it_is_done()
    {
        var task = Review();
        Api.Tasks.Add(task);
        var page = Render<TaskPage>(p => p.Add(x => x.TaskId, task.Id));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=outcome]").Count));
        var form = page.Find("[data-testid=complete-form]");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("the-token", form.QuerySelector("input[type=hidden][name=__RequestVerificationToken]")!.GetAttribute("value"));
        Assert.Equal(["Approve", "Reject"], page.FindAll("[data-testid=outcome]").Select(b => b.GetAttribute("value")));
        Assert.All(page.FindAll("[data-testid=outcome]"), b => Assert.Equal("Outcome", b.GetAttribute("name")));

        page.Instance.Outcome = "Approve";
        page.Instance.CompleteComment = "  Fine by me.  ";
        page.Find("[data-testid=complete-form]").Submit();

        page.WaitForAssertion(() => Assert.Equal(
            "Done: you completed this task with “Approve”. It has left your inbox.", page.Find("[data-testid=task-completed]").TextContent.Trim()));
        Assert.Contains($"complete {task.Id} Approve Fine by me.", Api.Calls);
        Assert.Empty(page.FindAll("[data-testid=complete-form]"));
        Assert.Contains("Completed", page.Find("[data-testid=task-summary]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_is_shown_next_to_the_form_and_keeps_the_comment()
    {
        var task = Review();
        Api.Tasks.Add(task);
        var page = Render<TaskPage>(p => p.Add(x => x.TaskId, task.Id));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=outcome]").Count));

        page.Instance.Outcome = "Maybe";
        page.Find("[data-testid=complete-form]").Submit();
        page.WaitForAssertion(() => Assert.Equal("Choose one of the decisions.", page.Find("[data-testid=complete-error]").TextContent.Trim()));

        Api.Failure = new StudioApiException(409, "Someone else completed the task first.");
        page.Instance.Outcome = "Reject";
        page.Instance.CompleteComment = "Clause 7";
        page.Find("[data-testid=complete-form]").Submit();

        page.WaitForAssertion(() => Assert.Equal("Someone else completed the task first.", page.Find("[data-testid=complete-error]").TextContent.Trim()));
        Assert.Equal("Clause 7", page.Find("textarea[name=CompleteComment]").TextContent);
        // The invalid choice was never sent; the refused one was.
        Assert.Equal([$"complete {task.Id} Reject Clause 7"], Api.Calls.Where(c => c.StartsWith("complete ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_task_someone_else_holds_offers_no_decision()
    {
        var task = Review(assignee: "u-uma");
        Api.Tasks.Add(task);

        var page = Render<TaskPage>(p => p.Add(x => x.TaskId, task.Id));

        page.WaitForAssertion(() => Assert.Contains("held by Uma Uploader", page.Find("[data-testid=task-summary]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=complete-form]"));
    }

    [Fact]
    public void A_newer_version_of_the_document_is_explained_without_api_words()
    {
        var task = Review();
        Api.Tasks.Add(task);
        var page = Render<TaskPage>(p => p.Add(x => x.TaskId, task.Id));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=outcome]").Count));
        Api.Failure = new StudioApiException(409,
            $"Task {task.Id} is about version 2, but the document is now at version 3. Review the new version, or complete with confirmNewerVersion=true to decide on the version the task names.");

        page.Instance.Outcome = "Approve";
        page.Find("[data-testid=complete-form]").Submit();

        page.WaitForAssertion(() => Assert.Equal(
            "The document has a newer version than version 2, which this task is about. Open the document and look at the new version first; the task stays open.",
            page.Find("[data-testid=complete-error]").TextContent.Trim()));
        Assert.DoesNotContain("confirmNewerVersion", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(task.Id.ToString(), page.Find("[data-testid=complete-error]").TextContent, StringComparison.Ordinal);
    }
}
