using System.Text.Json.Nodes;
using Bunit;
using FlowDocs.Common.Security;
using FlowDocs.Studio.Api;
using FlowDocs.Studio.Components.Layout;
using FlowDocs.Studio.Components.Pages;

namespace FlowDocs.Studio.Tests.Components;

/// <summary>
/// Issue 18 in the Studio: decisions on the document, task and instance pages (names, "v2", "2 hours ago"), the task's
/// comment thread, and the Needs attention page with its Retry. The two server-rendered pages post plain forms; here
/// their handlers run with the posted value set as the form would set it (the real post: Browser/NoScriptTests).
/// </summary>
public sealed class DecisionsAndAttentionTests : StudioTestContext
{
    public DecisionsAndAttentionTests()
    {
        Api.People["u-ann"] = "Ann Analyst";
        Api.People["u-bob"] = "Bob Reviewer";
        Api.People["u-uma"] = "Uma Uploader";
    }

    private (DocumentItem Document, Guid InstanceId) DocumentWithDecisions()
    {
        var document = FakeStudioApi.Document("Contract", "Approved") with { CurrentVersionNumber = 2 };
        Api.Documents.Add(document);
        var instanceId = Guid.NewGuid();
        Api.Decisions.Add(FakeStudioApi.Decision(document.Id, 2, "Approved", "u-bob", Now.AddHours(-2), "Looks right", instanceId,
            new DecisionVoteItem("u-ann", "Approve", "fine by me", Now.AddHours(-3)), new DecisionVoteItem("u-bob", "Approve", "Looks right", Now.AddHours(-2))));
        Api.Decisions.Add(FakeStudioApi.Decision(document.Id, 1, "Rejected", "u-ann", Now.AddDays(-3), "Clause 7", Guid.NewGuid()));
        return (document, instanceId);
    }

    [Fact]
    public void The_document_page_shows_the_decision_history_by_name_version_and_time()
    {
        var (document, _) = DocumentWithDecisions();

        var page = Render<DocumentPage>(p => p.Add(x => x.DocumentId, document.Id));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=decision]").Count));
        var rows = page.FindAll("[data-testid=decision]");
        Assert.Equal(["v2", "Approved", "Bob Reviewer", "2 hours ago"], rows[0].QuerySelectorAll("td").Take(4).Select(td => td.TextContent.Trim()));
        Assert.Contains("Looks right", rows[0].TextContent);
        Assert.Equal(["Ann Analyst: Approve — “fine by me”", "Bob Reviewer: Approve — “Looks right”"],
            rows[0].QuerySelectorAll("[data-testid=vote]").Select(v => v.TextContent.Split('(')[0].Trim()));
        Assert.Equal(["v1", "Rejected", "Ann Analyst", "3 days ago"], rows[1].QuerySelectorAll("td").Take(4).Select(td => td.TextContent.Trim()));
        Assert.Equal("2026-12-07 10:00 UTC", rows[0].QuerySelector("td:nth-child(4) span")!.GetAttribute("title"));
        Assert.DoesNotContain("u-bob", page.Find("[data-testid=decisions]").TextContent);
        Assert.Contains($"decisions {document.Id} ", Api.Calls);
    }

    [Fact]
    public void An_undecided_document_says_so()
    {
        var document = FakeStudioApi.Document("Draft one", "Draft");
        Api.Documents.Add(document);

        var page = Render<DocumentPage>(p => p.Add(x => x.DocumentId, document.Id));

        page.WaitForAssertion(() => Assert.Equal("No version has been decided on yet.", page.Find("[data-testid=no-decisions]").TextContent.Trim()));
    }

    [Fact]
    public void The_instance_page_shows_the_decision_this_instance_recorded_and_its_document()
    {
        var (document, instanceId) = DocumentWithDecisions();
        var instance = FakeStudioApi.Instance("document-approval", "Finished", "Finished");
        instance = instance with
        {
            Summary = instance.Summary with { Id = instanceId, CorrelationId = document.Id.ToString() },
            Input = new JsonObject { ["documentId"] = document.Id.ToString(), ["versionNumber"] = 2 },
        };
        Api.Instances.Add(instance);

        var page = Render<InstancePage>(p => p.Add(x => x.InstanceId, instanceId));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=decision]")));
        Assert.Equal(["v2", "Approved", "Bob Reviewer", "2 hours ago"], page.Find("[data-testid=decision]").QuerySelectorAll("td").Take(4).Select(td => td.TextContent.Trim()));
        Assert.Equal("Contract", page.Find("[data-testid=instance-document] a").TextContent);
        Assert.Equal($"/studio/documents/{document.Id}", page.Find("[data-testid=instance-document] a").GetAttribute("href"));
    }

    [Fact]
    public void An_instance_that_decided_nothing_says_so_and_one_without_a_document_has_no_decision_section()
    {
        var (document, _) = DocumentWithDecisions();
        var undecided = FakeStudioApi.Instance("document-approval", "Running", "Suspended");
        undecided = undecided with { Summary = undecided.Summary with { CorrelationId = document.Id.ToString() } };
        var plain = FakeStudioApi.Instance("hello", "Finished", "Finished");
        Api.Instances.AddRange([undecided, plain]);

        var first = Render<InstancePage>(p => p.Add(x => x.InstanceId, undecided.Summary.Id));
        var second = Render<InstancePage>(p => p.Add(x => x.InstanceId, plain.Summary.Id));

        first.WaitForAssertion(() => Assert.Equal("This instance has not recorded a decision.", first.Find("[data-testid=no-decisions]").TextContent.Trim()));
        second.WaitForAssertion(() => Assert.Contains("Finished / Finished", second.Find("[data-testid=status]").TextContent));
        Assert.Empty(second.FindAll("[data-testid=instance-document]"));
    }

    private TaskItem ReviewOfVersion2(DocumentItem document, bool withThread = true)
    {
        var task = FakeStudioApi.NewTask("Review version 2", "u-bob", "Completed", false, "Approve", "Reject") with
        {
            DocumentId = document.Id,
            DocumentVersionNumber = 2,
            Outcome = "Approve",
            CompletedBy = "u-bob",
            CompletedAt = Now.AddHours(-2),
            CompletionComment = "Looks right",
        };
        Api.Tasks.Add(task);
        if (withThread)
        {
            Api.Threads[task.Id] = [new TaskCommentItem(Guid.NewGuid(), "u-uma", "Please check clause 7.", Now.AddMinutes(-5))];
        }

        return task;
    }

    [Fact]
    public void The_task_page_shows_the_decisions_on_its_version_and_the_comment_thread_by_name()
    {
        var (document, _) = DocumentWithDecisions();
        var task = ReviewOfVersion2(document);

        var page = Render<TaskPage>(p => p.Add(x => x.TaskId, task.Id));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=comment]")));
        Assert.StartsWith("About Contract, version 2", page.Find("[data-testid=task-document]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("Approve by Bob Reviewer 2 hours ago", page.Find("[data-testid=task-outcome]").TextContent.Replace("\n", " ", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal));
        // Only the decision on the task's version (v2), not the one on v1.
        Assert.Equal(["v2"], page.FindAll("[data-testid=decision] td:first-child").Select(td => td.TextContent.Trim()));
        Assert.Contains($"decisions {document.Id} 2", Api.Calls);
        var comment = page.Find("[data-testid=comment]").TextContent;
        Assert.Contains("Uma Uploader", comment);
        Assert.Contains("5 minutes ago", comment);
        Assert.Contains("Please check clause 7.", comment);
        var form = page.Find("[data-testid=comment-form]");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("the-token", form.QuerySelector("input[type=hidden][name=__RequestVerificationToken]")!.GetAttribute("value"));
        Assert.NotNull(form.QuerySelector("textarea[name=CommentText]"));
        Assert.DoesNotContain("u-uma", page.Markup);
    }

    [Fact]
    public void Posting_the_comment_form_adds_the_comment_and_shows_the_thread_again()
    {
        var (document, _) = DocumentWithDecisions();
        var task = ReviewOfVersion2(document);
        var page = Render<TaskPage>(p => p.Add(x => x.TaskId, task.Id));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=comment]")));

        page.Instance.CommentText = "  Fixed in v3.  ";
        page.Find("[data-testid=comment-form]").Submit();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=comment]").Count));
        Assert.Contains($"comment {task.Id} Fixed in v3.", Api.Calls);
        Assert.Equal("Your comment was added.", page.Find("[data-testid=comment-added]").TextContent.Trim());
        Assert.Contains("Fixed in v3.", page.FindAll("[data-testid=comment]")[1].TextContent);
    }

    [Fact]
    public void An_empty_comment_is_not_sent_and_a_refused_one_keeps_the_text_and_says_why()
    {
        var (document, _) = DocumentWithDecisions();
        var task = ReviewOfVersion2(document);
        var page = Render<TaskPage>(p => p.Add(x => x.TaskId, task.Id));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=comment]")));

        page.Instance.CommentText = "   ";
        page.Find("[data-testid=comment-form]").Submit();
        page.WaitForAssertion(() => Assert.Equal("Write a comment first.", page.Find("[data-testid=comment-error]").TextContent.Trim()));
        Assert.DoesNotContain(Api.Calls, c => c.StartsWith("comment ", StringComparison.Ordinal));

        Api.Failure = new StudioApiException(403, "Only the task's reviewers can add to its comments.");
        page.Instance.CommentText = "Me too";
        page.Find("[data-testid=comment-form]").Submit();
        page.WaitForAssertion(() => Assert.Equal("Only the task's reviewers can add to its comments.", page.Find("[data-testid=comment-error]").TextContent.Trim()));
        Assert.Equal("Me too", page.Find("textarea[name=CommentText]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=error]"));
    }

    [Fact]
    public void Someone_outside_the_thread_sees_the_task_and_why_the_comments_are_not_shown_with_no_form()
    {
        var (document, _) = DocumentWithDecisions();
        var task = ReviewOfVersion2(document, withThread: false);

        var page = Render<TaskPage>(p => p.Add(x => x.TaskId, task.Id));

        page.WaitForAssertion(() => Assert.Contains("the document's owner can read and add to its comments", page.Find("[data-testid=thread-refused]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=comment-form]"));
        Assert.Empty(page.FindAll("[data-testid=error]"));
        Assert.Single(page.FindAll("[data-testid=decision]"));
    }

    private AttentionItem Faulted(string reason, string? documentTitle, TimeSpan ago)
    {
        var instance = FakeStudioApi.Instance("document-approval", "Running", "Faulted");
        var summary = instance.Summary with { Name = "Document approval" };
        Api.Instances.Add(instance with { Summary = summary });
        var item = new AttentionItem(summary, "review", "FlowDocs.Approval", reason, (Now - ago).UtcDateTime, $"/api/workflows/instances/{summary.Id}/retry",
            documentTitle is null ? null : Guid.NewGuid(), documentTitle);
        Api.Attention.Add(item);
        return item;
    }

    [Fact]
    public void Needs_attention_lists_faulted_workflows_with_names_reason_and_time_and_a_retry_button_per_row_in_a_plain_form()
    {
        var first = Faulted("quorum 2 is larger than the 1 reviewers", "Contract", TimeSpan.FromHours(2));
        Faulted("Document x does not exist.", null, TimeSpan.FromMinutes(3));

        var page = Render<AttentionPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=attention-item]").Count));
        var cells = page.FindAll("[data-testid=attention-item]")[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Document approval", "Contract", "The step “review” (Approval) failed: quorum 2 is larger than the 1 reviewers.", "2 hours ago", "Retry"], cells);
        Assert.Equal("3 minutes ago", page.FindAll("[data-testid=attention-item]")[1].QuerySelectorAll("td")[3].TextContent.Trim());
        Assert.Equal("—", page.FindAll("[data-testid=attention-item]")[1].QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.Equal($"/studio/instances/{first.Instance.Id}", page.Find("[data-testid=attention-item] a").GetAttribute("href"));
        var form = page.Find("form");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("the-token", form.QuerySelector("input[type=hidden][name=__RequestVerificationToken]")!.GetAttribute("value"));
        var retry = form.QuerySelector("[data-testid=retry]")!;
        Assert.Equal(("submit", "RetryInstanceId", first.Instance.Id.ToString()), (retry.GetAttribute("type"), retry.GetAttribute("name"), retry.GetAttribute("value")));
        Assert.Equal("Retry Document approval for Contract", retry.GetAttribute("aria-label"));
    }

    [Fact]
    public void Retrying_says_what_came_of_it_and_the_list_no_longer_shows_the_instance()
    {
        var item = Faulted("quorum 2 is larger than the 1 reviewers", "Contract", TimeSpan.FromHours(2));
        var index = Api.Instances.FindIndex(i => i.Summary.Id == item.Instance.Id);
        // What the engine answers right after the retry: the review went out and the instance waits for it.
        Api.Instances[index] = Api.Instances[index] with
        {
            Summary = Api.Instances[index].Summary with { SubStatus = "Suspended" },
            Bookmarks = [new BookmarkItem(Guid.NewGuid(), "review", "FlowDocs.Approval", null, DateTime.UnixEpoch, null, null)],
        };
        var page = Render<AttentionPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=attention-item]")));

        page.Instance.RetryInstanceId = item.Instance.Id;
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Equal(
            "“Document approval” for “Contract” was retried and is now waiting at “review”.", page.Find("[data-testid=retry-outcome]").TextContent.Trim()));
        Assert.Contains($"retry {item.Instance.Id}", Api.Calls);
        Assert.Equal("Nothing needs attention: no workflow has stopped.", page.Find("[data-testid=nothing-needs-attention]").TextContent.Trim());
    }

    [Fact]
    public void A_refused_retry_says_why_and_keeps_the_list()
    {
        var item = Faulted("boom", "Contract", TimeSpan.FromHours(1));
        var page = Render<AttentionPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=attention-item]")));

        Api.Failure = new StudioApiException(409, $"Instance {item.Instance.Id} is not faulted (Pending).");
        page.Instance.RetryInstanceId = item.Instance.Id;
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Equal(
            $"Could not retry: Instance {item.Instance.Id} is not faulted (Pending).", page.Find("[data-testid=retry-outcome]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=error]"));
        Assert.Single(page.FindAll("[data-testid=attention-item]"));
    }

    [Fact]
    public void With_nothing_faulted_the_page_says_so()
    {
        var page = Render<AttentionPage>();

        page.WaitForAssertion(() => Assert.Equal("Nothing needs attention: no workflow has stopped.", page.Find("[data-testid=nothing-needs-attention]").TextContent.Trim()));
        Assert.Empty(page.FindAll("form"));
    }
}

/// <summary>The layout brings its own popover provider.</summary>
public sealed class AttentionNavigationTests() : StudioTestContext(withPopoverProvider: false)
{
    [Fact]
    public void Members_do_not_see_needs_attention_in_the_navigation() =>
        Assert.DoesNotContain("Needs attention", Render<MainLayout>().Markup);

    [Fact]
    public void Designers_and_admins_see_needs_attention_in_the_navigation()
    {
        // bUnit decides policies itself; the Designer policy (Designer or Admin role) is what the layout asks for.
        Authorization.SetPolicies(FlowDocsPolicies.Designer);
        var layout = Render<MainLayout>();

        Assert.Equal("/studio/attention", layout.Find("a[href='/studio/attention']").GetAttribute("href"));
        Assert.Contains("Needs attention", layout.Find("a[href='/studio/attention']").TextContent);
    }
}
