using FlowDocs.Data.Documents;

namespace FlowDocs.Data.Imports;

/// <summary>What an import does with an item that changed at the source since it was imported.</summary>
public enum ImportConflictPolicy
{
    /// <summary>The change becomes a new version of the document it was imported into.</summary>
    NewVersion,

    /// <summary>The change is ignored (counted as skipped); the document keeps what it has.</summary>
    Skip,

    /// <summary>The change becomes a new document; the earlier one is left as it is.</summary>
    NewDocument,
}

/// <summary>What an import does when an item it imported is deleted at the source.</summary>
public enum ImportDeletionPolicy
{
    /// <summary>Nothing: the document stays as it is.</summary>
    Ignore,

    /// <summary>The document's status becomes Archived.</summary>
    Archive,
}

public enum ImportRunStatus
{
    Queued,
    Running,
    Succeeded,

    /// <summary>The run finished, but some items could not be imported (see its errors).</summary>
    CompletedWithErrors,
    Failed,
}

public enum ImportRunTrigger
{
    Manual,
    Workflow,
    Webhook,
}

/// <summary>
/// A folder of a client's OneDrive or SharePoint drive that documents are imported from, with the app
/// credentials to read it. The credential is stored encrypted (Data Protection) and never returned.
/// </summary>
public sealed class ImportSource : ITenantOwned
{
    public const int NameMaxLength = 200;
    public const int IdMaxLength = 200;

    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>The SharePoint site the drive belongs to, when it was given (informational; the drive id addresses the drive).</summary>
    public string? SiteId { get; set; }

    public string DriveId { get; set; } = string.Empty;

    /// <summary>The folder's drive item id; <c>root</c> for the whole drive.</summary>
    public string FolderId { get; set; } = "root";

    /// <summary>The Entra ID (Azure AD) tenant of the client's app registration.</summary>
    public string EntraTenantId { get; set; } = string.Empty;

    public string ClientId { get; set; } = string.Empty;

    /// <summary>The client secret or certificate, protected with Data Protection.</summary>
    public string ProtectedCredential { get; set; } = string.Empty;

    /// <summary><c>Secret</c> or <c>Certificate</c>: which one <see cref="ProtectedCredential"/> holds.</summary>
    public string CredentialKind { get; set; } = "Secret";

    /// <summary>Cron expression: when the <c>client-import</c> workflow finds this source due. Null: every time it runs.</summary>
    public string? Schedule { get; set; }

    /// <summary>Tags given to documents this source creates.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>The status documents this source creates start in.</summary>
    public DocumentStatus DocumentStatus { get; set; } = DocumentStatus.Draft;

    public ImportConflictPolicy ConflictPolicy { get; set; }

    public ImportDeletionPolicy DeletionPolicy { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Where the next run continues: the delta link of the last finished enumeration.</summary>
    public string? DeltaLink { get; set; }

    /// <summary>The next page of an enumeration a run did not finish (crash, deploy): the next run continues there.</summary>
    public string? ResumeLink { get; set; }

    /// <summary>Set while an enumeration that started from scratch (first run, 410 resync) is unfinished.</summary>
    public Guid? FullEnumerationRunId { get; set; }

    public string? SubscriptionId { get; set; }

    public DateTimeOffset? SubscriptionExpiresAt { get; set; }

    /// <summary>The secret Graph echoes in every change notification, protected with Data Protection.</summary>
    public string? ProtectedClientState { get; set; }

    /// <summary>When the schedule last made this source due (so a schedule fires once per occurrence).</summary>
    public DateTimeOffset? LastScheduledAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Revision { get; set; }
}

/// <summary>One run of an import: counts and progress while it runs, the outcome after.</summary>
public sealed class ImportRun : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid SourceId { get; set; }

    public ImportRunStatus Status { get; set; }

    public ImportRunTrigger Trigger { get; set; }

    public string RequestedBy { get; set; } = string.Empty;

    public DateTimeOffset QueuedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Written with every page: a run whose heartbeat stopped was abandoned (its worker died).</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    /// <summary>True when this run enumerated the whole folder (first run, or after Graph asked for a resync).</summary>
    public bool FullEnumeration { get; set; }

    public int Pages { get; set; }

    public int ItemsSeen { get; set; }

    public int New { get; set; }

    public int Updated { get; set; }

    public int Skipped { get; set; }

    public int Deleted { get; set; }

    public int Failed { get; set; }

    /// <summary>Why the run failed as a whole (the per-item errors are <see cref="ImportItemError"/> rows).</summary>
    public string? Message { get; set; }

    /// <summary>The <c>FlowDocs.ImportFromGraph</c> bookmark waiting for this run, if a workflow started it.</summary>
    public Guid? WorkflowBookmarkId { get; set; }
}

/// <summary>An item a run could not import, and why.</summary>
public sealed class ImportItemError : ITenantOwned
{
    public const int MessageMaxLength = 2000;

    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid RunId { get; set; }

    public string ItemId { get; set; } = string.Empty;

    public string? ItemName { get; set; }

    public string Message { get; set; } = string.Empty;

    public DateTimeOffset At { get; set; }
}

/// <summary>
/// Which document an item of a source was imported into, and the eTag and hash it had then: an unchanged item is
/// skipped, a resync does not duplicate it, and a deletion at the source finds its document.
/// </summary>
public sealed class ImportedItem : ITenantOwned
{
    public Guid TenantId { get; set; }

    public Guid SourceId { get; set; }

    public string ItemId { get; set; } = string.Empty;

    public Guid DocumentId { get; set; }

    public string? ETag { get; set; }

    public string? QuickXorHash { get; set; }

    public string? Name { get; set; }

    public DateTimeOffset ImportedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>The last run that saw the item: after a full enumeration, items it did not see were deleted at the source.</summary>
    public Guid LastSeenRunId { get; set; }
}
