using System.Text.Json.Nodes;
using FlowDocs.Common.Documents;
using FlowDocs.Common.Events;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Expressions;
using FlowDocs.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Workflows.Activities;

/// <summary>
/// A trigger: a new version of a document starts the workflow (correlated by the document id) when it passes
/// the filters. Inside a flow, it waits for the next version of the instance's document.
/// </summary>
internal sealed class DocumentVersionAddedActivity : IActivity
{
    public const string TypeName = "FlowDocs.DocumentVersionAdded";

    public ActivityDescriptor Descriptor { get; } = new(
        TypeName, Categories.Documents, "Document version added",
        "Starts the workflow when a document version is added (filters: tag, status, content type); inside a flow, waits for the next version of the instance's document.",
        [
            new InputDescriptor("tag", "String", "Only documents carrying this tag."),
            new InputDescriptor("status", "String", "Only documents in one of these statuses (comma-separated, e.g. Draft,InReview)."),
            new InputDescriptor("contentType", "String", "Only versions of this content type (e.g. application/pdf; a trailing * matches a prefix)."),
        ],
        ["Done"], IsTrigger: true);

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsTriggered)
        {
            return ValueTask.FromResult(ActivityResult.Done());
        }

        return context.CorrelationId is { Length: > 0 } documentId
            ? ValueTask.FromResult(ActivityResult.Suspend(context.CreateBookmark(TypeName, documentId)))
            : throw new ExpressionException("Waiting for a document version needs the instance's correlation id to be the document id.");
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ResumePayload is { } payload)
        {
            context.Input["document"] = payload.DeepClone();
        }

        return ValueTask.FromResult(ActivityResult.Done());
    }
}

/// <summary>Sets the status of a document (default: the instance's correlated document) through <see cref="IDocumentStatusWriter"/>.</summary>
internal sealed class SetDocumentStatusActivity : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        "FlowDocs.SetDocumentStatus", Categories.Documents, "Set document status", "Sets a document's status, e.g. Approved.",
        [
            new InputDescriptor("status", "String", "The new status.", Required: true),
            new InputDescriptor("documentId", "String", "The document; default the instance's correlation id."),
        ],
        ["Done"]);

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var status = await context.EvaluateAsync<string>("status");
        var documentText = await context.EvaluateAsync<string>("documentId") ?? context.CorrelationId;
        if (string.IsNullOrWhiteSpace(status))
        {
            throw new ExpressionException("Input 'status' is empty.");
        }

        if (!Guid.TryParse(documentText, out var documentId))
        {
            throw new ExpressionException($"'{documentText}' is not a document id.");
        }

        var writer = context.Services.GetService<IDocumentStatusWriter>()
            ?? throw new InvalidOperationException("No document module is installed (IDocumentStatusWriter is not registered).");

        // The status of the version this instance is about: the one that started it, when it is about that document.
        var version = string.Equals(context.Input["documentId"]?.ToString(), documentId.ToString(), StringComparison.OrdinalIgnoreCase)
            && context.Input["versionNumber"] is JsonValue v && v.TryGetValue<int>(out var number) ? number : (int?)null;
        var outcome = await writer.SetStatusAsync(new DocumentStatusChange(documentId, status.Trim(), version, await context.OriginAsync()), context.CancellationToken);
        if (outcome == DocumentStatusOutcome.NotCurrentVersion)
        {
            context.Log($"Status {status} not set: version {version} is no longer the document's current version.");
        }

        return outcome == DocumentStatusOutcome.NotFound
            ? ActivityResult.Fault($"Document {documentId} does not exist.")
            : ActivityResult.Done();
    }
}

/// <summary>
/// Starts workflows on <see cref="DocumentVersionAdded"/>: resumes instances waiting for a new version of that
/// document, and starts every published definition whose trigger filters match.
/// </summary>
internal sealed partial class DocumentVersionAddedHandler(
    FlowDocsDbContext db,
    ITenantContext tenant,
    WorkflowRuntime runtime,
    ILogger<DocumentVersionAddedHandler> logger,
    IDocumentTriggerFactsReader? facts = null) : IEventHandler<DocumentVersionAdded>
{
    public async Task HandleAsync(DocumentVersionAdded payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (tenant.TenantId is null)
        {
            tenant.Enter(payload.TenantId);
        }
        else if (tenant.TenantId != payload.TenantId)
        {
            LogOtherTenant(logger, payload.DocumentId);
            return;
        }

        var input = new JsonObject
        {
            ["documentId"] = payload.DocumentId.ToString(),
            ["versionId"] = payload.VersionId.ToString(),
            ["versionNumber"] = payload.VersionNumber,
            ["origin"] = payload.Origin,
            ["addedBy"] = payload.AddedBy,
            ["addedAt"] = payload.AddedAt,
        };
        var documentKey = payload.DocumentId.ToString();
        await SupersedeOlderAsync(documentKey, payload.VersionNumber, cancellationToken);
        var waiting = await db.Set<WorkflowBookmark>().AsNoTracking()
            .Where(b => b.Name == DocumentVersionAddedActivity.TypeName && b.Key == documentKey).Select(b => b.Id).ToListAsync(cancellationToken);
        foreach (var bookmarkId in waiting)
        {
            await runtime.ResumeAsync(bookmarkId, (JsonObject)input.DeepClone(), cancellationToken);
        }

        var triggers = await db.Set<WorkflowTrigger>().AsNoTracking()
            .Where(t => t.Name == DocumentVersionAddedActivity.TypeName).ToListAsync(cancellationToken);
        DocumentTriggerFacts? known = null;
        foreach (var trigger in triggers)
        {
            var filters = Filters(trigger);
            if (filters.Tag is not null || filters.Status is not null || filters.ContentType is not null)
            {
                known ??= facts is null ? null : await facts.FindAsync(payload.DocumentId, payload.VersionId, cancellationToken);
                if (!Matches(filters, known))
                {
                    continue;
                }
            }

            var version = await db.Set<WorkflowDefinition>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == trigger.DefinitionVersionId && d.IsPublished, cancellationToken);
            if (version is not null)
            {
                await runtime.StartAsync(version, (JsonObject)input.DeepClone(), documentKey, trigger.ActivityId, payload.VersionId.ToString(), cancellationToken);
            }
        }
    }

    /// <summary>Ends the document's running instances that asked to end once a newer version than theirs arrives.</summary>
    private async Task SupersedeOlderAsync(string documentKey, int versionNumber, CancellationToken cancellationToken)
    {
        var running = await db.Set<WorkflowInstance>().AsNoTracking()
            .Where(i => i.CorrelationId == documentKey && i.Status == WorkflowStatus.Running)
            .Select(i => new { i.Id, i.StateJson }).ToListAsync(cancellationToken);
        foreach (var instance in running)
        {
            if (InstanceState.Deserialize(instance.StateJson).SupersedableVersion < versionNumber)
            {
                await runtime.EndAsync(instance.Id, WorkflowSubStatus.Superseded, $"superseded by version {versionNumber}", cancellationToken);
            }
        }
    }

    internal static bool Matches((string? Tag, string? Status, string? ContentType) filters, DocumentTriggerFacts? facts)
    {
        if (facts is null)
        {
            return false;
        }

        if (filters.Tag is not null && !facts.Tags.Contains(filters.Tag, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        if (filters.Status is not null
            && !filters.Status.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Contains(facts.Status, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        return filters.ContentType is null
            || (filters.ContentType.EndsWith('*')
                ? facts.ContentType?.StartsWith(filters.ContentType[..^1], StringComparison.OrdinalIgnoreCase) == true
                : string.Equals(filters.ContentType, facts.ContentType, StringComparison.OrdinalIgnoreCase));
    }

    private static (string? Tag, string? Status, string? ContentType) Filters(WorkflowTrigger trigger)
    {
        var node = trigger.PayloadJson is null ? null : new Model.ActivityNode(JsonNode.Parse(trigger.PayloadJson)!.AsObject());
        static string? Text(Model.Expression? e) => e is null || e.Text.Trim().Length == 0 ? null : e.Text.Trim();
        return (Text(node?.InputExpression("tag")), Text(node?.InputExpression("status")), Text(node?.InputExpression("contentType")));
    }

    [LoggerMessage(LogLevel.Warning, "DocumentVersionAdded for document {DocumentId} was published in another tenant's scope; ignored")]
    private static partial void LogOtherTenant(ILogger logger, Guid documentId);
}
