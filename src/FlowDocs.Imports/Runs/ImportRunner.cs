using FlowDocs.Common.Documents;
using FlowDocs.Data;
using FlowDocs.Data.Imports;
using FlowDocs.Imports.Graph;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Graph.Drives.Item.Items.Item.Delta;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;

namespace FlowDocs.Imports.Runs;

/// <summary>
/// Runs one import: follows the source's Graph delta from where the last run stopped, page by page, and persists the
/// cursor after each page, so a run that dies resumes at the page it was on. Items already imported with the same eTag
/// or quickXorHash are skipped, which is also what makes a repeated page (or a 410 resync's full re-enumeration) free of
/// duplicates. Each item commits on its own (version + item mapping in one transaction); a failing item is recorded and
/// the run goes on.
/// </summary>
internal sealed partial class ImportRunner(
    FlowDocsDbContext db,
    GraphClients graph,
    IDocumentImporter importer,
    IDocumentStatusWriter statuses,
    TimeProvider time,
    ILogger<ImportRunner> logger)
{
    /// <summary>A running run whose heartbeat is older than this was abandoned by its worker and may be taken over.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    private const int ProgressEvery = 25;
    private const int MaxRecordedErrors = 500;

    /// <summary>Runs the run unless it already finished or another worker holds it. Returns the final state, or null when it did nothing.</summary>
    public async Task<ImportRun?> RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (!await ClaimAsync(runId, cancellationToken))
        {
            return null;
        }

        var run = await db.Set<ImportRun>().AsNoTracking().FirstAsync(r => r.Id == runId, cancellationToken);
        var source = await db.Set<ImportSource>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == run.SourceId, cancellationToken);
        var progress = new Progress(run);
        if (source is null)
        {
            return await FinishAsync(run, progress, ImportRunStatus.Failed, "The import source was deleted.", cancellationToken);
        }

        LogRunStarted(logger, run.Id, source.Name);
        try
        {
            await EnumerateAsync(graph.Create(source), source, run, progress, cancellationToken);
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException or Azure.Identity.AuthenticationFailedException or InvalidOperationException)
        {
            LogRunFailed(logger, ex, run.Id, source.Name);
            return await FinishAsync(run, progress, ImportRunStatus.Failed, Describe(ex), cancellationToken);
        }

        return await FinishAsync(run, progress, progress.Failed > 0 ? ImportRunStatus.CompletedWithErrors : ImportRunStatus.Succeeded, null, cancellationToken);
    }

    private async Task EnumerateAsync(GraphServiceClient client, ImportSource source, ImportRun run, Progress progress, CancellationToken cancellationToken)
    {
        var delta = client.Drives[source.DriveId].Items[source.FolderId].Delta;
        var link = source.ResumeLink ?? source.DeltaLink;
        var fullRunId = source.FullEnumerationRunId;
        if (link is null || fullRunId is not null)
        {
            // No cursor: the first run (or one after a resync) enumerates everything; a run resuming an unfinished full
            // enumeration carries on with the same marker, so items seen before the crash count as seen.
            fullRunId ??= run.Id;
            await SetFullEnumerationAsync(source.Id, run.Id, fullRunId, cancellationToken);
        }

        var resynced = false;
        while (true)
        {
            DeltaGetResponse? page;
            try
            {
                page = link is null
                    ? await delta.GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken)
                    : await delta.WithUrl(link).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken);
            }
            catch (ApiException ex) when (ex.ResponseStatusCode == 410 && !resynced)
            {
                // resyncRequired: the cursor expired. Enumerate again from scratch; what was imported is skipped by eTag,
                // and what is no longer there is found once the enumeration completes.
                LogResync(logger, source.Name);
                resynced = true;
                link = null;
                fullRunId = run.Id;
                await SetFullEnumerationAsync(source.Id, run.Id, fullRunId, cancellationToken);
                await db.Set<ImportSource>().Where(s => s.Id == source.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.DeltaLink, (string?)null).SetProperty(x => x.ResumeLink, (string?)null), cancellationToken);
                continue;
            }

            var items = (page?.Value ?? []).Where(i => i.Id is not null)
                .GroupBy(i => i.Id!, StringComparer.Ordinal).Select(g => g.Last()); // an item can appear twice: the last wins
            foreach (var item in items)
            {
                await ImportItemAsync(client, source, run, progress, item, fullRunId ?? run.Id, cancellationToken);
                if (progress.SinceSaved >= ProgressEvery)
                {
                    await SaveProgressAsync(run.Id, progress, cancellationToken);
                }
            }

            progress.Pages++;
            if (page?.OdataNextLink is { } next)
            {
                link = next;
                await db.Set<ImportSource>().Where(s => s.Id == source.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.ResumeLink, next), cancellationToken);
                await SaveProgressAsync(run.Id, progress, cancellationToken);
                continue;
            }

            if (fullRunId is not null)
            {
                await ReconcileDeletionsAsync(source, progress, fullRunId.Value, cancellationToken);
            }

            var deltaLink = page?.OdataDeltaLink ?? throw new InvalidOperationException("Graph answered a delta page with neither @odata.nextLink nor @odata.deltaLink.");
            await db.Set<ImportSource>().Where(s => s.Id == source.Id).ExecuteUpdateAsync(
                s => s.SetProperty(x => x.DeltaLink, deltaLink).SetProperty(x => x.ResumeLink, (string?)null).SetProperty(x => x.FullEnumerationRunId, (Guid?)null),
                cancellationToken);
            await SaveProgressAsync(run.Id, progress, cancellationToken);
            return;
        }
    }

    private async Task ImportItemAsync(
        GraphServiceClient client, ImportSource source, ImportRun run, Progress progress, DriveItem item, Guid seenMarker, CancellationToken cancellationToken)
    {
        if (item.Deleted is not null)
        {
            progress.Seen();
            await DeleteAsync(source, progress, item.Id!, cancellationToken);
            return;
        }

        if (item.File is null || item.Root is not null)
        {
            return; // folders, the root, notebooks: only files become documents
        }

        progress.Seen();
        var known = await db.Set<ImportedItem>().AsNoTracking().FirstOrDefaultAsync(i => i.SourceId == source.Id && i.ItemId == item.Id, cancellationToken);
        var hash = item.File.Hashes?.QuickXorHash;
        if (known is not null && known.DeletedAt is null
            && (string.Equals(known.ETag, item.ETag, StringComparison.Ordinal) || (hash is not null && string.Equals(known.QuickXorHash, hash, StringComparison.Ordinal))))
        {
            await MarkSeenAsync(source.Id, item, seenMarker, cancellationToken);
            progress.Skipped++;
            return;
        }

        if (known is not null && source.ConflictPolicy == ImportConflictPolicy.Skip)
        {
            await MarkSeenAsync(source.Id, item, seenMarker, keepETag: true, cancellationToken);
            progress.Skipped++;
            return;
        }

        var target = known is not null && source.ConflictPolicy == ImportConflictPolicy.NewVersion ? known.DocumentId : (Guid?)null;
        try
        {
            await using var content = await client.Drives[source.DriveId].Items[item.Id].Content.GetAsync(cancellationToken: cancellationToken)
                ?? throw new InvalidOperationException("Graph returned no content.");
            var spec = new ImportedItemContent(
                target, item.Name ?? item.Id!, item.File.MimeType, item.Id!, item.ETag, $"import:{source.Name}",
                source.DocumentStatus.ToString(), source.Tags,
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["import.source"] = source.Name,
                    ["import.path"] = $"{item.ParentReference?.Path}/{item.Name}",
                });
            var result = await importer.ImportAsync(spec, content, (documentId, ct) => RecordAsync(source.Id, item, documentId, seenMarker, ct), cancellationToken);
            if (!result.Succeeded)
            {
                await FailKnownItemAsync(run.Id, progress, item, known, seenMarker, result.Problem!, cancellationToken);
            }
            else if (target is null && known is null)
            {
                progress.New++;
            }
            else
            {
                progress.Updated++;
            }
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException or IOException or InvalidOperationException)
        {
            await FailKnownItemAsync(run.Id, progress, item, known, seenMarker, Describe(ex), cancellationToken);
        }
    }

    /// <summary>
    /// An item that exists at the source but failed this time is still there: marking it seen keeps a full enumeration
    /// from taking it for deleted (its eTag is kept, so the next run tries it again).
    /// </summary>
    private async Task FailKnownItemAsync(
        Guid runId, Progress progress, DriveItem item, ImportedItem? known, Guid seenMarker, string message, CancellationToken cancellationToken)
    {
        if (known is not null)
        {
            await MarkSeenAsync(known.SourceId, item, seenMarker, keepETag: true, cancellationToken);
        }

        await FailItemAsync(runId, progress, item, message, cancellationToken);
    }

    /// <summary>Runs inside the version's transaction: which document the item became, and what it looked like.</summary>
    private async Task RecordAsync(Guid sourceId, DriveItem item, Guid documentId, Guid seenMarker, CancellationToken cancellationToken)
    {
        var row = await db.Set<ImportedItem>().FirstOrDefaultAsync(i => i.SourceId == sourceId && i.ItemId == item.Id, cancellationToken);
        if (row is null)
        {
            row = new ImportedItem { SourceId = sourceId, ItemId = item.Id! };
            db.Set<ImportedItem>().Add(row);
        }

        row.DocumentId = documentId;
        row.ETag = item.ETag;
        row.QuickXorHash = item.File?.Hashes?.QuickXorHash;
        row.Name = item.Name is { Length: > 255 } long_ ? long_[..255] : item.Name;
        row.ImportedAt = time.GetUtcNow();
        row.DeletedAt = null;
        row.LastSeenRunId = seenMarker;
    }

    private Task MarkSeenAsync(Guid sourceId, DriveItem item, Guid seenMarker, CancellationToken cancellationToken) =>
        MarkSeenAsync(sourceId, item, seenMarker, keepETag: false, cancellationToken);

    private async Task MarkSeenAsync(Guid sourceId, DriveItem item, Guid seenMarker, bool keepETag, CancellationToken cancellationToken)
    {
        var rows = db.Set<ImportedItem>().Where(i => i.SourceId == sourceId && i.ItemId == item.Id);
        if (keepETag)
        {
            await rows.ExecuteUpdateAsync(s => s.SetProperty(i => i.LastSeenRunId, seenMarker), cancellationToken);
            return;
        }

        // Same content under a new eTag (a rename, a metadata edit): remember the eTag so the next run skips it cheaply.
        await rows.ExecuteUpdateAsync(s => s.SetProperty(i => i.LastSeenRunId, seenMarker).SetProperty(i => i.ETag, item.ETag), cancellationToken);
    }

    private async Task DeleteAsync(ImportSource source, Progress progress, string itemId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var row = await db.Set<ImportedItem>().FirstOrDefaultAsync(i => i.SourceId == source.Id && i.ItemId == itemId, cancellationToken);
        if (row is null || row.DeletedAt is not null)
        {
            return;
        }

        await MarkDeletedAsync(source, row, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        progress.Deleted++;
    }

    private async Task MarkDeletedAsync(ImportSource source, ImportedItem row, CancellationToken cancellationToken)
    {
        row.DeletedAt = time.GetUtcNow();
        if (source.DeletionPolicy == ImportDeletionPolicy.Archive)
        {
            await statuses.SetStatusAsync(row.DocumentId, "Archived", cancellationToken);
        }
    }

    /// <summary>After a complete enumeration: imported items it did not see are gone at the source (deltas after a resync do not report them).</summary>
    private async Task ReconcileDeletionsAsync(ImportSource source, Progress progress, Guid seenMarker, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var missing = await db.Set<ImportedItem>()
            .Where(i => i.SourceId == source.Id && i.DeletedAt == null && i.LastSeenRunId != seenMarker)
            .ToListAsync(cancellationToken);
        foreach (var row in missing)
        {
            await MarkDeletedAsync(source, row, cancellationToken);
            progress.Deleted++;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task FailItemAsync(Guid runId, Progress progress, DriveItem item, string message, CancellationToken cancellationToken)
    {
        progress.Failed++;
        LogItemFailed(logger, item.Id!, item.Name, message);
        if (progress.Failed > MaxRecordedErrors)
        {
            return;
        }

        db.ChangeTracker.Clear();
        db.Set<ImportItemError>().Add(new ImportItemError
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            RunId = runId,
            ItemId = item.Id!,
            ItemName = item.Name is { Length: > 255 } n ? n[..255] : item.Name,
            Message = message.Length > ImportItemError.MessageMaxLength ? message[..ImportItemError.MessageMaxLength] : message,
            At = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Takes the run: queued, or running with a stale heartbeat (its worker died). Only one worker wins.</summary>
    private async Task<bool> ClaimAsync(Guid runId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var staleBefore = now - StaleAfter;
        var claimed = await db.Set<ImportRun>()
            .Where(r => r.Id == runId && (r.Status == ImportRunStatus.Queued || (r.Status == ImportRunStatus.Running && r.HeartbeatAt < staleBefore)))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ImportRunStatus.Running).SetProperty(r => r.StartedAt, now).SetProperty(r => r.HeartbeatAt, now), cancellationToken);
        return claimed == 1;
    }

    private async Task SetFullEnumerationAsync(Guid sourceId, Guid runId, Guid? marker, CancellationToken cancellationToken)
    {
        await db.Set<ImportSource>().Where(s => s.Id == sourceId).ExecuteUpdateAsync(s => s.SetProperty(x => x.FullEnumerationRunId, marker), cancellationToken);
        await db.Set<ImportRun>().Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.FullEnumeration, true), cancellationToken);
    }

    private async Task SaveProgressAsync(Guid runId, Progress p, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Set<ImportRun>().Where(r => r.Id == runId).ExecuteUpdateAsync(
            s => s.SetProperty(r => r.Pages, p.Pages).SetProperty(r => r.ItemsSeen, p.ItemsSeen).SetProperty(r => r.New, p.New)
                .SetProperty(r => r.Updated, p.Updated).SetProperty(r => r.Skipped, p.Skipped).SetProperty(r => r.Deleted, p.Deleted)
                .SetProperty(r => r.Failed, p.Failed).SetProperty(r => r.HeartbeatAt, now),
            cancellationToken);
        p.SinceSaved = 0;
    }

    private async Task<ImportRun> FinishAsync(ImportRun run, Progress progress, ImportRunStatus status, string? message, CancellationToken cancellationToken)
    {
        await SaveProgressAsync(run.Id, progress, cancellationToken);
        var now = time.GetUtcNow();
        var text = message is { Length: > ImportItemError.MessageMaxLength } ? message[..ImportItemError.MessageMaxLength] : message;
        await db.Set<ImportRun>().Where(r => r.Id == run.Id).ExecuteUpdateAsync(
            s => s.SetProperty(r => r.Status, status).SetProperty(r => r.FinishedAt, now).SetProperty(r => r.Message, text), cancellationToken);
        LogRunFinished(logger, run.Id, status, progress.New, progress.Updated, progress.Skipped, progress.Deleted, progress.Failed);
        return await db.Set<ImportRun>().AsNoTracking().FirstAsync(r => r.Id == run.Id, cancellationToken);
    }

    private static string Describe(Exception ex) => ex switch
    {
        Microsoft.Graph.Models.ODataErrors.ODataError odata => $"Graph answered {odata.ResponseStatusCode}: {odata.Error?.Code} {odata.Error?.Message}".Trim(),
        ApiException api => $"Graph answered {api.ResponseStatusCode}: {api.Message}",
        _ => ex.Message,
    };

    /// <summary>Counts of the running run, written to its row every page (and every few items) as progress.</summary>
    private sealed class Progress(ImportRun run)
    {
        public int Pages { get; set; } = run.Pages;

        public int ItemsSeen { get; private set; } = run.ItemsSeen;

        public int New { get; set; } = run.New;

        public int Updated { get; set; } = run.Updated;

        public int Skipped { get; set; } = run.Skipped;

        public int Deleted { get; set; } = run.Deleted;

        public int Failed { get; set; } = run.Failed;

        public int SinceSaved { get; set; }

        public void Seen()
        {
            ItemsSeen++;
            SinceSaved++;
        }
    }

    [LoggerMessage(LogLevel.Information, "Import run {RunId} of source {Source} started")]
    private static partial void LogRunStarted(ILogger logger, Guid runId, string source);

    [LoggerMessage(LogLevel.Information, "Import run {RunId} finished {Status}: {New} new, {Updated} updated, {Skipped} skipped, {Deleted} deleted, {Failed} failed")]
    private static partial void LogRunFinished(ILogger logger, Guid runId, ImportRunStatus status, int @new, int updated, int skipped, int deleted, int failed);

    [LoggerMessage(LogLevel.Error, "Import run {RunId} of source {Source} failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, Guid runId, string source);

    [LoggerMessage(LogLevel.Warning, "Graph asked for a resync of source {Source}: enumerating the folder again")]
    private static partial void LogResync(ILogger logger, string source);

    [LoggerMessage(LogLevel.Warning, "Import item {ItemId} ({Name}) failed: {Message}")]
    private static partial void LogItemFailed(ILogger logger, string itemId, string? name, string message);
}
