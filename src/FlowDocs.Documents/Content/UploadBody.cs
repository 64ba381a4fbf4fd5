using FlowDocs.Data.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace FlowDocs.Documents.Content;

/// <summary>
/// The raw request body of an upload and what its headers say about it. The body is read once, as a stream
/// straight into the blob store; nothing is buffered into memory or an <c>IFormFile</c>.
/// </summary>
internal static class UploadBody
{
    /// <summary>
    /// Checks what can be checked before reading a byte: the file name (query <c>fileName</c>, else the
    /// <c>Content-Disposition</c> header), a declared Content-Length over the limit, an announced empty body.
    /// </summary>
    public static DocumentProblem? Prepare(HttpRequest request, string? fileNameQuery, long maxBytes, DocumentRules rules, out string fileName, out string? contentType)
    {
        contentType = request.ContentType is { Length: > 0 and <= DocumentVersion.ContentTypeMaxLength } declared
            && MediaTypeHeaderValue.TryParse(declared, out var parsed) && parsed.MediaType.HasValue
            ? parsed.ToString()
            : null;

        var name = fileNameQuery;
        if (name is null && ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var disposition))
        {
            name = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
        }

        if (FileNames.Validate(name, out fileName) is { } error)
        {
            rules.Add("fileName", error);
        }

        if (request.ContentLength > maxBytes)
        {
            return DocumentProblem.TooLarge(maxBytes);
        }

        if (request.ContentLength == 0)
        {
            rules.Add("body", "the request body is empty; send the file's bytes as the body.");
        }

        // The server-wide request size limit (Kestrel: 30 MB) would cut large documents off; this endpoint
        // enforces its own limit while streaming.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        return null;
    }
}
