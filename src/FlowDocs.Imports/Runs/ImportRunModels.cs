using FlowDocs.Data.Imports;

namespace FlowDocs.Imports.Runs;

public sealed record ImportItemErrorResponse(string ItemId, string? ItemName, string Message, DateTimeOffset At);

/// <summary>A run with its counts; while it runs they grow page by page (<c>pages</c>, <c>itemsSeen</c>, <c>heartbeatAt</c>).</summary>
public sealed record ImportRunResponse(
    Guid Id,
    Guid SourceId,
    string Status,
    string Trigger,
    string RequestedBy,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? HeartbeatAt,
    bool FullEnumeration,
    int Pages,
    int ItemsSeen,
    int New,
    int Updated,
    int Skipped,
    int Deleted,
    int Failed,
    string? Message,
    IReadOnlyList<ImportItemErrorResponse>? Errors)
{
    public static ImportRunResponse From(ImportRun r, IReadOnlyList<ImportItemErrorResponse>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(
            r.Id, r.SourceId, r.Status.ToString(), r.Trigger.ToString(), r.RequestedBy, r.QueuedAt, r.StartedAt, r.FinishedAt, r.HeartbeatAt,
            r.FullEnumeration, r.Pages, r.ItemsSeen, r.New, r.Updated, r.Skipped, r.Deleted, r.Failed, r.Message, errors);
    }

    public static bool IsActive(ImportRunStatus status) => status is ImportRunStatus.Queued or ImportRunStatus.Running;
}
