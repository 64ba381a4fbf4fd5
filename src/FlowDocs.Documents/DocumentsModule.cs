using FlowDocs.Common.Documents;
using FlowDocs.Common.Http;
using FlowDocs.Common.Security;
using FlowDocs.Data.RecurringJobs;
using FlowDocs.Documents.AddVersion;
using FlowDocs.Documents.AuditChain;
using FlowDocs.Documents.Blobs;
using FlowDocs.Documents.Checkout;
using FlowDocs.Documents.Content;
using FlowDocs.Documents.CreateDocument;
using FlowDocs.Documents.DocumentHistory;
using FlowDocs.Documents.DownloadContent;
using FlowDocs.Documents.GetDocument;
using FlowDocs.Documents.Import;
using FlowDocs.Documents.ListDocuments;
using FlowDocs.Documents.ListVersions;
using FlowDocs.Documents.OrphanBlobs;
using FlowDocs.Documents.RevertVersion;
using FlowDocs.Documents.Trash;
using FlowDocs.Documents.UpdateDocument;
using FlowDocs.Documents.UploadSessions;
using FlowDocs.Documents.WorkflowFacts;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FlowDocs.Documents;

public static class DocumentsModule
{
    /// <summary>Blob store, document use cases, <see cref="IDocumentCatalog"/> and their settings (<c>FlowDocs:Documents:*</c>).</summary>
    public static IHostApplicationBuilder AddDocuments(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddBlobStore();
        var services = builder.Services;
        services.AddSingleton(DocumentsOptions.Read(builder.Configuration));
        services.AddCurrentUser();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<ContentIngest>();
        services.AddScoped<VersionAppender>();
        services.AddScoped<IDocumentCatalog, DocumentCatalog>();
        services.AddScoped<IDocumentImporter, DocumentImporter>();
        services.AddScoped<IDocumentContentReader, DocumentContentReader>();
        services.AddScoped<DocumentWorkflowFacts>();
        services.AddScoped<IDocumentStatusWriter>(sp => sp.GetRequiredService<DocumentWorkflowFacts>());
        services.AddScoped<IDocumentTriggerFactsReader>(sp => sp.GetRequiredService<DocumentWorkflowFacts>());
        services.AddScoped<IDocumentDecisionRecorder>(sp => sp.GetRequiredService<DocumentWorkflowFacts>());
        services.AddSingleton<UploadSessionCleanup>();
        services.AddSingleton<OrphanBlobSweep>();
        services.AddSingleton<BlobDeleteRetries>();
        services.AddHostedService(sp => sp.GetRequiredService<BlobDeleteRetries>());
        services.AddRecurringJob(OrphanBlobSweep.JobId, jobs => jobs.AddOrUpdate<OrphanBlobSweep>(OrphanBlobSweep.JobId, job => job.RunAsync(CancellationToken.None), Cron.Hourly(30)));
        services.AddRecurringJob(UploadSessionCleanup.JobId, jobs => jobs.AddOrUpdate<UploadSessionCleanup>(UploadSessionCleanup.JobId, job => job.RunAsync(CancellationToken.None), Cron.Hourly()));
        services.AddSingleton<AuditChainSealer>();
        services.AddRecurringJob(AuditChainSealer.JobId, jobs => jobs.AddOrUpdate<AuditChainSealer>(AuditChainSealer.JobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely()));
        return builder;
    }

    /// <summary>Maps the document endpoints on <paramref name="api"/> (the authenticated <c>/api</c> group).</summary>
    public static IEndpointRouteBuilder MapDocumentsEndpoints(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var documents = api.MapGroup("/documents").WithTags("Documents");

        documents.MapPost("/", CreateDocumentEndpoint.HandleAsync)
            .WithName("CreateDocument")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Create a document with its first version")
            .WithDescription("The request body is the file's bytes (streamed, never buffered). The file name comes from `fileName` or a Content-Disposition header; the Content-Type header is the declared content type.")
            .Accepts<Stream>("application/octet-stream", "*/*");
        documents.MapGet("/", ListDocumentsEndpoint.HandleAsync)
            .WithName("ListDocuments")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("List and search documents")
            .WithDescription("Filters: status, tag, q (text in title, description or file name), updatedSince, trash=true (the trash instead). Sort: updated (newest first, default) or title. Paging: page/pageSize, or cursor (nextCursor of the previous page).");
        documents.MapGet("/{documentId:guid}", GetDocumentEndpoint.HandleAsync)
            .WithName("GetDocument")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get a document");
        documents.MapPatch("/{documentId:guid}", UpdateDocumentEndpoint.HandleAsync)
            .WithName("UpdateDocument")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Change title, description, tags, metadata or status");
        documents.MapDelete("/{documentId:guid}", TrashEndpoints.PurgeAsync)
            .WithName("PurgeDocument")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Delete a trashed document for good (admins)")
            .RequireAuthorization(FlowDocsPolicies.TenantAdmin);
        documents.MapPost("/{documentId:guid}/trash", TrashEndpoints.TrashAsync)
            .WithName("TrashDocument")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Move a document to the trash");
        documents.MapPost("/{documentId:guid}/restore", TrashEndpoints.RestoreAsync)
            .WithName("RestoreDocument")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Restore a document from the trash");
        documents.MapPost("/{documentId:guid}/checkout", CheckoutEndpoints.CheckOutAsync)
            .WithName("CheckOutDocument")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status423Locked)
            .WithSummary("Check the document out: others cannot add versions until check-in or expiry");
        documents.MapPost("/{documentId:guid}/checkin", CheckoutEndpoints.CheckInAsync)
            .WithName("CheckInDocument")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status423Locked)
            .WithSummary("End your check-out");
        documents.MapDelete("/{documentId:guid}/checkout", CheckoutEndpoints.ReleaseAsync)
            .WithName("ReleaseCheckout")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("End anyone's check-out (admins)")
            .RequireAuthorization(FlowDocsPolicies.TenantAdmin);
        documents.MapGet("/{documentId:guid}/history", DocumentHistoryEndpoint.HandleAsync)
            .WithName("DocumentHistory")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The document's audit events, newest first");
        documents.MapGet("/{documentId:guid}/decisions", DocumentDecisions.ListForDocumentAsync)
            .WithName("DocumentDecisions")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Who decided what about which version, when and why (workflow decisions and Admin overrides), newest first");
        documents.MapGet("/{documentId:guid}/versions/{number:int}/decisions", DocumentDecisions.ListForVersionAsync)
            .WithName("VersionDecisions")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The decisions about one version, newest first");
        documents.MapGet("/{documentId:guid}/versions", ListVersionsEndpoint.ListAsync)
            .WithName("ListVersions")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("List a document's versions, newest first (paged: page, pageSize)");
        documents.MapPost("/{documentId:guid}/versions", AddVersionEndpoint.HandleAsync)
            .WithName("AddVersion")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status423Locked)
            .WithSummary("Add a version")
            .WithDescription("The request body is the new version's bytes. Send If-Match with the current version's ETag to get 412 instead of overwriting someone else's version.")
            .Accepts<Stream>("application/octet-stream", "*/*");
        documents.MapGet("/{documentId:guid}/versions/{number:int}", ListVersionsEndpoint.GetAsync)
            .WithName("GetVersion")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get one version");
        documents.MapPost("/{documentId:guid}/versions/{number:int}/revert", RevertVersionEndpoint.HandleAsync)
            .WithName("RevertToVersion")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status423Locked)
            .WithSummary("Append a new version with the bytes of version N");
        documents.MapGet("/{documentId:guid}/content", DownloadContentEndpoint.CurrentAsync)
            .WithName("DownloadCurrentVersion")
            .WithSummary("Download the current version")
            .WithDescription(ContentDescription)
            .WithContentResponses();
        documents.MapGet("/{documentId:guid}/versions/{number:int}/content", DownloadContentEndpoint.VersionAsync)
            .WithName("DownloadVersion")
            .WithSummary("Download a version")
            .WithDescription(ContentDescription)
            .WithContentResponses();
        // HEAD answers like GET without the body (size, type, ETag, Accept-Ranges): clients probe before a ranged download.
        documents.MapMethods("/{documentId:guid}/content", [HttpMethods.Head], DownloadContentEndpoint.CurrentAsync)
            .WithName("ProbeCurrentVersion")
            .WithSummary("Headers of the current version's download, without the body")
            .WithContentResponses();
        documents.MapMethods("/{documentId:guid}/versions/{number:int}/content", [HttpMethods.Head], DownloadContentEndpoint.VersionAsync)
            .WithName("ProbeVersion")
            .WithSummary("Headers of a version's download, without the body")
            .WithContentResponses();

        var audit = api.MapGroup("/admin/audit").WithTags("Audit").RequireAuthorization(FlowDocsPolicies.TenantAdmin);
        audit.MapGet("/", AuditEndpoints.ListAsync)
            .WithName("ListAuditEvents")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("The tenant's audit events, newest first (Admin); documentId narrows to one document, also after it was purged");
        audit.MapGet("/verify", AuditEndpoints.VerifyAsync)
            .WithName("VerifyAuditChain")
            .WithSummary("Checks the tenant's audit chain from its first event and names the first broken link (Admin)");

        var uploads = api.MapGroup("/uploads").WithTags("Upload sessions");
        uploads.MapPost("/", UploadSessionEndpoints.CreateAsync)
            .WithName("CreateUploadSession")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status423Locked)
            .WithSummary("Start a resumable upload (new document, or a new version when documentId is set)")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        uploads.MapGet("/{sessionId:guid}", UploadSessionEndpoints.GetAsync)
            .WithName("GetUploadSession")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Progress and missing byte ranges");
        uploads.MapPut("/{sessionId:guid}", UploadSessionEndpoints.PutChunkAsync)
            .WithName("PutUploadChunk")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Send a chunk with Content-Range: bytes start-end/size (any order; a repeat replaces)")
            .Accepts<Stream>("application/octet-stream");
        uploads.MapPost("/{sessionId:guid}/complete", UploadSessionEndpoints.CompleteAsync)
            .WithName("CompleteUploadSession")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status423Locked)
            .WithSummary("Assemble the chunks into a version, verifying size and SHA-256");
        uploads.MapDelete("/{sessionId:guid}", UploadSessionEndpoints.CancelAsync)
            .WithName("CancelUploadSession")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Cancel the upload and delete its chunks");
        return api;
    }

    private const string ContentDescription = "The body is the version's bytes with its own content type. ETag and If-None-Match answer 304; Range answers 206 with the requested bytes, 416 when unsatisfiable, 400 when malformed.";

    /// <summary>What a download (GET or HEAD) answers: the bytes in the version's own content type, whole or a range.</summary>
    private static RouteHandlerBuilder WithContentResponses(this RouteHandlerBuilder endpoint) => endpoint
        .Produces(StatusCodes.Status200OK)
        .Produces(StatusCodes.Status206PartialContent)
        .WithMetadata(new AnyContentTypeResponse(StatusCodes.Status200OK), new AnyContentTypeResponse(StatusCodes.Status206PartialContent))
        .Produces(StatusCodes.Status304NotModified)
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status416RangeNotSatisfiable);
}
