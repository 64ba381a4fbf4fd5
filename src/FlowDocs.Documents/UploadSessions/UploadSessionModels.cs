using FlowDocs.Data.Documents;

namespace FlowDocs.Documents.UploadSessions;

/// <summary>Starts a resumable upload. Without <see cref="DocumentId"/> completing it creates a document.</summary>
public sealed record CreateUploadSessionRequest(
    string? FileName,
    long? Size,
    string? Sha256,
    string? ContentType,
    Guid? DocumentId,
    string? Title,
    string? Comment);

/// <summary>An inclusive byte range, as in Content-Range.</summary>
public sealed record ByteRange(long Start, long End);

public sealed record UploadSessionResponse(
    Guid Id,
    Guid? DocumentId,
    string FileName,
    long Size,
    long ReceivedBytes,
    double Progress,
    IReadOnlyList<ByteRange> MissingRanges,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    Guid? CompletedVersionId)
{
    internal static UploadSessionResponse From(UploadSession session, IReadOnlyList<UploadChunk> chunks)
    {
        // A completed session's chunks are gone with its bytes in the version: nothing is missing any more.
        var (received, missing) = session.CompletedVersionId is null ? Coverage.Of(session.Size, chunks) : (session.Size, []);
        return new UploadSessionResponse(
            session.Id, session.DocumentId, session.FileName, session.Size, received,
            session.Size == 0 ? 1 : Math.Round((double)received / session.Size, 4), missing, session.CreatedAt, session.ExpiresAt,
            session.CompletedVersionId);
    }
}

internal static class Coverage
{
    /// <summary>How many bytes of [0, size) the chunks cover, and the gaps, in order.</summary>
    public static (long Received, List<ByteRange> Missing) Of(long size, IEnumerable<UploadChunk> chunks)
    {
        var missing = new List<ByteRange>();
        long covered = 0;
        long position = 0;
        foreach (var chunk in chunks.OrderBy(c => c.Offset))
        {
            if (chunk.Offset > position)
            {
                missing.Add(new ByteRange(position, chunk.Offset - 1));
                position = chunk.Offset;
            }

            var end = chunk.Offset + chunk.Length;
            if (end > position)
            {
                covered += end - position;
                position = end;
            }
        }

        if (position < size)
        {
            missing.Add(new ByteRange(position, size - 1));
        }

        return (covered, missing);
    }

    /// <summary>The chunks to read, and from where in each, to stream [0, size) once, in order.</summary>
    public static List<(UploadChunk Chunk, long Skip)> Plan(IEnumerable<UploadChunk> chunks)
    {
        var plan = new List<(UploadChunk, long)>();
        long position = 0;
        foreach (var chunk in chunks.OrderBy(c => c.Offset).ThenByDescending(c => c.Length))
        {
            var end = chunk.Offset + chunk.Length;
            if (chunk.Offset <= position && end > position)
            {
                plan.Add((chunk, position - chunk.Offset));
                position = end;
            }
        }

        return plan;
    }
}
