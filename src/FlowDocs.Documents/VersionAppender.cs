using FlowDocs.Common.Events;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.Content;
using Microsoft.EntityFrameworkCore;
using MySql.Data.MySqlClient;

namespace FlowDocs.Documents;

/// <summary>What the new version is, apart from its content.</summary>
internal sealed record VersionDraft(
    string FileName,
    string? DeclaredContentType,
    string? Label,
    string? Comment,
    VersionOrigin Origin,
    int? SourceVersionNumber = null,
    string? ExternalId = null,
    string? ExternalETag = null);

/// <summary>The document properties of a document created with its first version.</summary>
internal sealed record DocumentDraft(string Title, string? Description, DocumentStatus Status, List<string> Tags, Dictionary<string, string> Metadata);

internal sealed record AppendResult(VersionAddedResponse? Added, DocumentProblem? Problem);

/// <summary>
/// The one way a version comes into being (upload, session, revert, import): numbers it, shares the stored
/// object with earlier versions of the same bytes, writes the audit event, commits, then publishes
/// <see cref="DocumentVersionAdded"/>. Concurrent writers are settled by the database: the document's
/// concurrency token and the unique (tenant, SHA-256) blob key make the loser retry on fresh state.
/// </summary>
internal sealed class VersionAppender(
    FlowDocsDbContext db, ICurrentUser user, ITenantContext tenant, TimeProvider time, IEventPublisher events, ContentIngest ingest, IUserDirectory directory)
{
    private const int Attempts = 10;

    public Task<AppendResult> CreateDocumentAsync(DocumentDraft document, IngestedContent content, VersionDraft version, CancellationToken cancellationToken) =>
        CommitAsync(null, document, null, content, version, null, null, cancellationToken);

    public Task<AppendResult> AppendAsync(Guid documentId, string? ifMatch, IngestedContent content, VersionDraft version, CancellationToken cancellationToken) =>
        CommitAsync(documentId, null, ifMatch, content, version, null, null, cancellationToken);

    /// <summary>
    /// Adds a version to <paramref name="documentId"/>, or creates the document from <paramref name="draft"/> when it is null;
    /// <paramref name="beforeCommit"/> adds the caller's own changes, given the version about to be added, to the same
    /// transaction (it runs again on a retry, on fresh state, and may throw to give up).
    /// </summary>
    public Task<AppendResult> CommitWithAsync(
        Guid? documentId, DocumentDraft draft, string? ifMatch, IngestedContent content, VersionDraft version,
        Func<DocumentVersion, CancellationToken, Task> beforeCommit, CancellationToken cancellationToken) =>
        CommitAsync(documentId, documentId is null ? draft : null, ifMatch, content, version, null, beforeCommit, cancellationToken);

    /// <summary>
    /// For background work without a signed-in caller (imports): <paramref name="actor"/> is who the audit names, and
    /// <paramref name="beforeCommit"/> adds the caller's own rows to the same transaction.
    /// </summary>
    public Task<AppendResult> CommitAsAsync(
        string actor, Guid? documentId, DocumentDraft? draft, IngestedContent content, VersionDraft version,
        Func<Guid, CancellationToken, Task>? beforeCommit, CancellationToken cancellationToken) =>
        CommitAsync(
            documentId, documentId is null ? draft : null, null, content, version, actor,
            beforeCommit is null ? null : (added, ct) => beforeCommit(added.DocumentId, ct), cancellationToken);

    private async Task<AppendResult> CommitAsync(
        Guid? documentId, DocumentDraft? draft, string? ifMatch, IngestedContent content, VersionDraft version,
        string? actingAs, Func<DocumentVersion, CancellationToken, Task>? beforeCommit, CancellationToken cancellationToken)
    {
        var keepOwnObject = false;
        // Set while a commit is on its way: if it fails without a clear answer it may still have landed.
        var committing = false;
        try
        {
            // A new document's owner is its creator when that is a person of the tenant (not a service client or an import).
            var owner = documentId is null && await directory.IsActiveUserAsync(actingAs ?? user.UserId, cancellationToken) ? actingAs ?? user.UserId : null;
            for (var attempt = 1; ; attempt++)
            {
                db.ChangeTracker.Clear();
                var now = time.Now();
                var actor = actingAs ?? user.UserId;

                Document document;
                if (documentId is { } id)
                {
                    var existing = await db.Set<Document>().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
                    if (CheckWritable(existing, id, ifMatch, actor, now) is { } refused)
                    {
                        return new AppendResult(null, refused);
                    }

                    document = existing!;
                }
                else
                {
                    document = NewDocument(draft!, actor, owner, now);
                }

                var duplicate = await db.Set<DocumentVersion>()
                    .Where(v => v.Sha256 == content.Sha256)
                    .OrderBy(v => v.CreatedAt).ThenBy(v => v.Number)
                    .Select(v => new DuplicateOf(v.DocumentId, v.Id, v.Number))
                    .FirstOrDefaultAsync(cancellationToken);
                var blob = await db.Set<DocumentBlob>().FirstOrDefaultAsync(b => b.Sha256 == content.Sha256, cancellationToken);
                var blobKey = blob?.BlobKey ?? content.BlobKey;
                if (blob is null)
                {
                    db.Set<DocumentBlob>().Add(new DocumentBlob { Sha256 = content.Sha256, BlobKey = content.BlobKey, Size = content.Size, CreatedAt = now });
                }

                var added = new DocumentVersion
                {
                    Id = Guid.CreateVersion7(now),
                    DocumentId = document.Id,
                    Number = document.CurrentVersionNumber + 1,
                    Label = version.Label,
                    BlobKey = blobKey,
                    Sha256 = content.Sha256,
                    Size = content.Size,
                    DeclaredContentType = version.DeclaredContentType,
                    SniffedContentType = content.SniffedContentType,
                    FileName = version.FileName,
                    Comment = version.Comment,
                    Origin = version.Origin,
                    SourceVersionNumber = version.SourceVersionNumber,
                    ExternalId = version.ExternalId,
                    ExternalETag = version.ExternalETag,
                    CreatedBy = actor,
                    CreatedAt = now,
                };
                db.Set<DocumentVersion>().Add(added);
                document.CurrentVersionId = added.Id;
                document.CurrentVersionNumber = added.Number;
                document.CurrentFileName = added.FileName;
                document.CurrentSha256 = added.Sha256;
                document.UpdatedAt = now;
                document.UpdatedBy = actor;
                document.Revision = Guid.NewGuid();

                // A decision belongs to the bytes it was made on: new bytes have none yet, so the document is a draft
                // again until its process decides (the approval workflow starts on Draft documents).
                var statusBefore = document.Status;
                if (draft is null && document.Status is DocumentStatus.Approved or DocumentStatus.Rejected)
                {
                    document.Status = DocumentStatus.Draft;
                }

                var versionFacts = new { added.Number, added.FileName, added.Sha256, added.Size, Origin = added.Origin.ToString(), added.SourceVersionNumber, DuplicateOf = duplicate };
                if (draft is not null)
                {
                    // One event for the document and its first version: they come into being together.
                    DocumentAudit.Record(db, document.Id, DocumentActions.Created, actor, now, added.Number, after: new { Document = DocumentSnapshot.Of(document), Version = versionFacts });
                }
                else
                {
                    DocumentAudit.Record(
                        db, document.Id, version.Origin == VersionOrigin.Revert ? DocumentActions.Reverted : DocumentActions.VersionAdded, actor, now, added.Number,
                        before: statusBefore == document.Status ? null : new { Status = statusBefore.ToString() },
                        after: statusBefore == document.Status ? versionFacts : new { Version = versionFacts, Status = document.Status.ToString() });
                }

                if (beforeCommit is not null)
                {
                    await beforeCommit(added, cancellationToken);
                }

                // Stored with the version, so the trigger cannot be lost between the commit and the workflow start.
                events.Stage(new DocumentVersionAdded(tenant.TenantId ?? user.TenantId, document.Id, added.Id, added.Number, added.Origin.ToString(), actor, now));
                try
                {
                    committing = true;
                    await db.SaveChangesAsync(cancellationToken);
                    committing = false;
                }
                catch (DbUpdateException ex) when (attempt < Attempts && IsRefusal(ex))
                {
                    committing = false;
                    // Someone else committed first (a version, or the same bytes): start over on their state,
                    // after a random pause so that a crowd of writers does not collide again in lockstep.
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), cancellationToken);
                    continue;
                }

                keepOwnObject = blobKey == content.BlobKey;
                await events.DispatchAsync(cancellationToken);
                await ReloadAfterCommitAsync(document, cancellationToken);
                return new AppendResult(new VersionAddedResponse(DocumentResponse.From(document), VersionResponse.From(added), duplicate), null);
            }
        }
        finally
        {
            if (content.IsNewObject && !keepOwnObject)
            {
                if (committing)
                {
                    ingest.DeleteUnlessCommitted(content.BlobKey);
                }
                else
                {
                    await ingest.DeleteQuietlyAsync(content.BlobKey);
                }
            }
        }
    }

    /// <summary>
    /// A write the database refused (a concurrency token, a unique key, a deadlock) landed nothing and is tried again on
    /// fresh state. Any other failure — a connection lost during the commit — may have landed: trying again could add the
    /// version twice, so it fails the request. The embedded database runs in the process and answers every commit.
    /// </summary>
    private bool IsRefusal(DbUpdateException exception) =>
        exception is DbUpdateConcurrencyException || exception.InnerException is MySqlException { Number: (int)MySqlErrorCode.DuplicateKeyEntry or (int)MySqlErrorCode.LockDeadlock } || db.Database.IsSqlite();

    /// <summary>
    /// Handlers run in scopes of their own (the approval workflow, inline, moves a Draft to InReview): the answer reports
    /// the document as it now is. The version is committed, so this must not fail the request — a client told "failed"
    /// would upload again and get a second document: if the database went away meanwhile, the answer shows the document
    /// as this request saved it.
    /// </summary>
    private async Task ReloadAfterCommitAsync(Document document, CancellationToken cancellationToken)
    {
        try
        {
            await db.Entry(document).ReloadAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The committed state is what the answer shows.
        }
    }

    /// <summary>Why <paramref name="document"/> cannot take a new version from <paramref name="actor"/>, or null.</summary>
    internal static DocumentProblem? CheckWritable(Document? document, Guid id, string? ifMatch, string actor, DateTimeOffset now)
    {
        if (document is null)
        {
            return DocumentProblem.NotFound(id);
        }

        if (document.TrashedAt is not null)
        {
            return DocumentProblem.InTrash(id);
        }

        if (document.CheckedOutBy is { } holder && holder != actor && document.CheckedOutUntil > now)
        {
            return DocumentProblem.Locked(holder, document.CheckedOutUntil.Value);
        }

        return ifMatch is not null && !ETags.Matches(ifMatch, document.CurrentSha256)
            ? DocumentProblem.PreconditionFailed(ETags.Quote(document.CurrentSha256))
            : null;
    }

    private Document NewDocument(DocumentDraft draft, string actor, string? owner, DateTimeOffset now)
    {
        var document = new Document
        {
            Id = Guid.CreateVersion7(now),
            Title = draft.Title,
            SortTitle = DocumentRules.SortKey(draft.Title),
            Description = draft.Description,
            Status = draft.Status,
            Tags = draft.Tags,
            Metadata = draft.Metadata,
            CreatedBy = actor,
            CreatedAt = now,
            Owner = owner,
        };
        db.Set<Document>().Add(document);
        db.Set<DocumentTag>().AddRange(draft.Tags.Select(t => new DocumentTag { DocumentId = document.Id, Tag = t }));
        return document;
    }
}

/// <summary>The document properties an audit event records before and after a change.</summary>
internal sealed record DocumentSnapshot(string Title, string? Description, string Status, IReadOnlyList<string> Tags, IReadOnlyDictionary<string, string> Metadata, string? Owner)
{
    public static DocumentSnapshot Of(Document d) => new(d.Title, d.Description, d.Status.ToString(), [.. d.Tags], new Dictionary<string, string>(d.Metadata), d.Owner);

    public bool SameAs(DocumentSnapshot other) =>
        Title == other.Title && Description == other.Description && Status == other.Status && Owner == other.Owner && Tags.SequenceEqual(other.Tags)
        && Metadata.Count == other.Metadata.Count && !Metadata.Except(other.Metadata).Any();
}
