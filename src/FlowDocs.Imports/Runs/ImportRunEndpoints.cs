using FlowDocs.Common.Http;
using FlowDocs.Common.Paging;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Imports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Imports.Runs;

/// <summary>"Run now", and the runs of a source with their counts, progress and per-item errors.</summary>
internal static class ImportRunEndpoints
{
    public static async Task<Results<Accepted<ImportRunResponse>, ProblemHttpResult>> StartAsync(
        Guid sourceId, ImportRunStarter starter, ICurrentUser user, CancellationToken cancellationToken)
    {
        var (run, problem) = await starter.StartAsync(sourceId, ImportRunTrigger.Manual, user.UserId, cancellationToken);
        return run is null ? problem! : TypedResults.Accepted($"/api/imports/runs/{run.Id}", ImportRunResponse.From(run));
    }

    public static async Task<Results<Ok<PagedList<ImportRunResponse>>, ProblemHttpResult>> ListAsync(
        Guid sourceId, int? page, int? pageSize, FlowDocsDbContext db, CancellationToken cancellationToken)
    {
        if (PageRequest.TryCreate(page, pageSize, out var paging) is { } problem)
        {
            return ApiProblems.Invalid(page is < 1 ? "page" : "pageSize", problem);
        }

        if (!await db.Set<ImportSource>().AnyAsync(s => s.Id == sourceId, cancellationToken))
        {
            return ApiProblems.NotFound($"Import source {sourceId} does not exist.");
        }

        var rows = await db.Set<ImportRun>().AsNoTracking().Where(r => r.SourceId == sourceId)
            .OrderByDescending(r => r.QueuedAt).ThenByDescending(r => r.Id)
            .Skip(paging.Skip).Take(paging.PageSize + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(r => ImportRunResponse.From(r)).ToList().ToPage(paging));
    }

    /// <summary>One run with up to 100 item errors (oldest first).</summary>
    public static async Task<Results<Ok<ImportRunResponse>, ProblemHttpResult>> GetAsync(Guid runId, FlowDocsDbContext db, CancellationToken cancellationToken)
    {
        var run = await db.Set<ImportRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
        {
            return ApiProblems.NotFound($"Import run {runId} does not exist.");
        }

        var errors = await db.Set<ImportItemError>().AsNoTracking().Where(e => e.RunId == runId).OrderBy(e => e.At).ThenBy(e => e.Id).Take(100)
            .Select(e => new ImportItemErrorResponse(e.ItemId, e.ItemName, e.Message, e.At))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(ImportRunResponse.From(run, errors));
    }
}
