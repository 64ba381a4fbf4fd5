namespace FlowDocs.Data.Documents;

public enum DocumentStatus
{
    Draft,
    InReview,
    Approved,
    Rejected,
    Archived,
}

public enum VersionOrigin
{
    Upload,
    Import,
    Revert,
}

/// <summary>
/// A document: what users name, tag and move through statuses. Its content lives in immutable
/// <see cref="DocumentVersion"/>s; <see cref="CurrentVersionNumber"/> points at the newest.
/// </summary>
public sealed class Document : ITenantOwned
{
    public const int TitleMaxLength = 300;
    public const int DescriptionMaxLength = 4000;
    public const int TagMaxLength = 64;
    public const int MaxTags = 50;
    public const int MetadataKeyMaxLength = 100;
    public const int MetadataValueMaxLength = 1000;
    public const int MaxMetadataEntries = 100;

    /// <summary>
    /// Tags as stored: trimmed, lower case, each once, in the order given. Every tag that is empty, too long or
    /// holds a comma or control character, and a list over <see cref="MaxTags"/>, is reported to
    /// <paramref name="problem"/> (the message names the tag); the rule of every writer of tags.
    /// </summary>
    public static List<string> NormalizeTags(IEnumerable<string?>? tags, Action<string> problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var result = new List<string>();
        foreach (var raw in tags ?? [])
        {
            var tag = raw?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(tag) || tag.Length > TagMaxLength || tag.Any(c => char.IsControl(c) || c == ','))
            {
                problem($"each tag must be 1 to {TagMaxLength} characters without commas or control characters ('{raw}' is not).");
            }
            else if (!result.Contains(tag, StringComparer.Ordinal))
            {
                result.Add(tag);
            }
        }

        if (result.Count > MaxTags)
        {
            problem($"a document has at most {MaxTags} tags.");
        }

        return result;
    }

    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public string Title { get; set; } = string.Empty;

    /// <summary>
    /// The title lower-cased: sorting by title is then the same on SQLite (binary collation) and MySQL
    /// (case-insensitive collation), and keyset cursors compare the same column the index holds.
    /// </summary>
    public string SortTitle { get; set; } = string.Empty;

    public string? Description { get; set; }

    public DocumentStatus Status { get; set; }

    /// <summary>Kept in the row for reads; <see cref="DocumentTag"/> rows make tag filters an index seek.</summary>
    public List<string> Tags { get; set; } = [];

    public Dictionary<string, string> Metadata { get; set; } = [];

    public Guid CurrentVersionId { get; set; }

    public int CurrentVersionNumber { get; set; }

    /// <summary>The current version's file name, copied here so that text search needs no join.</summary>
    public string CurrentFileName { get; set; } = string.Empty;

    /// <summary>The current version's SHA-256: the document's ETag for If-Match.</summary>
    public string CurrentSha256 { get; set; } = string.Empty;

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? TrashedAt { get; set; }

    public string? TrashedBy { get; set; }

    /// <summary>
    /// The person answerable for the document: revise tasks for versions uploaded by service clients go to them.
    /// Default the creator when that is a person; null means the tenant's administrators.
    /// </summary>
    public string? Owner { get; set; }

    public string? CheckedOutBy { get; set; }

    public DateTimeOffset? CheckedOutUntil { get; set; }

    /// <summary>Optimistic concurrency: two writers of the same row cannot both win.</summary>
    public Guid Revision { get; set; }
}

public sealed class DocumentTag : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid DocumentId { get; set; }

    public string Tag { get; set; } = string.Empty;
}

/// <summary>One immutable version of a document's content; never updated after insert.</summary>
public sealed class DocumentVersion : ITenantOwned
{
    public const int FileNameMaxLength = 255;
    public const int LabelMaxLength = 100;
    public const int CommentMaxLength = 2000;
    public const int ContentTypeMaxLength = 255;

    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid DocumentId { get; set; }

    public int Number { get; set; }

    public string? Label { get; set; }

    public string BlobKey { get; set; } = string.Empty;

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public string Sha256 { get; set; } = string.Empty;

    public long Size { get; set; }

    public string? DeclaredContentType { get; set; }

    /// <summary>What the first bytes look like (magic numbers), independent of what the client claimed.</summary>
    public string SniffedContentType { get; set; } = string.Empty;

    public string FileName { get; set; } = string.Empty;

    public string? Comment { get; set; }

    public VersionOrigin Origin { get; set; }

    /// <summary>For reverts: the version whose bytes were restored.</summary>
    public int? SourceVersionNumber { get; set; }

    /// <summary>For imports: the item id in the client's system.</summary>
    public string? ExternalId { get; set; }

    public string? ExternalETag { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// Content-addressed storage: one stored object per tenant and SHA-256, shared by every version with
/// those bytes. The unique (tenant, hash) index settles concurrent uploads of the same bytes.
/// </summary>
public sealed class DocumentBlob : ITenantOwned
{
    public Guid TenantId { get; set; }

    public string Sha256 { get; set; } = string.Empty;

    public string BlobKey { get; set; } = string.Empty;

    public long Size { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Who changed what on a document, when, with the values before and after (JSON).</summary>
public sealed class DocumentAuditEvent : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid DocumentId { get; set; }

    public string Action { get; set; } = string.Empty;

    public string Actor { get; set; } = string.Empty;

    public DateTimeOffset At { get; set; }

    public int? VersionNumber { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }

    /// <summary>Position in its tenant's audit chain (1, 2, …); null until the chain is sealed up to this event.</summary>
    public long? Sequence { get; set; }

    /// <summary>SHA-256 (hex) of the previous event of the tenant's chain; 64 zeros for the first.</summary>
    public string? PreviousHash { get; set; }

    /// <summary>SHA-256 (hex) of this event's content and <see cref="PreviousHash"/>: editing any of it breaks the chain.</summary>
    public string? Hash { get; set; }
}

/// <summary>How a decision came about.</summary>
public enum DecisionKind
{
    /// <summary>A workflow's approval decided (its reviewers' votes are in <see cref="DocumentDecision.Votes"/>).</summary>
    Workflow,

    /// <summary>An administrator set the status by hand, with a reason.</summary>
    Override,
}

/// <summary>
/// A decision about one exact version: the bytes (id and SHA-256) it is about, who decided, when, the outcome and
/// why. Never updated; the document's status is the outcome of the newest decision on its current version.
/// </summary>
public sealed class DocumentDecision : ITenantOwned
{
    public const int CommentMaxLength = 4000;

    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid DocumentId { get; set; }

    public Guid VersionId { get; set; }

    public int VersionNumber { get; set; }

    public string VersionSha256 { get; set; } = string.Empty;

    /// <summary>The status the decision gives the version: Approved, Rejected (or, for an override, any status).</summary>
    public DocumentStatus Outcome { get; set; }

    public DecisionKind Kind { get; set; }

    public string DecidedBy { get; set; } = string.Empty;

    public DateTimeOffset DecidedAt { get; set; }

    public string? Comment { get; set; }

    /// <summary>JSON array of the reviewers' votes <c>{by, outcome, comment, at}</c> (workflow decisions).</summary>
    public string? Votes { get; set; }

    public string? WorkflowDefinitionId { get; set; }

    public int? WorkflowDefinitionVersion { get; set; }

    public Guid? WorkflowInstanceId { get; set; }
}

/// <summary>A resumable upload: chunks arrive in any order, possibly repeated, until the content is complete.</summary>
public sealed class UploadSession : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>
    /// Null: completing the session creates a new document; otherwise it adds a version. Once completed, the
    /// document the version went to.
    /// </summary>
    public Guid? DocumentId { get; set; }

    /// <summary>
    /// The version completing made, set in the same commit: a repeated or concurrent completion answers with it
    /// instead of adding the bytes again. The session row stays (without its chunks) until it expires.
    /// </summary>
    public Guid? CompletedVersionId { get; set; }

    public string? Title { get; set; }

    public string FileName { get; set; } = string.Empty;

    public string? ContentType { get; set; }

    public string? Comment { get; set; }

    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 the client promised; completion fails when the bytes differ.</summary>
    public string? ExpectedSha256 { get; set; }

    public long ReceivedBytes { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public Guid Revision { get; set; }
}

public sealed class UploadChunk : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid SessionId { get; set; }

    public long Offset { get; set; }

    public long Length { get; set; }

    public string BlobKey { get; set; } = string.Empty;
}
