using System.Text.Json;
using FlowDocs.Common.Paging;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Documents.DocumentHistory;

/// <summary>One audit event: who did what, when, and the values before and after where they apply.</summary>
public sealed record HistoryEntry(Guid Id, string Action, string Actor, DateTimeOffset At, int? VersionNumber, JsonElement? Before, JsonElement? After);

internal static class DocumentHistoryEndpoint
{
    /// <summary>The document's audit events, newest first, paged.</summary>
    public static async Task<Results<Ok<PagedList<HistoryEntry>>, ProblemHttpResult>> HandleAsync(
        Guid documentId, [FromQuery] int? page, [FromQuery] int? pageSize, FlowDocsDbContext db, CancellationToken cancellationToken)
    {
        if (PageRequest.TryCreate(page, pageSize, out var request) is { } error)
        {
            return DocumentRules.Problem(error.Split(' ')[0], error);
        }

        if (!await db.Set<Document>().AnyAsync(d => d.Id == documentId, cancellationToken))
        {
            return DocumentProblem.NotFound(documentId).ToResult();
        }

        var rows = await db.Set<DocumentAuditEvent>().AsNoTracking()
            .Where(e => e.DocumentId == documentId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(request.Skip).Take(request.PageSize + 1)
            .ToListAsync(cancellationToken);
        var entries = rows.ConvertAll(e => new HistoryEntry(e.Id, e.Action, e.Actor, e.At, e.VersionNumber, Parse(e.Before), Parse(e.After)));
        return TypedResults.Ok(entries.ToPage(request));
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
