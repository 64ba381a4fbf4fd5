using FlowDocs.Common.Documents;
using FlowDocs.Data.Imports;
using FlowDocs.Imports.Graph;
using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Graph.Drives.Item.Items.Item.CreateUploadSession;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;

namespace FlowDocs.Imports.Export;

/// <summary>How an export treats a file of the same name in the target folder (Graph's conflictBehavior).</summary>
public enum ExportConflictBehavior
{
    Replace,
    Rename,
    Fail,
}

/// <summary>What an export did: the drive item written, or the name conflict that stopped it.</summary>
public sealed record ExportResult(string? ItemId, string? Name, bool NameConflict, string? WebUrl);

/// <summary>
/// Uploads a document version into a folder of a source's drive: in one request up to
/// <see cref="ImportsSettings.SmallUploadLimit"/>, else through an upload session in chunks of
/// <see cref="ImportsSettings.UploadChunkSize"/> (multiples of 320 KiB) sent without the Authorization header, where a
/// failed chunk is sent again from what the session reports missing (Graph SDK's <c>LargeFileUploadTask</c>).
/// </summary>
internal sealed partial class GraphExporter(GraphClients graph, ImportsSettings settings, ILogger<GraphExporter> logger)
{
    private const int ChunkAttempts = 3;

    public async Task<ExportResult> ExportAsync(
        ImportSource source, DocumentContent content, string folderPath, string fileName, ExportConflictBehavior conflict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(content);
        var client = graph.Create(source);
        var path = string.Join('/', folderPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Append(fileName).Select(Uri.EscapeDataString));
        var item = client.Drives[source.DriveId].Items[$"root:/{path}:"];
        var behavior = conflict.ToString().ToLowerInvariant();
        try
        {
            if (content.Size <= settings.SmallUploadLimit)
            {
                var request = item.Content.ToPutRequestInformation(content.Content);
                var url = $"{request.URI}?@microsoft.graph.conflictBehavior={behavior}";
                var written = await item.Content.WithUrl(url).PutAsync(content.Content, cancellationToken: cancellationToken);
                return new ExportResult(written?.Id, written?.Name, false, written?.WebUrl);
            }

            var session = await item.CreateUploadSession.PostAsync(
                new CreateUploadSessionPostRequestBody
                {
                    Item = new DriveItemUploadableProperties { AdditionalData = new Dictionary<string, object> { ["@microsoft.graph.conflictBehavior"] = behavior } },
                },
                cancellationToken: cancellationToken) ?? throw new InvalidOperationException("Graph returned no upload session.");
            await using var seekable = await SeekableAsync(content.Content, cancellationToken);
            var upload = new LargeFileUploadTask<DriveItem>(session, seekable, settings.UploadChunkSize, graph.CreateUploadAdapter());
            var progress = new Progress<long>(sent => LogProgress(logger, fileName, sent, content.Size));
            var result = await upload.UploadAsync(progress, ChunkAttempts, cancellationToken);
            if (!result.UploadSucceeded)
            {
                throw new InvalidOperationException($"The upload session of '{fileName}' did not complete after {ChunkAttempts} attempts per chunk.");
            }

            return new ExportResult(result.ItemResponse?.Id, result.ItemResponse?.Name, false, result.ItemResponse?.WebUrl);
        }
        catch (ApiException ex) when (ex.ResponseStatusCode == 409)
        {
            return new ExportResult(null, fileName, true, null);
        }
    }

    /// <summary>Upload sessions seek back to resend a chunk: a non-seekable blob stream (S3) is spooled to a temporary file first.</summary>
    private static async Task<Stream> SeekableAsync(Stream content, CancellationToken cancellationToken)
    {
        if (content.CanSeek)
        {
            return content;
        }

        var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await content.CopyToAsync(spool, cancellationToken);
        spool.Position = 0;
        return spool;
    }

    [LoggerMessage(LogLevel.Debug, "Exporting {FileName}: {Sent} of {Size} bytes sent")]
    private static partial void LogProgress(ILogger logger, string fileName, long sent, long size);
}
