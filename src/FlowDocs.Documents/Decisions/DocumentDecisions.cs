using System.Text.Json;
using FlowDocs.Common.Documents;
using FlowDocs.Common.Paging;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Documents;

/// <summary>One decision about one version, as the decisions endpoints answer it.</summary>
public sealed record DecisionResponse(
    Guid Id,
    Guid DocumentId,
    Guid VersionId,
    int VersionNumber,
    string VersionSha256,
    string Outcome,
    string Kind,
    string DecidedBy,
    DateTimeOffset DecidedAt,
    string? Comment,
    IReadOnlyList<DecisionVote> Votes,
    string? WorkflowDefinitionId,
    int? WorkflowDefinitionVersion,
    Guid? WorkflowInstanceId)
{
    internal static DecisionResponse From(DocumentDecision d) => new(
        d.Id, d.DocumentId, d.VersionId, d.VersionNumber, d.VersionSha256, d.Outcome.ToString(), d.Kind.ToString(), d.DecidedBy, d.DecidedAt, d.Comment,
        d.Votes is null ? [] : JsonSerializer.Deserialize<List<DecisionVote>>(d.Votes, JsonSerializerOptions.Web) ?? [],
        d.WorkflowDefinitionId, d.WorkflowDefinitionVersion, d.WorkflowInstanceId);
}

internal static class DocumentDecisions
{
    /// <summary>Adds a decision (and its audit event) to the caller's unit of work.</summary>
    public static DocumentDecision Add(
        FlowDocsDbContext db, Document document, DocumentVersion version, DocumentStatus outcome, DecisionKind kind, string by, DateTimeOffset at,
        string? comment, IReadOnlyList<DecisionVote>? votes, WorkflowOrigin? workflow)
    {
        var decision = new DocumentDecision
        {
            Id = Guid.CreateVersion7(at),
            DocumentId = document.Id,
            VersionId = version.Id,
            VersionNumber = version.Number,
            VersionSha256 = version.Sha256,
            Outcome = outcome,
            Kind = kind,
            DecidedBy = by.Length > 200 ? by[..200] : by,
            DecidedAt = at,
            Comment = comment?.Length > DocumentDecision.CommentMaxLength ? comment[..DocumentDecision.CommentMaxLength] : comment,
            Votes = votes is null || votes.Count == 0 ? null : JsonSerializer.Serialize(votes, JsonSerializerOptions.Web),
            WorkflowDefinitionId = workflow?.DefinitionId,
            WorkflowDefinitionVersion = workflow?.DefinitionVersion,
            WorkflowInstanceId = workflow?.InstanceId,
        };
        db.Set<DocumentDecision>().Add(decision);
        if (kind == DecisionKind.Workflow)
        {
            DocumentAudit.Record(db, document.Id, DocumentActions.VersionDecided, by, at, version.Number, after: new
            {
                Outcome = outcome.ToString(),
                VersionId = version.Id,
                version.Sha256,
                Comment = comment,
                Votes = votes,
                Workflow = workflow,
            });
        }

        return decision;
    }

    /// <summary>The document's decisions (one version's when <paramref name="versionNumber"/> is set), newest first, paged.</summary>
    public static async Task<Results<Ok<PagedList<DecisionResponse>>, ProblemHttpResult>> ListAsync(
        Guid documentId, int? versionNumber, int? page, int? pageSize, FlowDocsDbContext db, CancellationToken cancellationToken)
    {
        if (PageRequest.TryCreate(page, pageSize, out var request) is { } error)
        {
            return DocumentRules.Problem(error.Split(' ')[0], error);
        }

        if (!await db.Set<Document>().AnyAsync(d => d.Id == documentId, cancellationToken))
        {
            return DocumentProblem.NotFound(documentId).ToResult();
        }

        if (versionNumber is { } number && !await db.Set<DocumentVersion>().AnyAsync(v => v.DocumentId == documentId && v.Number == number, cancellationToken))
        {
            return DocumentProblem.VersionNotFound(documentId, number).ToResult();
        }

        var query = db.Set<DocumentDecision>().AsNoTracking().Where(d => d.DocumentId == documentId);
        if (versionNumber is { } only)
        {
            query = query.Where(d => d.VersionNumber == only);
        }

        var rows = await query.OrderByDescending(d => d.DecidedAt).ThenByDescending(d => d.Id)
            .Skip(request.Skip).Take(request.PageSize + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.ConvertAll(DecisionResponse.From).ToPage(request));
    }

    public static Task<Results<Ok<PagedList<DecisionResponse>>, ProblemHttpResult>> ListForDocumentAsync(
        Guid documentId, [FromQuery] int? page, [FromQuery] int? pageSize, FlowDocsDbContext db, CancellationToken cancellationToken) =>
        ListAsync(documentId, null, page, pageSize, db, cancellationToken);

    public static Task<Results<Ok<PagedList<DecisionResponse>>, ProblemHttpResult>> ListForVersionAsync(
        Guid documentId, int number, [FromQuery] int? page, [FromQuery] int? pageSize, FlowDocsDbContext db, CancellationToken cancellationToken) =>
        ListAsync(documentId, number, page, pageSize, db, cancellationToken);
}
