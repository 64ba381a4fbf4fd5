using System.Globalization;
using System.Text.RegularExpressions;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.Blobs;
using FlowDocs.Documents.Content;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace FlowDocs.Documents.UploadSessions;

/// <summary>
/// Resumable uploads for large files: chunks arrive with Content-Range in any order, again after a failure,
/// each stored as its own object; completing streams them back-to-back through the normal version path
/// (hash, dedup, audit, event) and checks the SHA-256 the client announced.
/// </summary>
internal static partial class UploadSessionEndpoints
{
    public static async Task<Results<Created<UploadSessionResponse>, ProblemHttpResult>> CreateAsync(
        CreateUploadSessionRequest body, FlowDocsDbContext db, ICurrentUser user, TimeProvider time, DocumentsOptions options, CancellationToken cancellationToken)
    {
        var rules = new DocumentRules();
        if (FileNames.Validate(body.FileName, out var fileName) is { } nameError)
        {
            rules.Add("fileName", nameError);
        }

        if (body.Size is null or < 1)
        {
            rules.Add("size", "size is required: the file's length in bytes (1 or more).");
        }
        else if (body.Size > options.MaxUploadBytes)
        {
            return DocumentProblem.TooLarge(options.MaxUploadBytes).ToResult();
        }

        var sha256 = body.Sha256?.Trim().ToLowerInvariant();
        if (sha256 is not null && !Sha256Pattern().IsMatch(sha256))
        {
            rules.Add("sha256", "sha256 must be 64 hexadecimal characters.");
        }

        string? contentType = null;
        if (body.ContentType is not null)
        {
            if (MediaTypeHeaderValue.TryParse(body.ContentType, out var parsed) && body.ContentType.Length <= DocumentVersion.ContentTypeMaxLength)
            {
                contentType = parsed.ToString();
            }
            else
            {
                rules.Add("contentType", $"'{body.ContentType}' is not a media type (e.g. application/pdf).");
            }
        }

        var title = body.DocumentId is null ? rules.Title(body.Title ?? Path.GetFileNameWithoutExtension(fileName), required: fileName.Length > 0) : null;
        var comment = rules.Text("comment", body.Comment, DocumentVersion.CommentMaxLength);
        if (!rules.IsValid)
        {
            return rules.ToResult();
        }

        var now = time.Now();
        if (body.DocumentId is { } documentId)
        {
            var document = await db.Set<Document>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId, cancellationToken);
            if (VersionAppender.CheckWritable(document, documentId, null, user.UserId, now) is { } refused)
            {
                return refused.ToResult();
            }
        }

        var session = new UploadSession
        {
            Id = Guid.CreateVersion7(now),
            DocumentId = body.DocumentId,
            Title = title,
            FileName = fileName,
            ContentType = contentType,
            Comment = comment,
            Size = body.Size!.Value,
            ExpectedSha256 = sha256,
            CreatedBy = user.UserId,
            CreatedAt = now,
            ExpiresAt = now + options.UploadSessionLifetime,
            Revision = Guid.NewGuid(),
        };
        db.Set<UploadSession>().Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/uploads/{session.Id}", UploadSessionResponse.From(session, []));
    }

    public static async Task<Results<Ok<UploadSessionResponse>, ProblemHttpResult>> GetAsync(
        Guid sessionId, FlowDocsDbContext db, ICurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var session = await FindAsync(db, sessionId, user, time, cancellationToken);
        if (session is null)
        {
            return NotFound(sessionId).ToResult();
        }

        return TypedResults.Ok(UploadSessionResponse.From(session, await ChunksAsync(db, sessionId, cancellationToken)));
    }

    /// <summary>Stores one chunk: <c>Content-Range: bytes start-end/size</c>, body exactly end-start+1 bytes.</summary>
    public static async Task<Results<Ok<UploadSessionResponse>, ProblemHttpResult>> PutChunkAsync(
        Guid sessionId, HttpRequest request, FlowDocsDbContext db, ICurrentUser user, TimeProvider time, ContentIngest ingest, CancellationToken cancellationToken)
    {
        var session = await FindAsync(db, sessionId, user, time, cancellationToken);
        if (session is null)
        {
            return NotFound(sessionId).ToResult();
        }

        if (session.CompletedVersionId is not null)
        {
            return AlreadyCompleted(session).ToResult();
        }

        // Parsed by hand: the framework's parser rejects a range past the total, which deserves its own answer.
        var header = request.Headers.ContentRange.ToString();
        var match = ContentRangePattern().Match(header);
        if (!match.Success
            || !long.TryParse(match.Groups["start"].Value, CultureInfo.InvariantCulture, out var start)
            || !long.TryParse(match.Groups["end"].Value, CultureInfo.InvariantCulture, out var end)
            || end < start)
        {
            return DocumentRules.Problem("Content-Range", $"'{header}' is not a byte range; send e.g. 'bytes 0-1048575/{session.Size}'.");
        }

        if (match.Groups["total"].Value is not "*" and var total && total != session.Size.ToString(CultureInfo.InvariantCulture))
        {
            return DocumentRules.Problem("Content-Range", $"the total length {total} differs from the session's declared size {session.Size}.");
        }

        if (end >= session.Size)
        {
            return DocumentRules.Problem("Content-Range", $"bytes {start}-{end} lie outside the session's declared size of {session.Size} bytes.");
        }

        var length = end - start + 1;
        if (request.ContentLength is { } declared && declared != length)
        {
            return DocumentRules.Problem("Content-Length", $"the body has {declared} bytes but Content-Range announces {length}.");
        }

        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        string key;
        try
        {
            (key, var read) = await ingest.WriteChunkAsync(sessionId, request.Body, length, cancellationToken);
            if (read != length)
            {
                await ingest.DeleteQuietlyAsync(key);
                return DocumentRules.Problem("body", $"the body has {read} bytes but Content-Range announces {length}.");
            }
        }
        catch (ContentTooLargeException)
        {
            return DocumentRules.Problem("body", $"the body is longer than the {length} bytes Content-Range announces.");
        }

        // A chunk sent again for the same range replaces the earlier one (a retry after a failure).
        var replaced = await db.Set<UploadChunk>().Where(c => c.SessionId == sessionId && c.Offset == start && c.Length == length).ToListAsync(cancellationToken);
        db.Set<UploadChunk>().RemoveRange(replaced);
        db.Set<UploadChunk>().Add(new UploadChunk { Id = Guid.NewGuid(), SessionId = sessionId, Offset = start, Length = length, BlobKey = key });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            // The commit may have landed without its answer: the chunk is deleted only if no session refers to it.
            ingest.DeleteUnlessCommitted(key);
            throw;
        }

        foreach (var old in replaced)
        {
            await ingest.DeleteQuietlyAsync(old.BlobKey);
        }

        var chunks = await ChunksAsync(db, sessionId, cancellationToken);
        var (received, _) = Coverage.Of(session.Size, chunks);
        // Progress for anyone watching the session row; answers always compute it from the chunks. Revision
        // stays, so concurrent chunks do not conflict over this figure.
        var tracked = await db.Set<UploadSession>().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (tracked is not null)
        {
            tracked.ReceivedBytes = received;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // The session completed or was cancelled meanwhile; there is no progress left to record.
            }
        }
        return TypedResults.Ok(UploadSessionResponse.From(session, chunks));
    }

    /// <summary>
    /// Streams the chunks into a version (or a new document), verifying size and SHA-256. Exactly once: the session records
    /// the version in the same commit, so completing again — a retry after a lost answer, or two at once — answers with
    /// that version instead of adding the bytes a second time.
    /// </summary>
    public static async Task<Results<Created<VersionAddedResponse>, ProblemHttpResult>> CompleteAsync(
        Guid sessionId, HttpRequest request, FlowDocsDbContext db, ICurrentUser user, TimeProvider time, IBlobStore store, ContentIngest ingest,
        VersionAppender appender, CancellationToken cancellationToken)
    {
        var session = await FindAsync(db, sessionId, user, time, cancellationToken);
        if (session is null)
        {
            return NotFound(sessionId).ToResult();
        }

        if (session.CompletedVersionId is { } done)
        {
            return await CompletedAsync(db, sessionId, done, cancellationToken);
        }

        var chunks = await ChunksAsync(db, sessionId, cancellationToken);
        var (_, missing) = Coverage.Of(session.Size, chunks);
        if (missing.Count > 0)
        {
            // A completion racing this one may have committed and deleted the chunks since the session was read.
            if (await FindAsync(db, sessionId, user, time, cancellationToken) is { CompletedVersionId: { } winner })
            {
                return await CompletedAsync(db, sessionId, winner, cancellationToken);
            }

            return DocumentProblem.Conflict(
                $"The upload is incomplete; missing bytes: {string.Join(", ", missing.Take(10).Select(r => $"{r.Start}-{r.End}"))}.").ToResult();
        }

        IngestedContent content;
        await using (var assembled = new ChunkedContentStream(store, Coverage.Plan(chunks)))
        {
            content = await ingest.IngestAsync(assembled, session.ContentType, cancellationToken);
        }

        if (content.Size != session.Size || (session.ExpectedSha256 is { } expected && expected != content.Sha256))
        {
            await ingest.DeleteQuietlyAsync(content.BlobKey);
            return new DocumentProblem(
                StatusCodes.Status422UnprocessableEntity, "The content does not match.",
                $"The assembled content has SHA-256 {content.Sha256} and {content.Size} bytes; the session announced {session.ExpectedSha256 ?? "no hash"} and {session.Size} bytes.").ToResult();
        }

        var version = new VersionDraft(session.FileName, session.ContentType, null, session.Comment, VersionOrigin.Upload);
        var ifMatch = request.Headers.IfMatch.Count > 0 ? request.Headers.IfMatch.ToString() : null;
        var draft = new DocumentDraft(session.Title ?? session.FileName, null, DocumentStatus.Draft, [], []);
        AppendResult result;
        try
        {
            result = await appender.CommitWithAsync(session.DocumentId, draft, ifMatch, content, version, (added, ct) => MarkCompletedAsync(db, sessionId, added, ct), cancellationToken);
        }
        catch (UploadSessionSettledException settled)
        {
            // Another completion committed first (its version is the answer), or the session was cancelled meanwhile.
            return settled.VersionId is { } winner ? await CompletedAsync(db, sessionId, winner, cancellationToken) : NotFound(sessionId).ToResult();
        }

        if (result.Added is not { } added)
        {
            return result.Problem!.ToResult();
        }

        await DeleteChunksAsync(db, ingest, sessionId, cancellationToken);
        return TypedResults.Created(VersionLocation(added.Version.DocumentId, added.Version.Number), added);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> CancelAsync(
        Guid sessionId, FlowDocsDbContext db, ICurrentUser user, TimeProvider time, ContentIngest ingest, CancellationToken cancellationToken)
    {
        var session = await FindAsync(db, sessionId, user, time, cancellationToken);
        if (session is null)
        {
            return NotFound(sessionId).ToResult();
        }

        if (session.CompletedVersionId is not null)
        {
            return AlreadyCompleted(session).ToResult();
        }

        await DeleteSessionAsync(db, ingest, sessionId, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Runs inside the version's commit: the session's concurrency token lets only one completion through.</summary>
    private static async Task MarkCompletedAsync(FlowDocsDbContext db, Guid sessionId, DocumentVersion added, CancellationToken cancellationToken)
    {
        var session = await db.Set<UploadSession>().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null || session.CompletedVersionId is not null)
        {
            throw new UploadSessionSettledException(session?.CompletedVersionId);
        }

        session.DocumentId = added.DocumentId;
        session.CompletedVersionId = added.Id;
        session.ReceivedBytes = session.Size;
        session.Revision = Guid.NewGuid();
    }

    /// <summary>The answer a completion gave, given again: the version as made, the document as it is now.</summary>
    private static async Task<Results<Created<VersionAddedResponse>, ProblemHttpResult>> CompletedAsync(
        FlowDocsDbContext db, Guid sessionId, Guid versionId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var version = await db.Set<DocumentVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.Id == versionId, cancellationToken);
        var document = version is null ? null : await db.Set<Document>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == version.DocumentId, cancellationToken);
        if (version is null || document is null)
        {
            return new DocumentProblem(
                StatusCodes.Status404NotFound, "The uploaded version is gone.",
                $"Upload session '{sessionId}' completed, but the document it went to has since been deleted.").ToResult();
        }

        var duplicate = await db.Set<DocumentVersion>().AsNoTracking()
            .Where(v => v.Sha256 == version.Sha256 && v.Id != version.Id && v.CreatedAt <= version.CreatedAt)
            .OrderBy(v => v.CreatedAt).ThenBy(v => v.Number)
            .Select(v => new DuplicateOf(v.DocumentId, v.Id, v.Number))
            .FirstOrDefaultAsync(cancellationToken);
        return TypedResults.Created(
            VersionLocation(document.Id, version.Number), new VersionAddedResponse(DocumentResponse.From(document), VersionResponse.From(version), duplicate));
    }

    private static string VersionLocation(Guid documentId, int number) => $"/api/documents/{documentId}/versions/{number}";

    private static DocumentProblem AlreadyCompleted(UploadSession session) =>
        DocumentProblem.Conflict($"Upload session '{session.Id}' is already complete: its bytes are version {session.CompletedVersionId} of document {session.DocumentId}.");

    /// <summary>Removes the session and its chunk objects (after cancel or expiry).</summary>
    internal static Task DeleteSessionAsync(FlowDocsDbContext db, ContentIngest ingest, Guid sessionId, CancellationToken cancellationToken) =>
        DeleteAsync(db, ingest, sessionId, keepSession: false, cancellationToken);

    /// <summary>Deletes a completed session's chunks (rows and objects); the session row answers repeated completions until it expires.</summary>
    private static Task DeleteChunksAsync(FlowDocsDbContext db, ContentIngest ingest, Guid sessionId, CancellationToken cancellationToken) =>
        DeleteAsync(db, ingest, sessionId, keepSession: true, cancellationToken);

    private static async Task DeleteAsync(FlowDocsDbContext db, ContentIngest ingest, Guid sessionId, bool keepSession, CancellationToken cancellationToken)
    {
        // Rows are loaded and removed (not ExecuteDelete): Oracle's provider writes a DELETE ... AS alias that MariaDB rejects.
        db.ChangeTracker.Clear();
        var chunks = await db.Set<UploadChunk>().IgnoreQueryFilters().Where(c => c.SessionId == sessionId).ToListAsync(cancellationToken);
        db.Set<UploadChunk>().RemoveRange(chunks);
        if (!keepSession)
        {
            db.Set<UploadSession>().RemoveRange(await db.Set<UploadSession>().IgnoreQueryFilters().Where(s => s.Id == sessionId).ToListAsync(cancellationToken));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Deleted by a concurrent cancel or cleanup: its chunks are being deleted there too.
            return;
        }

        foreach (var chunk in chunks)
        {
            await ingest.DeleteQuietlyAsync(chunk.BlobKey);
        }
    }

    // Sessions belong to the person who started them; an expired one is as good as gone.
    private static Task<UploadSession?> FindAsync(FlowDocsDbContext db, Guid sessionId, ICurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.Now();
        var userId = user.UserId;
        return db.Set<UploadSession>().AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == sessionId && s.CreatedBy == userId && s.ExpiresAt > now, cancellationToken);
    }

    private static Task<List<UploadChunk>> ChunksAsync(FlowDocsDbContext db, Guid sessionId, CancellationToken cancellationToken) =>
        db.Set<UploadChunk>().AsNoTracking().Where(c => c.SessionId == sessionId).OrderBy(c => c.Offset).ToListAsync(cancellationToken);

    /// <summary>Thrown inside the version's commit when the session was completed or removed by someone else first.</summary>
    private sealed class UploadSessionSettledException(Guid? versionId) : Exception("The upload session was settled by another request.")
    {
        public Guid? VersionId { get; } = versionId;
    }

    private static DocumentProblem NotFound(Guid sessionId) =>
        new(StatusCodes.Status404NotFound, "Upload session not found.", $"Upload session '{sessionId}' does not exist, has expired, or belongs to someone else.");

    [GeneratedRegex(@"^bytes (?<start>\d{1,18})-(?<end>\d{1,18})/(?<total>\d{1,18}|\*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ContentRangePattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();
}
