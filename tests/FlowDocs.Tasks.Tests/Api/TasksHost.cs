using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlowDocs.Common.Events;
using FlowDocs.Common.Security;
using FlowDocs.Tasks.CreateTask;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static FlowDocs.Tasks.Tests.Api.TasksClient;

namespace FlowDocs.Tasks.Tests.Api;

/// <summary>A tenant made through the platform admin API, with its first administrator (a real identity user).</summary>
public sealed record TestTenant(Guid Id, TestUser Admin);

public sealed class EmbeddedTasksHost() : TasksHost(StoreProfile.Embedded);

public sealed class ProductionTasksHost() : TasksHost(StoreProfile.Production);

/// <summary>
/// One FlowDocs server shared by the tests of a class (each test works in its own tenant, so they do not see
/// each other's tasks). It runs on a fake clock that moves 5 ms per reading, so timestamps are distinct and
/// ordered, and can be advanced to make tasks overdue; it records every <see cref="UserTaskCompleted"/> and <see cref="UserTaskCreated"/>.
/// The server starts on first use, so a Production test without backing services skips (or fails on CI)
/// inside the test instead of in the fixture.
/// </summary>
public abstract class TasksHost : IAsyncDisposable
{
    private readonly FlowDocsFactory _factory;
    private readonly Lazy<WebApplicationFactory<Program>> _server;
    private int _sequence;

    protected TasksHost(StoreProfile profile)
    {
        Profile = profile;
        _factory = new FlowDocsFactory(profile);
        _server = new(() => _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Time);
            s.AddSingleton<IEventHandler<UserTaskCompleted>>(Completions);
            s.AddSingleton<IEventHandler<UserTaskCreated>>(Creations);
        })));
    }

    public StoreProfile Profile { get; }

    public WebApplicationFactory<Program> Server => _server.Value;

    /// <summary>Starts on a whole second (MariaDB keeps microseconds, SQLite ticks), so stored times read back equal.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds())) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(5) };

    public EventRecorder<UserTaskCompleted> Completions { get; } = new(e => e.TaskId);

    public EventRecorder<UserTaskCreated> Creations { get; } = new(e => e.TaskId);

    public HttpClient Client(TestUser user)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, user.ToHeaderValue());
        return client;
    }

    /// <summary>A client without any user: the API must answer 401.</summary>
    public HttpClient Anonymous() => Server.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

    /// <summary>A new tenant (with the built-in roles and Reviewer) and its administrator, through the platform admin API.</summary>
    public async Task<TestTenant> NewTenantAsync()
    {
        var n = Interlocked.Increment(ref _sequence);
        var name = $"tasks-{Guid.NewGuid():N}";
        var platform = Client(TestUser.Admin(Guid.NewGuid(), "platform-admin") with { PlatformAdmin = true });
        var response = await platform.PostAsJsonAsync("/api/admin/tenants", new { name, adminEmail = $"admin{n}@{name}.test", adminDisplayName = "Admin" }, Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        var tenantId = body.GetProperty("tenant").GetProperty("id").GetGuid();
        var adminId = body.GetProperty("adminUserId").GetGuid();
        return new TestTenant(tenantId, new TestUser(tenantId, adminId.ToString(), FlowDocsRoles.Admin, FlowDocsRoles.Member));
    }

    /// <summary>A real, enabled user of <paramref name="tenant"/> (made by its administrator), acting with <paramref name="roles"/>.</summary>
    public async Task<TestUser> NewUserAsync(TestTenant tenant, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var n = Interlocked.Increment(ref _sequence);
        var response = await Client(tenant.Admin).PostAsJsonAsync(
            "/api/admin/users", new { email = $"user{n}-{Guid.NewGuid():N}@example.test", displayName = $"User {n}", roles }, Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return new TestUser(tenant.Id, body.GetProperty("user").GetProperty("id").GetGuid().ToString(), roles);
    }

    /// <summary>Disables a user through the admin API: they stay in the tenant but may no longer get work.</summary>
    public async Task DisableUserAsync(TestTenant tenant, TestUser user)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(user);
        var response = await Client(tenant.Admin).PostAsync($"/api/admin/users/{user.UserId}/disable", null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Creates a task the way a workflow activity does (origin: instance + activity), in the tenant's scope.</summary>
    public async Task<Guid> CreateWorkflowTaskAsync(Guid tenantId, Guid documentId, string instanceId, string activityId, params string[] candidateRoles)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenantId);
        var creator = scope.ServiceProvider.GetRequiredService<UserTaskCreator>();
        var (task, problem) = await creator.CreateAsync(
            new NewUserTask(documentId, null, "Review (workflow)", null, null, candidateRoles, [], Data.Tasks.UserTaskPriority.Normal, null, ["Approve", "Reject"],
                "workflow", instanceId, activityId),
            Ct);
        Assert.Null(problem);
        return task!.Id;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server.IsValueCreated)
        {
            await _server.Value.DisposeAsync();
        }

        await _factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Every published event of one kind, looked up by the task it is about.</summary>
    public sealed class EventRecorder<TEvent>(Func<TEvent, Guid> taskOf) : IEventHandler<TEvent>
    {
        private readonly ConcurrentQueue<TEvent> _received = new();

        public IReadOnlyList<TEvent> For(Guid taskId) => _received.Where(e => taskOf(e) == taskId).ToList();

        public Task HandleAsync(TEvent payload, CancellationToken cancellationToken)
        {
            _received.Enqueue(payload);
            return Task.CompletedTask;
        }
    }
}
