using FlowDocs.Common.Documents;
using FlowDocs.Common.Events;
using FlowDocs.Common.Security;
using FlowDocs.Documents.AddVersion;
using FlowDocs.Documents.Blobs;
using FlowDocs.Documents.Content;
using FlowDocs.Documents.CreateDocument;
using FlowDocs.Documents.DownloadContent;
using FlowDocs.Documents.GetDocument;
using FlowDocs.Documents.ListVersions;
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
        services.AddEvents();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<ContentIngest>();
        services.AddScoped<VersionAppender>();
        services.AddScoped<IDocumentCatalog, DocumentCatalog>();
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
        documents.MapGet("/{documentId:guid}", GetDocumentEndpoint.HandleAsync)
            .WithName("GetDocument")
            .WithSummary("Get a document");
        documents.MapGet("/{documentId:guid}/versions", ListVersionsEndpoint.ListAsync)
            .WithName("ListVersions")
            .WithSummary("List a document's versions, newest first");
        documents.MapPost("/{documentId:guid}/versions", AddVersionEndpoint.HandleAsync)
            .WithName("AddVersion")
            .WithSummary("Add a version")
            .WithDescription("The request body is the new version's bytes. Send If-Match with the current version's ETag to get 412 instead of overwriting someone else's version.")
            .Accepts<Stream>("application/octet-stream", "*/*");
        documents.MapGet("/{documentId:guid}/versions/{number:int}", ListVersionsEndpoint.GetAsync)
            .WithName("GetVersion")
            .WithSummary("Get one version");
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
        return api;
    }
}
