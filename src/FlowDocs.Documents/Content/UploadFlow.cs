using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowDocs.Documents.Content;

/// <summary>Streams the body in, turns stream-level refusals (too large, empty) into answers, then commits.</summary>
internal static class UploadFlow
{
    public static async Task<Results<TSuccess, ProblemHttpResult>> RunAsync<TSuccess>(
        HttpRequest request,
        ContentIngest ingest,
        string? contentType,
        Func<IngestedContent, Task<AppendResult>> commit,
        Func<VersionAddedResponse, TSuccess> success,
        CancellationToken cancellationToken)
        where TSuccess : IResult
    {
        IngestedContent content;
        try
        {
            content = await ingest.IngestAsync(request.Body, contentType, cancellationToken);
        }
        catch (ContentTooLargeException ex)
        {
            return DocumentProblem.TooLarge(ex.MaxBytes).ToResult();
        }

        if (content.Size == 0)
        {
            await ingest.DeleteQuietlyAsync(content.BlobKey);
            return DocumentRules.Problem("body", "the request body is empty; send the file's bytes as the body.");
        }

        var result = await commit(content);
        return result.Added is { } added ? success(added) : result.Problem!.ToResult();
    }
}
