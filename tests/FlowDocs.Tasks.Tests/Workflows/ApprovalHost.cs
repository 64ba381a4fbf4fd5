using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using FlowDocs.Data.Workflows;
using FlowDocs.Testing;
using FlowDocs.Workflows.Runtime;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FlowDocs.Testing.TestWaits;

namespace FlowDocs.Tasks.Tests.Workflows;

/// <summary>
/// A running FlowDocs with one tenant whose users exist in the identity tables (tasks check assignees against
/// them), and the shipped <c>workflows/document-approval.json</c> imported and published in that tenant.
/// </summary>
internal sealed class ApprovalHost : IAsyncDisposable
{
    public const string DefinitionsUrl = "/api/workflows/definitions";

    private ApprovalHost(FlowDocsFactory factory) => Factory = factory;

    public FlowDocsFactory Factory { get; }

    public Guid Tenant { get; } = Guid.NewGuid();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The shipped approval workflow, optionally edited (e.g. another mode) as a designer would.</summary>
    public static JsonObject ShippedApproval(Action<JsonObject>? edit = null)
    {
        var definition = JsonNode.Parse(File.ReadAllText(RepositoryFiles.PathOf("workflows", "document-approval.json")))!.AsObject();
        edit?.Invoke(definition);
        return definition;
    }

    public static void SetInput(JsonObject definition, string activityId, string input, string value) =>
        definition["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == activityId)![input]
            = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };

    public static JsonObject Shipped(string file) => JsonNode.Parse(File.ReadAllText(RepositoryFiles.PathOf("workflows", file)))!.AsObject();

    public static async Task<ApprovalHost> StartAsync(
        StoreProfile profile, JsonObject? definition = null, Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var host = new ApprovalHost(services is null ? new FlowDocsFactory(profile) : new ServicesFactory(profile, services));
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            host.Factory.With(key, value);
        }

        await host.WithDbAsync(async db =>
        {
            db.Add(new Tenant { Id = host.Tenant, Name = $"Tenant {host.Tenant:N}", CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync(Ct);
        });
        var designer = host.As(new TestUser(host.Tenant, "designer-1", FlowDocsRoles.Designer, FlowDocsRoles.Member));
        definition ??= ShippedApproval();
        await Expect(await designer.PostAsJsonAsync($"{DefinitionsUrl}/import", definition, Ct), HttpStatusCode.Created);
        await Expect(await designer.PostAsync($"{DefinitionsUrl}/{definition["definitionId"]}/publish", null, Ct), HttpStatusCode.OK);
        return host;
    }

    public HttpClient As(TestUser user) => Factory.CreateClientAs(user);

    /// <summary>Creates an enabled user of the tenant holding <paramref name="roles"/>; returns the caller for it.</summary>
    public async Task<TestUser> UserAsync(string name, params string[] roles)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
        var email = $"{name}-{Guid.NewGuid():N}@example.test";
        var user = new FlowDocsUser
        {
            Id = Guid.CreateVersion7(),
            TenantId = Tenant,
            DisplayName = name,
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        db.Add(user);
        foreach (var role in roles)
        {
            var existing = db.Set<FlowDocsRole>().Local.FirstOrDefault(r => r.TenantId == Tenant && r.Name == role)
                ?? db.Set<FlowDocsRole>().FirstOrDefault(r => r.TenantId == Tenant && r.Name == role);
            if (existing is null)
            {
                existing = new FlowDocsRole { Id = Guid.CreateVersion7(), TenantId = Tenant, Name = role, NormalizedName = role.ToUpperInvariant() };
                db.Add(existing);
            }

            db.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = existing.Id });
        }

        await db.SaveChangesAsync(Ct);
        return new TestUser(Tenant, user.Id.ToString(), [.. roles, FlowDocsRoles.Member]) { DisplayName = name };
    }

    /// <summary>Uploads a document as <paramref name="uploader"/>; returns its id.</summary>
    public async Task<Guid> UploadAsync(TestUser uploader, string fileName = "contract.pdf") =>
        Guid.Parse((await UploadAnswerAsync(uploader, fileName))["document"]!["id"]!.GetValue<string>());

    /// <summary>The 201 answer of an upload: the document and its first version.</summary>
    public async Task<JsonNode> UploadAnswerAsync(TestUser uploader, string fileName = "contract.pdf")
    {
        using var content = new ByteArrayContent([.. "%PDF-1.7\n"u8.ToArray(), .. Guid.NewGuid().ToByteArray()]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return await Expect(await As(uploader).PostAsync($"/api/documents?fileName={fileName}", content, Ct), HttpStatusCode.Created);
    }

    public async Task<string> StatusAsync(TestUser user, Guid documentId) =>
        (await Expect(await As(user).GetAsync($"/api/documents/{documentId}", Ct), HttpStatusCode.OK))["status"]!.GetValue<string>();

    public async Task<JsonArray> TasksAsync(TestUser user, Guid documentId) =>
        (await Expect(await As(user).GetAsync($"/api/documents/{documentId}/tasks?pageSize=100", Ct), HttpStatusCode.OK))["items"]!.AsArray();

    /// <summary>Waits until the document has <paramref name="count"/> tasks titled like <paramref name="titleStart"/>.</summary>
    public Task<JsonArray> TasksEventuallyAsync(TestUser user, Guid documentId, string titleStart, int count) =>
        EventuallyAsync(() => TasksAsync(user, documentId), tasks => Titled(tasks, titleStart).Count() == count, $"{count} '{titleStart}' tasks");

    public static IEnumerable<JsonNode> Titled(JsonArray tasks, string titleStart) =>
        tasks.Where(t => t!["title"]!.GetValue<string>().StartsWith(titleStart, StringComparison.Ordinal))!;

    public async Task<HttpResponseMessage> CompleteAsync(TestUser user, JsonNode task, string outcome, bool confirmNewerVersion = false) =>
        await As(user).PostAsJsonAsync($"/api/tasks/{task["id"]}/complete", new { outcome, comment = $"{outcome} by {user.DisplayName}", confirmNewerVersion }, Ct);

    public static async Task<JsonObject> Expect(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? [] : JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Runs <paramref name="action"/> on a context that sees every tenant (for assertions on stored state).</summary>
    public async Task<T> WithDbAsync<T>(Func<FlowDocsDbContext, Task<T>> action)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>());
    }

    /// <summary>How many timer bookmarks are waiting (in any tenant).</summary>
    public Task<int> TimerCountAsync() =>
        WithDbAsync(db => db.Set<WorkflowBookmark>().IgnoreQueryFilters().CountAsync(b => b.DueAt != null, Ct));

    /// <summary>Runs the timer jobs Hangfire would run at <paramref name="now"/>, as the scheduled job itself does.</summary>
    public async Task RunDueTimersAsync(DateTimeOffset now)
    {
        var due = await WithDbAsync(db => db.Set<WorkflowBookmark>().IgnoreQueryFilters()
            .Where(b => b.DueAt != null && b.DueAt <= now.UtcDateTime).Select(b => new { b.TenantId, b.Id }).ToListAsync(Ct));
        Assert.NotEmpty(due);
        foreach (var timer in due)
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<WorkflowJobs>().ResumeTimerAsync(timer.TenantId, timer.Id, Ct);
        }
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>The factory with extra service registrations (a fake clock) applied last.</summary>
    private sealed class ServicesFactory(StoreProfile profile, Action<IServiceCollection> services) : FlowDocsFactory(profile)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services);
        }
    }
}
