using FlowDocs.Common.Documents;
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
            .WithSummary("Create a document with its first version")
            .WithDescription("The request body is the file's bytes (streamed, never buffered). The file name comes from `fileName` or a Content-Disposition header; the Content-Type header is the declared content type.")
            .Accepts<Stream>("application/octet-stream", "*/*");
        documents.MapGet("/", ListDocumentsEndpoint.HandleAsync)
            .WithName("ListDocuments")
            .WithSummary("List and search documents")
            .WithDescription("Filters: status, tag, q (text in title, description or file name), updatedSince, trash=true (the trash instead). Sort: updated (newest first, default) or title. Paging: page/pageSize, or cursor (nextCursor of the previous page).");
        documents.MapGet("/{documentId:guid}", GetDocumentEndpoint.HandleAsync)
            .WithName("GetDocument")
            .WithSummary("Get a document");
        documents.MapPatch("/{documentId:guid}", UpdateDocumentEndpoint.HandleAsync)
            .WithName("UpdateDocument")
            .WithSummary("Change title, description, tags, metadata or status");
        documents.MapDelete("/{documentId:guid}", TrashEndpoints.PurgeAsync)
            .WithName("PurgeDocument")
            .WithSummary("Delete a trashed document for good (admins)")
            .RequireAuthorization(FlowDocsPolicies.TenantAdmin);
        documents.MapPost("/{documentId:guid}/trash", TrashEndpoints.TrashAsync)
            .WithName("TrashDocument")
            .WithSummary("Move a document to the trash");
        documents.MapPost("/{documentId:guid}/restore", TrashEndpoints.RestoreAsync)
            .WithName("RestoreDocument")
            .WithSummary("Restore a document from the trash");
        documents.MapPost("/{documentId:guid}/checkout", CheckoutEndpoints.CheckOutAsync)
            .WithName("CheckOutDocument")
            .WithSummary("Check the document out: others cannot add versions until check-in or expiry");
        documents.MapPost("/{documentId:guid}/checkin", CheckoutEndpoints.CheckInAsync)
            .WithName("CheckInDocument")
            .WithSummary("End your check-out");
        documents.MapDelete("/{documentId:guid}/checkout", CheckoutEndpoints.ReleaseAsync)
            .WithName("ReleaseCheckout")
            .WithSummary("End anyone's check-out (admins)")
            .RequireAuthorization(FlowDocsPolicies.TenantAdmin);
        documents.MapGet("/{documentId:guid}/history", DocumentHistoryEndpoint.HandleAsync)
            .WithName("DocumentHistory")
            .WithSummary("The document's audit events, newest first");
        documents.MapGet("/{documentId:guid}/decisions", DocumentDecisions.ListForDocumentAsync)
            .WithName("DocumentDecisions")
            .WithSummary("Who decided what about which version, when and why (workflow decisions and Admin overrides), newest first");
        documents.MapGet("/{documentId:guid}/versions/{number:int}/decisions", DocumentDecisions.ListForVersionAsync)
            .WithName("VersionDecisions")
            .WithSummary("The decisions about one version, newest first");
        documents.MapGet("/{documentId:guid}/versions", ListVersionsEndpoint.ListAsync)
            .WithName("ListVersions")
            .WithSummary("List a document's versions, newest first (paged: page, pageSize)");
        documents.MapPost("/{documentId:guid}/versions", AddVersionEndpoint.HandleAsync)
            .WithName("AddVersion")
            .WithSummary("Add a version")
            .WithDescription("The request body is the new version's bytes. Send If-Match with the current version's ETag to get 412 instead of overwriting someone else's version.")
            .Accepts<Stream>("application/octet-stream", "*/*");
        documents.MapGet("/{documentId:guid}/versions/{number:int}", ListVersionsEndpoint.GetAsync)
            .WithName("GetVersion")
            .WithSummary("Get one version");
        documents.MapPost("/{documentId:guid}/versions/{number:int}/revert", RevertVersionEndpoint.HandleAsync)
            .WithName("RevertToVersion")
            .WithSummary("Append a new version with the bytes of version N");
        documents.MapGet("/{documentId:guid}/content", DownloadContentEndpoint.CurrentAsync)
            .WithName("DownloadCurrentVersion")
            .WithSummary("Download the current version")
            .Produces(StatusCodes.Status206PartialContent)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status416RangeNotSatisfiable);
        documents.MapGet("/{documentId:guid}/versions/{number:int}/content", DownloadContentEndpoint.VersionAsync)
            .WithName("DownloadVersion")
            .WithSummary("Download a version")
            .Produces(StatusCodes.Status206PartialContent)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status416RangeNotSatisfiable);
        // HEAD answers like GET without the body (size, type, ETag, Accept-Ranges): clients probe before a ranged
        // download. Kept out of the OpenAPI document, whose operation ids name the GET.
        documents.MapMethods("/{documentId:guid}/content", [HttpMethods.Head], DownloadContentEndpoint.CurrentAsync).ExcludeFromDescription();
        documents.MapMethods("/{documentId:guid}/versions/{number:int}/content", [HttpMethods.Head], DownloadContentEndpoint.VersionAsync).ExcludeFromDescription();

        var audit = api.MapGroup("/admin/audit").WithTags("Audit").RequireAuthorization(FlowDocsPolicies.TenantAdmin);
        audit.MapGet("/", AuditEndpoints.ListAsync)
            .WithName("ListAuditEvents")
            .WithSummary("The tenant's audit events, newest first (Admin); documentId narrows to one document, also after it was purged");
        audit.MapGet("/verify", AuditEndpoints.VerifyAsync)
            .WithName("VerifyAuditChain")
            .WithSummary("Checks the tenant's audit chain from its first event and names the first broken link (Admin)");

        var uploads = api.MapGroup("/uploads").WithTags("Upload sessions");
        uploads.MapPost("/", UploadSessionEndpoints.CreateAsync)
            .WithName("CreateUploadSession")
            .WithSummary("Start a resumable upload (new document, or a new version when documentId is set)")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        uploads.MapGet("/{sessionId:guid}", UploadSessionEndpoints.GetAsync)
            .WithName("GetUploadSession")
            .WithSummary("Progress and missing byte ranges");
        uploads.MapPut("/{sessionId:guid}", UploadSessionEndpoints.PutChunkAsync)
            .WithName("PutUploadChunk")
            .WithSummary("Send a chunk with Content-Range: bytes start-end/size (any order; a repeat replaces)")
            .Accepts<Stream>("application/octet-stream");
        uploads.MapPost("/{sessionId:guid}/complete", UploadSessionEndpoints.CompleteAsync)
            .WithName("CompleteUploadSession")
            .WithSummary("Assemble the chunks into a version, verifying size and SHA-256");
        uploads.MapDelete("/{sessionId:guid}", UploadSessionEndpoints.CancelAsync)
            .WithName("CancelUploadSession")
            .WithSummary("Cancel the upload and delete its chunks");
        return api;
    }
}
