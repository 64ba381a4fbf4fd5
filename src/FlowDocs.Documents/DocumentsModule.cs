using FlowDocs.Documents.Blobs;
using Microsoft.Extensions.Hosting;

namespace FlowDocs.Documents;

public static class DocumentsModule
{
    public static IHostApplicationBuilder AddDocuments(this IHostApplicationBuilder builder)
    {
        builder.AddBlobStore();
        return builder;
    }
}
