using System.Text.Json.Nodes;
using FlowDocs.Common.Documents;
using FlowDocs.Common.Paging;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Definitions;
using FlowDocs.Workflows.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Workflows.Instances;

public sealed record StartInstanceRequest(string? DefinitionId, JsonObject? Input, string? CorrelationId, int? Version);

public sealed record PublishEventRequest(string? EventName, string? CorrelationId, JsonObject? Payload);

public sealed record PublishEventResponse(int Resumed, int Started);

public sealed record InstanceSummary(
    Guid Id, string DefinitionId, int DefinitionVersion, string Name, string Status, string SubStatus,
    string? CorrelationId, DateTime CreatedAt, DateTime UpdatedAt, DateTime? FinishedAt)
{
    public static InstanceSummary From(WorkflowInstance i) =>
        new(i.Id, i.DefinitionId, i.DefinitionVersion, i.Name, i.Status.ToString(), i.SubStatus.ToString(), i.CorrelationId, i.CreatedAt, i.UpdatedAt, i.FinishedAt);
}

public sealed record BookmarkView(Guid Id, string ActivityId, string Name, string? Key, DateTime CreatedAt, DateTime? DueAt, JsonNode? Payload);

public sealed record JournalView(int Sequence, string ActivityId, string ActivityType, string EventName, string? Outcome, string? Message, DateTime Timestamp, double DurationMs);

public sealed record InstanceDetail(
    InstanceSummary Summary,
    IReadOnlyDictionary<string, JsonNode?> Variables,
    JsonObject Input,
    JsonObject Output,
    IReadOnlyList<BookmarkView> Bookmarks,
    IReadOnlyList<JournalView> Journal,
    IReadOnlyList<Incident> Incidents,
    int PendingWork);

/// <summary>
/// A faulted instance that needs someone: what failed, why, since when, and where to retry it; the document it is about
/// (its id and title) when it runs for one and that document is still there.
/// </summary>
public sealed record AttentionItem(
    InstanceSummary Instance, string? ActivityId, string? ActivityType, string Reason, DateTime FaultedAt, string RetryUrl,
    Guid? DocumentId = null, string? DocumentTitle = null);

/// <summary>Instances: start, list, get, cancel, retry; and publishing events to waiting or triggered workflows.</summary>
internal static class InstanceEndpoints
{
    public static void Map(RouteGroupBuilder workflows)
    {
        var group = workflows.MapGroup("/instances").WithTags("Workflow instances");

        group.MapPost("/", async Task<IResult> (StartInstanceRequest request, DefinitionService definitions, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request.DefinitionId))
            {
                return TypedResults.Problem(statusCode: 422, title: "The request is not valid.", detail: "definitionId is required.");
            }

            var version = await definitions.FindAsync(request.DefinitionId, request.Version is { } n ? VersionSelector.Of(n) : VersionSelector.Published, ct);
            if (version is null)
            {
                return await definitions.FindAsync(request.DefinitionId, VersionSelector.Latest, ct) is null
                    ? TypedResults.Problem(statusCode: 404, title: "Workflow definition not found.", detail: $"Definition '{request.DefinitionId}' does not exist.")
                    : TypedResults.Problem(statusCode: 409, title: "The definition is not published.", detail: $"Definition '{request.DefinitionId}' has no published version{(request.Version is null ? "" : $" {request.Version}")}.");
            }

            if (!version.IsPublished && request.Version is not null)
            {
                return TypedResults.Problem(statusCode: 409, title: "The version is not published.", detail: $"Version {version.Version} of '{request.DefinitionId}' is a draft.");
            }

            var instance = await runtime.StartAsync(version, request.Input, request.CorrelationId, null, ct);
            return TypedResults.Created($"/api/workflows/instances/{instance.Id}", InstanceSummary.From(instance));
        }).Produces<InstanceSummary>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("StartWorkflowInstance").WithSummary("Starts an instance of the published version (or a given published version) with input.");

        group.MapGet("/", async Task<IResult> (int? page, int? pageSize, string? definitionId, WorkflowSubStatus? subStatus, WorkflowStatus? status, string? correlationId,
            FlowDocsDbContext db, CancellationToken ct) =>
        {
            if (PageRequest.TryCreate(page, pageSize, out var request) is { } error)
            {
                return Results.Problem(statusCode: 400, title: "Invalid paging.", detail: error);
            }

            var query = db.Set<WorkflowInstance>().AsNoTracking();
            if (!string.IsNullOrWhiteSpace(definitionId))
            {
                query = query.Where(i => i.DefinitionId == definitionId);
            }

            if (status is not null)
            {
                query = query.Where(i => i.Status == status);
            }

            if (subStatus is not null)
            {
                query = query.Where(i => i.SubStatus == subStatus);
            }

            if (!string.IsNullOrWhiteSpace(correlationId))
            {
                query = query.Where(i => i.CorrelationId == correlationId);
            }

            var rows = await query.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Skip(request.Skip).Take(request.PageSize + 1).ToListAsync(ct);
            var list = rows.ToPage(request);
            return TypedResults.Ok(new PagedList<InstanceSummary>(list.Items.Select(InstanceSummary.From).ToList(), list.Page, list.PageSize, list.HasMore));
        }).Produces<PagedList<InstanceSummary>>().ProducesProblem(StatusCodes.Status400BadRequest)
            .WithName("ListWorkflowInstances").WithSummary("Lists instances, newest first; filter by definition, status, sub-status, correlation id.");

        group.MapGet("/{instanceId:guid}", async Task<IResult> (Guid instanceId, FlowDocsDbContext db, CancellationToken ct) =>
        {
            var instance = await db.Set<WorkflowInstance>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, ct);
            if (instance is null)
            {
                return NotFound(instanceId);
            }

            var bookmarks = await db.Set<WorkflowBookmark>().AsNoTracking().Where(b => b.InstanceId == instanceId).OrderBy(b => b.CreatedAt).ToListAsync(ct);
            var journal = await db.Set<WorkflowJournalEntry>().AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Sequence).Take(1000).ToListAsync(ct);
            var state = InstanceState.Deserialize(instance.StateJson);
            return TypedResults.Ok(new InstanceDetail(
                InstanceSummary.From(instance),
                state.Variables,
                state.Input,
                state.Output,
                bookmarks.Select(b => new BookmarkView(b.Id, b.ActivityId, b.Name, b.Key, b.CreatedAt, b.DueAt, b.PayloadJson is null ? null : JsonNode.Parse(b.PayloadJson))).ToList(),
                journal.Select(j => new JournalView(j.Sequence, j.ActivityId, j.ActivityType, j.EventName, j.Outcome, j.Message, j.Timestamp, j.DurationMs)).ToList(),
                state.Incidents,
                state.Queue.Count));
        }).Produces<InstanceDetail>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetWorkflowInstance").WithSummary("Gets an instance with variables, bookmarks, journal and incidents.");

        var operate = group.MapGroup("").RequireAuthorization(FlowDocsPolicies.Designer);

        workflows.MapGet("/attention", async Task<IResult> (int? page, int? pageSize, FlowDocsDbContext db, IServiceProvider services, CancellationToken ct) =>
        {
            if (PageRequest.TryCreate(page, pageSize, out var request) is { } error)
            {
                return Results.Problem(statusCode: 400, title: "Invalid paging.", detail: error);
            }

            var rows = await db.Set<WorkflowInstance>().AsNoTracking().Where(i => i.SubStatus == WorkflowSubStatus.Faulted)
                .OrderByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id).Skip(request.Skip).Take(request.PageSize + 1).ToListAsync(ct);
            var list = rows.ToPage(request);
            // The documents module answers titles when it is hosted (it always is in the server; the engine alone runs without it).
            var documents = services.GetService<IDocumentCatalog>();
            var titles = new Dictionary<Guid, string?>();
            var items = new List<AttentionItem>(list.Items.Count);
            foreach (var i in list.Items)
            {
                var state = InstanceState.Deserialize(i.StateJson);
                var incident = state.Incidents.LastOrDefault();
                var documentId = DocumentOf(i, state);
                if (documentId is { } id && documents is not null && !titles.ContainsKey(id))
                {
                    titles[id] = (await documents.FindAsync(id, ct))?.Title;
                }

                items.Add(new AttentionItem(
                    InstanceSummary.From(i), incident?.ActivityId, incident?.ActivityType, incident?.Message ?? "The instance faulted without an incident.",
                    incident?.Timestamp ?? i.UpdatedAt, $"/api/workflows/instances/{i.Id}/retry",
                    documentId, documentId is { } known ? titles.GetValueOrDefault(known) : null));
            }

            return TypedResults.Ok(new PagedList<AttentionItem>(items, list.Page, list.PageSize, list.HasMore));
        }).WithTags("Workflow instances").Produces<PagedList<AttentionItem>>().ProducesProblem(StatusCodes.Status400BadRequest)
            .WithName("WorkflowsNeedingAttention").RequireAuthorization(FlowDocsPolicies.Designer)
            .WithSummary("Faulted instances of every workflow, newest first, with the reason and where to retry (Designer or Admin).");

        operate.MapPost("/{instanceId:guid}/cancel", async Task<IResult> (Guid instanceId, FlowDocsDbContext db, WorkflowRuntime runtime, CancellationToken ct) =>
            await runtime.CancelAsync(instanceId, ct)
                ? TypedResults.NoContent()
                : await Conflict(db, instanceId, "has already ended", ct))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CancelWorkflowInstance").WithSummary("Cancels a running instance and drops its bookmarks. Designer role.");

        operate.MapPost("/{instanceId:guid}/retry", async Task<IResult> (Guid instanceId, FlowDocsDbContext db, WorkflowRuntime runtime, CancellationToken ct) =>
            await runtime.RetryAsync(instanceId, ct)
                ? TypedResults.Accepted($"/api/workflows/instances/{instanceId}")
                : await Conflict(db, instanceId, "is not faulted", ct))
            .Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RetryWorkflowInstance").WithSummary("Runs a faulted instance again from the faulted activity. Designer role.");

        workflows.MapPost("/events", async Task<IResult> (PublishEventRequest request, WorkflowRuntime runtime, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request.EventName))
            {
                return Results.Problem(statusCode: 422, title: "The request is not valid.", detail: "eventName is required.");
            }

            var (resumed, started) = await runtime.PublishEventAsync(request.EventName.Trim(), request.CorrelationId, request.Payload, ct);
            return TypedResults.Accepted((string?)null, new PublishEventResponse(resumed, started));
        }).WithTags("Workflow instances").Produces<PublishEventResponse>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("PublishWorkflowEvent")
            .WithSummary("Publishes a named event: resumes Elsa.Event bookmarks (matching the correlation id when given) and starts triggered workflows.");
    }

    /// <summary>The document an instance runs for: its input's <c>documentId</c> (document triggers set it), else a correlation id that is one.</summary>
    private static Guid? DocumentOf(WorkflowInstance instance, InstanceState state) =>
        Guid.TryParse(state.Input["documentId"]?.ToString(), out var fromInput) ? fromInput
        : Guid.TryParse(instance.CorrelationId, out var fromCorrelation) ? fromCorrelation
        : null;

    private static ProblemHttpResult NotFound(Guid instanceId) =>
        TypedResults.Problem(statusCode: 404, title: "Workflow instance not found.", detail: $"Instance {instanceId} does not exist.");

    private static async Task<IResult> Conflict(FlowDocsDbContext db, Guid instanceId, string reason, CancellationToken ct)
    {
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, ct);
        return instance is null
            ? NotFound(instanceId)
            : TypedResults.Problem(statusCode: 409, title: "The instance is not in a state that allows this.", detail: $"Instance {instanceId} {reason} ({instance.SubStatus}).");
    }
}
