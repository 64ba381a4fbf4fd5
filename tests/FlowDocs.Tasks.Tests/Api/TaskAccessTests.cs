using System.Net;
using System.Net.Http.Json;
using FlowDocs.Common.Security;
using FlowDocs.Testing;
using static FlowDocs.Tasks.Tests.Api.TasksClient;

namespace FlowDocs.Tasks.Tests.Api;

public sealed class EmbeddedTaskAccessTests(EmbeddedTasksHost host) : TaskAccessTests(host), IClassFixture<EmbeddedTasksHost>;

public sealed class ProductionTaskAccessTests(ProductionTasksHost host) : TaskAccessTests(host), IClassFixture<ProductionTasksHost>;

/// <summary>Every task endpoint: 401 without a user, 404 for an unknown task and for another tenant's task (never 403).</summary>
public abstract class TaskAccessTests(TasksHost host)
{
    /// <summary>Each task endpoint with a body it would accept, so only the task's existence decides the answer.</summary>
    public static TheoryData<string, string, string?> TaskEndpoints => new()
    {
        { "GET", "/api/tasks/{0}", null },
        { "POST", "/api/tasks/{0}/claim", null },
        { "POST", "/api/tasks/{0}/unclaim", null },
        { "POST", "/api/tasks/{0}/delegate", """{ "assignee": "{user}" }""" },
        { "POST", "/api/tasks/{0}/comments", """{ "text": "hello" }""" },
        { "GET", "/api/tasks/{0}/comments", null },
        { "POST", "/api/tasks/{0}/complete", """{ "outcome": "Approve" }""" },
        { "POST", "/api/tasks/{0}/cancel", """{ "reason": "no" }""" },
    };

    private static HttpRequestMessage Request(string method, string path, Guid taskId, string? body, string userId) => new(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, path, taskId))
    {
        Content = body is null ? null : new StringContent(body.Replace("{user}", userId, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"),
    };

    [Theory]
    [MemberData(nameof(TaskEndpoints))]
    public async Task Another_tenants_task_is_not_found_even_for_an_admin_candidate(string method, string path, string? body)
    {
        var owner = await host.NewTenantAsync();
        var caller = await host.NewTenantAsync();
        var theirs = host.Client(owner.Admin);
        var task = await theirs.NewTaskAsync(await theirs.UploadDocumentAsync(), new { title = "Theirs", candidateRoles = new[] { FlowDocsRoles.Admin, FlowDocsRoles.Reviewer }, outcomes = new[] { "Approve" } });
        // The caller has every role the task names and the owner's user id: only the tenant differs.
        var intruder = host.Client(new TestUser(caller.Id, owner.Admin.UserId, FlowDocsRoles.Admin, FlowDocsRoles.Member, FlowDocsRoles.Reviewer));

        var foreign = await intruder.SendAsync(Request(method, path, task.Id, body, caller.Admin.UserId), Ct);
        var unknown = await intruder.SendAsync(Request(method, path, Guid.NewGuid(), body, caller.Admin.UserId), Ct);

        Assert.Contains("does not exist", (await foreign.ProblemAsync(HttpStatusCode.NotFound)).Detail(), StringComparison.Ordinal);
        Assert.Contains("does not exist", (await unknown.ProblemAsync(HttpStatusCode.NotFound)).Detail(), StringComparison.Ordinal);
        var unchanged = await theirs.GetTaskAsync(task.Id);
        Assert.Equal(Data.Tasks.UserTaskStatus.Open, unchanged.Status);
        Assert.Null(unchanged.Assignee);
        Assert.Empty(unchanged.Comments!);
    }

    public static TheoryData<string, string> AllEndpoints => new()
    {
        { "GET", "/api/tasks" },
        { "GET", "/api/tasks/{0}" },
        { "POST", "/api/documents/{0}/tasks" },
        { "GET", "/api/documents/{0}/tasks" },
        { "POST", "/api/tasks/{0}/claim" },
        { "POST", "/api/tasks/{0}/unclaim" },
        { "POST", "/api/tasks/{0}/delegate" },
        { "POST", "/api/tasks/{0}/comments" },
        { "GET", "/api/tasks/{0}/comments" },
        { "POST", "/api/tasks/{0}/complete" },
        { "POST", "/api/tasks/{0}/cancel" },
    };

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task Without_a_user_every_endpoint_answers_401(string method, string path)
    {
        var request = Request(method, path, Guid.NewGuid(), method == "POST" ? "{}" : null, string.Empty);

        var response = await host.Anonymous().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Inbox_of_another_tenant_with_the_same_user_id_is_empty()
    {
        var owner = await host.NewTenantAsync();
        var caller = await host.NewTenantAsync();
        var theirs = host.Client(owner.Admin);
        var worker = await host.NewUserAsync(owner, FlowDocsRoles.Member);
        await theirs.NewTaskAsync(await theirs.UploadDocumentAsync(), new { title = "Theirs", assignee = worker.UserId });
        var sameIdElsewhere = host.Client(new TestUser(caller.Id, worker.UserId, FlowDocsRoles.Member));

        Assert.Single((await host.Client(worker).InboxAsync()).Items);
        Assert.Empty((await sameIdElsewhere.InboxAsync()).Items);
        Assert.Empty((await sameIdElsewhere.InboxAsync("view=Created")).Items);
        Assert.Empty((await host.Client(new TestUser(caller.Id, owner.Admin.UserId, FlowDocsRoles.Admin)).InboxAsync("view=Created")).Items);
    }

    [Fact]
    public async Task Comment_on_another_tenants_task_is_not_stored()
    {
        var owner = await host.NewTenantAsync();
        var caller = await host.NewTenantAsync();
        var theirs = host.Client(owner.Admin);
        var task = await theirs.NewTaskAsync(await theirs.UploadDocumentAsync(), new { title = "Theirs" });

        var response = await host.Client(caller.Admin).PostAsJsonAsync($"/api/tasks/{task.Id}/comments", new { text = "sneaky" }, Json, Ct);

        await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await theirs.GetTaskAsync(task.Id)).Comments!);
    }
}
