using System.Net;
using FlowDocs.Common.Security;
using FlowDocs.Data.Tasks;
using static FlowDocs.Tasks.Tests.Api.TasksClient;

namespace FlowDocs.Tasks.Tests.Api;

public sealed class EmbeddedCreateTaskTests(EmbeddedTasksHost host) : CreateTaskTests(host), IClassFixture<EmbeddedTasksHost>;

public sealed class ProductionCreateTaskTests(ProductionTasksHost host) : CreateTaskTests(host), IClassFixture<ProductionTasksHost>;

/// <summary>Creating tasks on documents by hand and listing a document's tasks, through HTTP.</summary>
public abstract class CreateTaskTests(TasksHost host)
{
    [Fact]
    public async Task Created_task_is_about_the_current_version_and_offered_to_its_candidates()
    {
        var tenant = await host.NewTenantAsync();
        var owner = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var lawyer = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var client = host.Client(owner);
        var documentId = await client.UploadDocumentAsync();
        await client.AddVersionAsync(documentId);
        var due = host.Time.GetUtcNow().AddDays(3);

        var response = await client.CreateTaskAsync(documentId, new
        {
            title = "  Review the contract  ",
            description = "Check clause 7.",
            candidateRoles = new[] { "Reviewer", "Legal", "Reviewer" },
            candidateUsers = new[] { lawyer.UserId },
            priority = "High",
            dueAt = due,
            outcomes = new[] { "Approve", "Reject", "Request changes" },
        });
        var created = await response.ReadAsync<Tasks.TaskModel.TaskResponse>();
        var read = await client.GetTaskAsync(created.Id);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/tasks/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(documentId, created.DocumentId);
        Assert.Equal(2, created.DocumentVersionNumber);
        Assert.Equal("Review the contract", created.Title);
        Assert.Equal("Check clause 7.", created.Description);
        Assert.Null(created.Assignee);
        Assert.Equal(UserTaskStatus.Open, created.Status);
        Assert.Equal(UserTaskPriority.High, created.Priority);
        Assert.Equal(due, created.DueAt);
        Assert.False(created.IsOverdue);
        Assert.Equal(["Legal", "Reviewer"], created.Candidates.Roles);
        Assert.Equal([lawyer.UserId], created.Candidates.Users);
        Assert.Equal(["Approve", "Reject", "Request changes"], created.Outcomes);
        Assert.Equal("person", created.Origin.Kind);
        Assert.Null(created.Origin.WorkflowInstanceId);
        Assert.Equal(owner.UserId, created.CreatedBy);
        Assert.Null(created.Outcome);
        Assert.Null(created.CompletedAt);
        Assert.Null(created.Comments);
        Assert.Equivalent(created with { Comments = [] }, read);
    }

    [Fact]
    public async Task Task_with_an_assignee_starts_claimed_with_the_default_outcome_and_priority()
    {
        var tenant = await host.NewTenantAsync();
        var owner = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var assignee = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var client = host.Client(owner);
        var documentId = await client.UploadDocumentAsync();

        var task = await client.NewTaskAsync(documentId, new { title = "Sign", assignee = assignee.UserId });

        Assert.Equal(assignee.UserId, task.Assignee);
        Assert.Equal(UserTaskStatus.Claimed, task.Status);
        Assert.Equal(["Done"], task.Outcomes);
        Assert.Equal(UserTaskPriority.Normal, task.Priority);
        Assert.Null(task.DueAt);
        Assert.Empty(task.Candidates.Roles);
        Assert.Empty(task.Candidates.Users);
        Assert.Equal(1, task.DocumentVersionNumber);
    }

    [Fact]
    public async Task Creating_a_task_by_hand_publishes_one_UserTaskCreated_and_a_refused_one_none()
    {
        var tenant = await host.NewTenantAsync();
        var owner = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var named = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var client = host.Client(owner);
        var documentId = await client.UploadDocumentAsync();

        var offered = await client.NewTaskAsync(documentId, new { title = "Offered", candidateRoles = new[] { "Reviewer", "Legal" }, candidateUsers = new[] { named.UserId } });
        var assigned = await client.NewTaskAsync(documentId, new { title = "Assigned", assignee = named.UserId });
        var refused = await client.CreateTaskAsync(documentId, new { title = "" });

        var offeredEvent = Assert.Single(host.Creations.For(offered.Id));
        Assert.Equal((tenant.Id, documentId, (string?)null, owner.UserId, offered.CreatedAt), (offeredEvent.TenantId, offeredEvent.DocumentId, offeredEvent.Assignee, offeredEvent.CreatedBy, offeredEvent.CreatedAt));
        Assert.Equal(["Legal", "Reviewer"], offeredEvent.CandidateRoles.Order(StringComparer.Ordinal));
        Assert.Equal([named.UserId], offeredEvent.CandidateUsers);
        var assignedEvent = Assert.Single(host.Creations.For(assigned.Id));
        Assert.Equal(named.UserId, assignedEvent.Assignee);
        Assert.Empty(assignedEvent.CandidateRoles);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal([assigned.Id, offered.Id], (await client.DocumentTasksAsync(documentId)).Ids());
    }

    [Fact]
    public async Task Workflow_made_tasks_raise_no_UserTaskCreated()
    {
        var tenant = await host.NewTenantAsync();
        var client = host.Client(tenant.Admin);
        var documentId = await client.UploadDocumentAsync();

        var taskId = await host.CreateWorkflowTaskAsync(tenant.Id, documentId, Guid.NewGuid().ToString(), "review", FlowDocsRoles.Reviewer);

        Assert.Empty(host.Creations.For(taskId));
        Assert.Equal("workflow", (await client.GetTaskAsync(taskId)).Origin.Kind);
    }

    [Fact]
    public async Task Task_can_be_about_an_earlier_version()
    {
        var tenant = await host.NewTenantAsync();
        var client = host.Client(tenant.Admin);
        var documentId = await client.UploadDocumentAsync();
        await client.AddVersionAsync(documentId);

        var first = await client.NewTaskAsync(documentId, new { title = "Check v1", versionNumber = 1, candidateRoles = new[] { "Reviewer" } });
        var current = await client.NewTaskAsync(documentId, new { title = "Check v2", candidateRoles = new[] { "Reviewer" } });

        Assert.Equal(1, first.DocumentVersionNumber);
        Assert.Equal(2, current.DocumentVersionNumber);
        Assert.NotEqual(first.DocumentVersionId, current.DocumentVersionId);
    }

    public static TheoryData<string, string> InvalidRequests => new()
    {
        { "title", """{ "title": "   " }""" },
        { "title", """{ }""" },
        { "title", $$"""{ "title": "{{new string('t', 201)}}" }""" },
        { "description", $$"""{ "title": "t", "description": "{{new string('d', 4001)}}" }""" },
        { "assignee", $$"""{ "title": "t", "assignee": "{{new string('a', 192)}}" }""" },
        { "assignee", """{ "title": "t", "assignee": "nobody" }""" },
        { "assignee", $$"""{ "title": "t", "assignee": "{{Guid.NewGuid()}}" }""" },
        { "candidateUsers", $$"""{ "title": "t", "candidateUsers": ["{{Guid.NewGuid()}}"] }""" },
        { "candidateRoles", """{ "title": "t", "candidateRoles": ["Reviewer", " "] }""" },
        { "candidateRoles", $$"""{ "title": "t", "candidateRoles": ["{{new string('r', 192)}}"] }""" },
        { "candidates", $$"""{ "title": "t", "candidateRoles": [{{string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"role{i}\""))}}] }""" },
        { "priority", """{ "title": "t", "priority": 9 }""" },
        { "dueAt", """{ "title": "t", "dueAt": "2001-01-01T00:00:00Z" }""" },
        { "outcomes", """{ "title": "t", "outcomes": ["Approve", "approve"] }""" },
        { "outcomes", """{ "title": "t", "outcomes": ["Approve", ""] }""" },
        { "outcomes", $$"""{ "title": "t", "outcomes": ["{{new string('o', 101)}}"] }""" },
        { "outcomes", $$"""{ "title": "t", "outcomes": [{{string.Join(",", Enumerable.Range(0, 11).Select(i => $"\"o{i}\""))}}] }""" },
        { "versionNumber", """{ "title": "t", "versionNumber": 7 }""" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Invalid_request_answers_422_naming_the_field(string field, string json)
    {
        var tenant = await host.NewTenantAsync();
        var client = host.Client(tenant.Admin);
        var documentId = await client.UploadDocumentAsync();

        var response = await client.PostAsync(
            $"/api/documents/{documentId}/tasks", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal([field], await response.InvalidFieldsAsync());
        Assert.Empty((await client.DocumentTasksAsync(documentId)).Items);
    }

    [Fact]
    public async Task Every_invalid_field_is_named_at_once()
    {
        var tenant = await host.NewTenantAsync();
        var client = host.Client(tenant.Admin);
        var documentId = await client.UploadDocumentAsync();

        var response = await client.CreateTaskAsync(documentId, new { title = "", dueAt = "2001-01-01T00:00:00Z", outcomes = new[] { "a", "A" }, assignee = "ghost" });
        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["assignee", "dueAt", "outcomes", "title"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("'ghost' is not an active user of this tenant.", problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assignee_and_candidate_users_must_be_enabled_users_of_the_callers_tenant()
    {
        var tenant = await host.NewTenantAsync();
        var other = await host.NewTenantAsync();
        var stranger = await host.NewUserAsync(other, FlowDocsRoles.Member);
        var leaver = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        await host.DisableUserAsync(tenant, leaver);
        var client = host.Client(tenant.Admin);
        var documentId = await client.UploadDocumentAsync();

        var toStranger = await client.CreateTaskAsync(documentId, new { title = "t", assignee = stranger.UserId });
        var toLeaver = await client.CreateTaskAsync(documentId, new { title = "t", assignee = leaver.UserId });
        var offeredToBoth = await client.CreateTaskAsync(documentId, new { title = "t", candidateUsers = new[] { stranger.UserId, leaver.UserId } });
        var offered = await offeredToBoth.ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["assignee"], await toStranger.InvalidFieldsAsync());
        Assert.Equal(["assignee"], await toLeaver.InvalidFieldsAsync());
        Assert.Equal(2, offered.GetProperty("errors").GetProperty("candidateUsers").GetArrayLength());
    }

    [Fact]
    public async Task A_user_id_in_another_spelling_is_not_a_user()
    {
        // Tasks compare user ids exactly (the id a caller's token carries); an id the directory would parse
        // into the same user but that nobody ever calls with would leave the task unreachable.
        var tenant = await host.NewTenantAsync();
        var worker = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var client = host.Client(tenant.Admin);
        var documentId = await client.UploadDocumentAsync();
        var id = Guid.Parse(worker.UserId);
        string[] spellings = [worker.UserId.ToUpperInvariant(), $" {worker.UserId} ", id.ToString("B"), id.ToString("N")];

        foreach (var spelling in spellings)
        {
            Assert.Equal(["assignee"], await (await client.CreateTaskAsync(documentId, new { title = "t", assignee = spelling })).InvalidFieldsAsync());
            Assert.Equal(["candidateUsers"], await (await client.CreateTaskAsync(documentId, new { title = "t", candidateUsers = new[] { spelling } })).InvalidFieldsAsync());
        }

        Assert.Empty((await client.DocumentTasksAsync(documentId)).Items);
    }

    [Fact]
    public async Task Candidates_are_trimmed_before_duplicates_are_dropped_and_due_dates_kept_as_the_same_instant()
    {
        var tenant = await host.NewTenantAsync();
        var reviewer = await host.NewUserAsync(tenant, FlowDocsRoles.Member, FlowDocsRoles.Reviewer);
        var client = host.Client(tenant.Admin);
        var documentId = await client.UploadDocumentAsync();
        var due = host.Time.GetUtcNow().AddDays(1).ToOffset(TimeSpan.FromHours(2));

        var task = await client.NewTaskAsync(documentId, new { title = "t", candidateRoles = new[] { "Reviewer", " Reviewer ", "Legal" }, dueAt = due });
        var read = await client.GetTaskAsync(task.Id);

        Assert.Equal(["Legal", "Reviewer"], read.Candidates.Roles);
        Assert.Equal(due, read.DueAt);
        Assert.Equal(TimeSpan.Zero, read.DueAt!.Value.Offset);
        Assert.Equal([task.Id], (await host.Client(reviewer).InboxAsync("view=Candidate")).Ids());
    }

    [Fact]
    public async Task Unknown_or_another_tenants_document_is_not_found()
    {
        var tenant = await host.NewTenantAsync();
        var other = await host.NewTenantAsync();
        var theirDocument = await host.Client(other.Admin).UploadDocumentAsync();
        var client = host.Client(tenant.Admin);

        var unknown = await client.CreateTaskAsync(Guid.NewGuid(), new { title = "t" });
        var foreign = await client.CreateTaskAsync(theirDocument, new { title = "t" });
        var listForeign = await client.GetAsync($"/api/documents/{theirDocument}/tasks", Ct);
        var listUnknown = await client.GetAsync($"/api/documents/{Guid.NewGuid()}/tasks", Ct);

        Assert.Contains("does not exist", (await unknown.ProblemAsync(HttpStatusCode.NotFound)).Detail(), StringComparison.Ordinal);
        await foreign.ProblemAsync(HttpStatusCode.NotFound);
        await listForeign.ProblemAsync(HttpStatusCode.NotFound);
        await listUnknown.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await host.Client(other.Admin).DocumentTasksAsync(theirDocument)).Items);
    }

    [Fact]
    public async Task Document_tasks_list_newest_first_filters_by_status_sorts_and_pages()
    {
        var tenant = await host.NewTenantAsync();
        var owner = await host.NewUserAsync(tenant, FlowDocsRoles.Member);
        var client = host.Client(owner);
        var documentId = await client.UploadDocumentAsync();
        var otherDocument = await client.UploadDocumentAsync();
        var low = await client.NewTaskAsync(documentId, new { title = "low", priority = "Low", assignee = owner.UserId });
        var urgent = await client.NewTaskAsync(documentId, new { title = "urgent", priority = "Urgent", assignee = owner.UserId });
        var normal = await client.NewTaskAsync(documentId, new { title = "normal", assignee = owner.UserId });
        await client.NewTaskAsync(otherDocument, new { title = "elsewhere", assignee = owner.UserId });
        await client.ActOkAsync(normal.Id, "complete", new { outcome = "Done" });

        var all = await client.DocumentTasksAsync(documentId);
        var completed = await client.DocumentTasksAsync(documentId, "status=Completed");
        var byPriority = await client.DocumentTasksAsync(documentId, "sort=Priority");
        var first = await client.DocumentTasksAsync(documentId, "pageSize=2");
        var second = await client.DocumentTasksAsync(documentId, "pageSize=2&page=2");

        Assert.Equal([normal.Id, urgent.Id, low.Id], all.Ids());
        Assert.False(all.HasMore);
        Assert.Equal([normal.Id], completed.Ids());
        Assert.Equal([urgent.Id, normal.Id, low.Id], byPriority.Ids());
        Assert.Equal([normal.Id, urgent.Id], first.Ids());
        Assert.True(first.HasMore);
        Assert.Equal([low.Id], second.Ids());
        Assert.False(second.HasMore);
        Assert.Equal(2, second.Page);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    public async Task Document_tasks_paging_out_of_range_names_the_parameter(string query, string field)
    {
        var tenant = await host.NewTenantAsync();
        var client = host.Client(tenant.Admin);
        var documentId = await client.UploadDocumentAsync();

        var response = await client.GetAsync($"/api/documents/{documentId}/tasks?{query}", Ct);

        Assert.Equal([field], await response.InvalidFieldsAsync());
    }
}
