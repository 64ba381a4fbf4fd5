using Bunit;
using FlowDocs.Studio.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Studio.Tests.Components;

/// <summary>"My work", where everyone lands after signing in: task counts, tasks named by their document, my recent documents.</summary>
public sealed class MyWorkTests : StudioTestContext
{
    [Fact]
    public void Counts_each_kind_of_task_and_names_every_task_by_its_document()
    {
        var contract = FakeStudioApi.Document("Supplier contract", "InReview") with { CurrentVersionNumber = 2 };
        var invoice = FakeStudioApi.Document("March invoice", "InReview");
        Api.Documents.AddRange([contract, invoice]);
        Api.Tasks.AddRange(
        [
            FakeStudioApi.NewTask("Review the contract", "me") with { DocumentId = contract.Id, DocumentVersionNumber = 2, DueAt = Now.AddDays(2).AddHours(1) },
            FakeStudioApi.NewTask("Approve the invoice", null) with { DocumentId = invoice.Id },
            FakeStudioApi.NewTask("Sign the invoice", null, overdue: true) with { DocumentId = invoice.Id, DueAt = Now.AddDays(-1).AddHours(-1) },
        ]);

        var page = Render<MyWork>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=counts]")));
        Assert.Equal("1 Assigned to me", Squash(page.Find("[data-testid=count-mine]").TextContent));
        Assert.Equal("2 Offered to my roles", Squash(page.Find("[data-testid=count-roles]").TextContent));
        Assert.Equal("1 Overdue", Squash(page.Find("[data-testid=count-overdue]").TextContent));
        Assert.Equal("/studio/tasks", page.Find("[data-testid=count-mine]").GetAttribute("href"));
        Assert.Equal("/studio/tasks?show=roles", page.Find("[data-testid=count-roles]").GetAttribute("href"));
        Assert.Equal("/studio/tasks?show=overdue", page.Find("[data-testid=count-overdue]").GetAttribute("href"));

        var mine = page.Find("[data-testid=section-mine] [data-testid=task]");
        Assert.Equal("Review the contract · Supplier contract, version 2 · due in 2 days", Squash(mine.TextContent));
        Assert.Equal("2026-12-09 13:00 UTC", mine.QuerySelector("[data-testid=due]")!.GetAttribute("title"));
        Assert.Contains("due yesterday (overdue)", Squash(page.Find("[data-testid=section-overdue]").TextContent), StringComparison.Ordinal);
        Assert.Contains("March invoice, version 1", page.Find("[data-testid=section-roles]").TextContent, StringComparison.Ordinal);
        // No ids reach the page's text.
        Assert.DoesNotContain(contract.Id.ToString(), page.Markup.Replace($"/studio/documents/{contract.Id}", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void My_recent_documents_are_those_i_uploaded_or_changed()
    {
        var mine = FakeStudioApi.Document("My report", "Draft") with { UpdatedAt = Now.AddHours(-2) };
        var theirs = FakeStudioApi.Document("Their report", "Draft") with { CreatedBy = "ann", UpdatedBy = "ann" };
        Api.Documents.AddRange([mine, theirs]);

        var page = Render<MyWork>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=recent-document]")));
        var row = page.Find("[data-testid=recent-document]");
        Assert.Equal("My report · version 1 · changed 2 hours ago", Squash(row.TextContent));
        Assert.Equal($"/studio/documents/{mine.Id}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("api/documents?sort=updated&pageSize=50", Api.Calls);
    }

    [Fact]
    public void Nothing_to_do_is_said_in_words()
    {
        var page = Render<MyWork>();

        page.WaitForAssertion(() => Assert.Contains("Nothing is assigned to you.", page.Markup, StringComparison.Ordinal));
        Assert.Contains("Nothing is waiting for your roles.", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Nothing is overdue.", page.Markup, StringComparison.Ordinal);
        Assert.Contains("You have not uploaded or changed a document lately.", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=password-set]"));
    }

    [Fact]
    public void Arriving_from_the_invitation_confirms_the_password()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/studio?passwordSet=true");

        var page = Render<MyWork>();

        Assert.Equal("Your password is set and you are signed in. Welcome to FlowDocs.", page.Find("[data-testid=password-set]").TextContent.Trim());
    }

    [Fact]
    public void A_task_whose_document_is_gone_still_reads_in_words()
    {
        Api.Tasks.Add(FakeStudioApi.NewTask("Review", "me"));

        var page = Render<MyWork>();

        page.WaitForAssertion(() => Assert.Contains(
            "Review · a document no longer available, version 1 · no due date", Squash(page.Find("[data-testid=section-mine]").TextContent), StringComparison.Ordinal));
    }

    private static string Squash(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
}
