using System.Globalization;
using FlowDocs.Studio.Api;

namespace FlowDocs.Studio.Logic;

public enum FileUploadState
{
    Waiting,
    Uploading,
    Done,
    Failed,
}

/// <summary>One file of an upload: its progress, and the document it became or why it failed.</summary>
public sealed class FileUpload(string fileName, string? contentType, long size, Func<CancellationToken, Stream> open)
{
    public string FileName { get; } = fileName;

    public long Size { get; } = size;

    public long SentBytes { get; private set; }

    public FileUploadState State { get; private set; } = FileUploadState.Waiting;

    public string? Error { get; private set; }

    public DocumentItem? Document { get; private set; }

    /// <summary>True when the file goes through a resumable upload session in chunks.</summary>
    public bool Resumable { get; private set; }

    /// <summary>How many requests (chunk sends, or the completion) failed and were tried again.</summary>
    public int Retries { get; private set; }

    /// <summary>0–100; an empty file is complete once it is done.</summary>
    public double Percent => Size == 0 ? (State == FileUploadState.Done ? 100 : 0) : Math.Min(100, SentBytes * 100.0 / Size);

    /// <summary>
    /// Sends the file to the API: in one streamed request, or — above <see cref="StudioUploadOptions.ResumableAboveBytes"/> —
    /// in chunks through an upload session, retrying a failed chunk instead of starting over. Failures stay with the file
    /// (the others continue); <paramref name="changed"/> lets the page re-render as bytes move.
    /// </summary>
    public async Task RunAsync(IStudioApi api, StudioUploadOptions options, Action changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(changed);
        State = FileUploadState.Uploading;
        Resumable = Size > options.ResumableAboveBytes;
        changed();
        try
        {
            await using var file = open(cancellationToken);
            UploadedVersion uploaded;
            if (Resumable)
            {
                uploaded = await UploadInChunksAsync(api, options, file, changed, cancellationToken);
            }
            else
            {
                await using var content = new ProgressStream(file, sent => Report(sent, changed));
                uploaded = await api.UploadDocumentAsync(FileName, contentType, Size, content, cancellationToken);
            }

            Document = uploaded.Document;
            SentBytes = Size;
            State = FileUploadState.Done;
        }
        catch (StudioApiException ex)
        {
            Fail(ex.Message);
        }
        catch (HttpRequestException ex)
        {
            Fail("The connection to the server failed: " + ex.Message);
        }
        catch (IOException ex)
        {
            // The browser went away or the file could not be read (e.g. larger than the allowed maximum).
            Fail(ex.Message);
        }

        changed();
    }

    private void Fail(string message)
    {
        State = FileUploadState.Failed;
        Error = message;
    }

    /// <summary>Re-renders per whole percent, not per buffer: a large file would otherwise flood the circuit.</summary>
    private void Report(long sent, Action changed)
    {
        var before = (int)Percent;
        SentBytes = sent;
        if ((int)Percent != before)
        {
            changed();
        }
    }

    private async Task<UploadedVersion> UploadInChunksAsync(IStudioApi api, StudioUploadOptions options, Stream file, Action changed, CancellationToken cancellationToken)
    {
        var session = await api.CreateUploadSessionAsync(FileName, contentType, Size, cancellationToken);
        // The browser's file reads forward only: one chunk is kept in memory so a retry re-sends it without re-reading.
        var buffer = new byte[(int)Math.Min(options.ChunkBytes, Size)];
        for (long offset = 0; offset < Size;)
        {
            var length = await ReadChunkAsync(file, buffer, (int)Math.Min(buffer.Length, Size - offset), cancellationToken);
            if (length == 0)
            {
                throw new IOException($"The file ended after {offset} of its {Size} bytes.");
            }

            await SendChunkAsync(api, options, session.Id, offset, buffer, length, changed, cancellationToken);
            offset += length;
        }

        var received = await api.GetUploadSessionAsync(session.Id, cancellationToken);
        if (received.MissingRanges.Count > 0)
        {
            throw new StudioApiException(409, "The server is still missing bytes " + Ranges(received.MissingRanges) + "; upload the file again.");
        }

        // Completing is exactly-once on the server (a repeat answers with the version already made), so an answer lost
        // to the connection — likely for a large file, whose assembly takes a while — is simply asked for again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await api.CompleteUploadSessionAsync(session.Id, cancellationToken);
            }
            catch (Exception ex) when (attempt < options.ChunkAttempts && IsTransient(ex, cancellationToken))
            {
                Retries++;
                changed();
                await Task.Delay(options.RetryDelay * attempt, cancellationToken);
            }
        }
    }

    private static async Task<int> ReadChunkAsync(Stream file, byte[] buffer, int wanted, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < wanted && (read = await file.ReadAsync(buffer.AsMemory(filled, wanted - filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled;
    }

    private async Task SendChunkAsync(
        IStudioApi api, StudioUploadOptions options, Guid sessionId, long offset, byte[] buffer, int length, Action changed, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var chunk = new ProgressStream(new MemoryStream(buffer, 0, length, writable: false), sent => Report(offset + sent, changed));
                await api.PutUploadChunkAsync(sessionId, offset, length, Size, chunk, cancellationToken);
                Report(offset + length, changed);
                return;
            }
            catch (Exception ex) when (attempt < options.ChunkAttempts && IsTransient(ex, cancellationToken))
            {
                Retries++;
                Report(offset, changed);
                await Task.Delay(options.RetryDelay * attempt, cancellationToken);
            }

            // The answer may have been lost after the server stored the chunk: send it again only if it is still missing.
            if (await StillMissingAsync(api, sessionId, offset, length, cancellationToken) == false)
            {
                Report(offset + length, changed);
                return;
            }
        }
    }

    /// <summary>Whether the server misses any of the range; null when it could not be asked (then the chunk is sent again).</summary>
    private static async Task<bool?> StillMissingAsync(IStudioApi api, Guid sessionId, long offset, int length, CancellationToken cancellationToken)
    {
        try
        {
            var session = await api.GetUploadSessionAsync(sessionId, cancellationToken);
            var end = offset + length - 1;
            return session.MissingRanges.Any(r => r.Start <= end && r.End >= offset);
        }
        catch (Exception ex) when (IsTransient(ex, cancellationToken))
        {
            return null;
        }
    }

    /// <summary>Failures worth another try: the connection, a timeout, the server busy or failing. A 4xx answer is final.</summary>
    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        StudioApiException api => api.Status is 408 or 429 or >= 500,
        HttpRequestException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static string Ranges(IEnumerable<ByteRangeItem> ranges) =>
        string.Join(", ", ranges.Take(5).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Start}-{r.End}")));
}
