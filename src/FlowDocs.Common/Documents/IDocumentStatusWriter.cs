namespace FlowDocs.Common.Documents;

/// <summary>
/// Sets a document's status (e.g. <c>Approved</c>) for the workflow activity <c>FlowDocs.SetDocumentStatus</c>.
/// Implemented by the documents module. Called inside a workflow burst: changes made through the scoped
/// <c>FlowDocsDbContext</c> without saving commit together with the workflow instance.
/// </summary>
public interface IDocumentStatusWriter
{
    /// <summary>False when the document does not exist in the current tenant.</summary>
    Task<bool> SetStatusAsync(Guid documentId, string status, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the status on behalf of a workflow that is about one version: when that version is no longer the
    /// document's current one, the status stays as it is (<see cref="DocumentStatusOutcome.NotCurrentVersion"/>),
    /// because a decision on older bytes says nothing about the current ones.
    /// </summary>
    async Task<DocumentStatusOutcome> SetStatusAsync(DocumentStatusChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await SetStatusAsync(change.DocumentId, change.Status, cancellationToken) ? DocumentStatusOutcome.Set : DocumentStatusOutcome.NotFound;
    }
}

/// <summary>The workflow instance behind a change: definition, its version, and the instance.</summary>
public sealed record WorkflowOrigin(string DefinitionId, int DefinitionVersion, Guid InstanceId);

/// <summary>A status a workflow sets; <c>VersionNumber</c> is the version it is about (null: the current one).</summary>
public sealed record DocumentStatusChange(Guid DocumentId, string Status, int? VersionNumber, WorkflowOrigin? Workflow);

public enum DocumentStatusOutcome
{
    Set,
    NotFound,
    NotCurrentVersion,
}

/// <summary>One reviewer's vote on a version.</summary>
public sealed record DecisionVote(string By, string Outcome, string? Comment, DateTimeOffset At);

/// <summary>A workflow's decision about one version (Approved or Rejected), with the votes that made it.</summary>
public sealed record VersionDecision(
    Guid DocumentId,
    int VersionNumber,
    string Outcome,
    string DecidedBy,
    string? Comment,
    IReadOnlyList<DecisionVote> Votes,
    WorkflowOrigin Workflow);

/// <summary>
/// Records decisions about versions (implemented by the documents module). Like the status writer, it leaves its
/// changes unsaved so they commit with the workflow burst that decided.
/// </summary>
public interface IDocumentDecisionRecorder
{
    /// <summary>False when the document or version does not exist in the current tenant.</summary>
    Task<bool> RecordAsync(VersionDecision decision, CancellationToken cancellationToken);
}

/// <summary>What a <c>FlowDocs.DocumentVersionAdded</c> trigger filters on.</summary>
public sealed record DocumentTriggerFacts(string? Status, string? ContentType, IReadOnlyCollection<string> Tags);

/// <summary>Reads the facts workflow triggers filter on (implemented by the documents module).</summary>
public interface IDocumentTriggerFactsReader
{
    /// <summary>The facts of one version in the current tenant, or null when it does not exist.</summary>
    Task<DocumentTriggerFacts?> FindAsync(Guid documentId, Guid versionId, CancellationToken cancellationToken);
}
