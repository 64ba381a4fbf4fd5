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

    /// <summary>0–100; an empty file is complete once it is done.</summary>
    public double Percent => Size == 0 ? (State == FileUploadState.Done ? 100 : 0) : Math.Min(100, SentBytes * 100.0 / Size);

    /// <summary>
    /// Streams the file to the API. Failures stay with the file (the others continue); <paramref name="changed"/> lets the
    /// page re-render as bytes move.
    /// </summary>
    public async Task RunAsync(IStudioApi api, Action changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(changed);
        State = FileUploadState.Uploading;
        changed();
        try
        {
            await using var content = new ProgressStream(open(cancellationToken), sent =>
            {
                // Re-render per whole percent, not per buffer: a large file would otherwise flood the circuit.
                var before = (int)Percent;
                SentBytes = sent;
                if ((int)Percent != before)
                {
                    changed();
                }
            });
            var uploaded = await api.UploadDocumentAsync(FileName, contentType, Size, content, cancellationToken);
            Document = uploaded.Document;
            SentBytes = Size;
            State = FileUploadState.Done;
        }
        catch (StudioApiException ex)
        {
            State = FileUploadState.Failed;
            Error = ex.Message;
        }
        catch (IOException ex)
        {
            // The browser went away or the file could not be read (e.g. larger than the allowed maximum).
            State = FileUploadState.Failed;
            Error = ex.Message;
        }

        changed();
    }
}
