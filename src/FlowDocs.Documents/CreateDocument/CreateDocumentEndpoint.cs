using FlowDocs.Common.Http;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.Content;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FlowDocs.Documents.CreateDocument;

public sealed record CreateDocumentQuery(
    [property: FromQuery] string? FileName,
    [property: FromQuery] string? Title,
    [property: FromQuery] string? Description,
    [property: FromQuery(Name = "tag")] string[]? Tags,
    [property: FromQuery] string? Status,
    [property: FromQuery] string? Label,
    [property: FromQuery] string? Comment);

internal static class CreateDocumentEndpoint
{
    /// <summary>Creates a document whose first version is the request body.</summary>
    public static async Task<Results<Created<VersionAddedResponse>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, [AsParameters] CreateDocumentQuery query, ContentIngest ingest, VersionAppender appender, CancellationToken cancellationToken)
    {
        var rules = new DocumentRules();
        if (UploadBody.Prepare(request, query.FileName, ingest.MaxBytes, rules, out var fileName, out var contentType) is { } refused)
        {
            return refused.ToResult();
        }

        var status = rules.Status(query.Status) ?? DocumentStatus.Draft;
        if (ProcessStatuses.Contains(status))
        {
            return ApiProblems.Invalid("status", $"A new document starts as Draft or Archived: {ProcessStatuses.Refusal(status)}");
        }

        var draft = new DocumentDraft(
            rules.Title(query.Title ?? (fileName.Length > 0 ? Path.GetFileNameWithoutExtension(fileName) : null), required: true) ?? string.Empty,
            rules.Description(query.Description),
            status,
            rules.Tags(query.Tags),
            []);
        var version = new VersionDraft(
            fileName, contentType, rules.Text("label", query.Label, DocumentVersion.LabelMaxLength),
            rules.Text("comment", query.Comment, DocumentVersion.CommentMaxLength), VersionOrigin.Upload);
        if (!rules.IsValid)
        {
            return rules.ToResult();
        }

        return await UploadFlow.RunAsync(
            request, ingest, contentType,
            content => appender.CreateDocumentAsync(draft, content, version, cancellationToken),
            added => TypedResults.Created($"/api/documents/{added.Document.Id}", added),
            cancellationToken);
    }
}
