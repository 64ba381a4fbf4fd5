using FlowDocs.Common.Http;
using FlowDocs.Common.Paging;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Imports;
using FlowDocs.Imports.Graph;
using FlowDocs.Imports.Runs;
using FlowDocs.Imports.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Imports.Sources;

/// <summary>Import sources: tenant admins create, list, change and delete them; the credential goes in and never comes out.</summary>
internal static class ImportSourceEndpoints
{
    public static async Task<Results<Created<ImportSourceResponse>, ProblemHttpResult>> CreateAsync(
        ImportSourceRequest request, FlowDocsDbContext db, SourceSecrets secrets, ICurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var now = time.GetUtcNow();
        var source = new ImportSource { Id = Guid.CreateVersion7(now), CreatedBy = user.UserId, CreatedAt = now, UpdatedBy = user.UserId, UpdatedAt = now, Revision = Guid.NewGuid() };
        var credential = ImportSourceRules.Apply(request, source, creating: true, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        if (await NameTakenAsync(db, source.Name, null, cancellationToken))
        {
            return ApiProblems.Conflict($"An import source named '{source.Name}' already exists.");
        }

        source.ProtectedCredential = secrets.Protect(credential!);
        source.CredentialKind = credential!.Kind;
        db.Set<ImportSource>().Add(source);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return ApiProblems.Conflict($"An import source named '{source.Name}' already exists.");
        }

        return TypedResults.Created($"/api/imports/sources/{source.Id}", ImportSourceResponse.From(source));
    }

    public static async Task<Results<Ok<PagedList<ImportSourceResponse>>, ProblemHttpResult>> ListAsync(
        int? page, int? pageSize, FlowDocsDbContext db, CancellationToken cancellationToken)
    {
        if (PageRequest.TryCreate(page, pageSize, out var paging) is { } problem)
        {
            return ApiProblems.Invalid(page is < 1 ? "page" : "pageSize", problem);
        }

        var rows = await db.Set<ImportSource>().AsNoTracking().OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Skip(paging.Skip).Take(paging.PageSize + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(ImportSourceResponse.From).ToList().ToPage(paging));
    }

    public static async Task<Results<Ok<ImportSourceResponse>, ProblemHttpResult>> GetAsync(Guid sourceId, FlowDocsDbContext db, CancellationToken cancellationToken)
    {
        var source = await db.Set<ImportSource>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken);
        return source is null ? NotFound(sourceId) : TypedResults.Ok(ImportSourceResponse.From(source));
    }

    public static async Task<Results<Ok<ImportSourceResponse>, ProblemHttpResult>> UpdateAsync(
        Guid sourceId, ImportSourceRequest request, FlowDocsDbContext db, SourceSecrets secrets, ICurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var source = await db.Set<ImportSource>().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken);
        if (source is null)
        {
            return NotFound(sourceId);
        }

        var (drive, folder) = (source.DriveId, source.FolderId);
        var errors = new ValidationErrors();
        var credential = ImportSourceRules.Apply(request, source, creating: false, errors);
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        if (await NameTakenAsync(db, source.Name, source.Id, cancellationToken))
        {
            return ApiProblems.Conflict($"An import source named '{source.Name}' already exists.");
        }

        if (credential is not null)
        {
            source.ProtectedCredential = secrets.Protect(credential);
            source.CredentialKind = credential.Kind;
        }

        if (drive != source.DriveId || folder != source.FolderId)
        {
            // Another folder: the old cursor means nothing there; the next run enumerates the new folder from scratch.
            source.DeltaLink = null;
            source.ResumeLink = null;
            source.FullEnumerationRunId = null;
        }

        source.UpdatedBy = user.UserId;
        source.UpdatedAt = time.GetUtcNow();
        source.Revision = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict($"Import source {sourceId} was changed by someone else at the same moment; read it again and retry.");
        }

        return TypedResults.Ok(ImportSourceResponse.From(source));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid sourceId, FlowDocsDbContext db, ImportRunStarter runs, SubscriptionManager subscriptions, CancellationToken cancellationToken)
    {
        var source = await db.Set<ImportSource>().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken);
        if (source is null)
        {
            return NotFound(sourceId);
        }

        if (await runs.ActiveRunAsync(sourceId, cancellationToken) is { Status: ImportRunStatus.Running } running)
        {
            return ApiProblems.Conflict($"Import source '{source.Name}' has a running run ({running.Id}); delete it when the run has finished.");
        }

        await subscriptions.RemoveAsync(source, cancellationToken);
        db.Set<ImportSource>().Remove(source);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static Task<bool> NameTakenAsync(FlowDocsDbContext db, string name, Guid? except, CancellationToken cancellationToken) =>
        db.Set<ImportSource>().AnyAsync(s => s.Name == name && s.Id != except, cancellationToken);

    private static ProblemHttpResult NotFound(Guid sourceId) => ApiProblems.NotFound($"Import source {sourceId} does not exist.");
}
