using System.Text.Json.Nodes;
using FlowDocs.Studio.Logic;

namespace FlowDocs.Studio.Api;

/// <summary>Everything the Studio asks of the modules, one method per API call it makes.</summary>
public interface IStudioApi
{
    Task<ApiPage<DocumentItem>> ListDocumentsAsync(DocumentQuery query, CancellationToken cancellationToken);

    Task<DocumentItem> GetDocumentAsync(Guid documentId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DocumentVersionItem>> ListVersionsAsync(Guid documentId, CancellationToken cancellationToken);

    Task<ApiPage<TaskItem>> ListDocumentTasksAsync(Guid documentId, CancellationToken cancellationToken);

    /// <summary>The document's audit events, newest first (one page of up to 100).</summary>
    Task<ApiPage<HistoryItem>> ListDocumentHistoryAsync(Guid documentId, CancellationToken cancellationToken);

    /// <summary>Adds a new version with the bytes of version <paramref name="number"/> (history is never rewritten).</summary>
    Task<UploadedVersion> RevertVersionAsync(Guid documentId, int number, CancellationToken cancellationToken);

    /// <summary>Creates a document whose version 1 is <paramref name="content"/>, streamed.</summary>
    Task<UploadedVersion> UploadDocumentAsync(string fileName, string? contentType, long size, Stream content, CancellationToken cancellationToken);

    /// <summary>Starts a resumable upload that becomes a new document when completed.</summary>
    Task<UploadSessionItem> CreateUploadSessionAsync(string fileName, string? contentType, long size, CancellationToken cancellationToken);

    /// <summary>Stores bytes [<paramref name="offset"/>, offset + length) of the file; sending the same range again replaces it.</summary>
    Task<UploadSessionItem> PutUploadChunkAsync(Guid sessionId, long offset, int length, long size, Stream chunk, CancellationToken cancellationToken);

    /// <summary>What the session has received and which ranges are missing.</summary>
    Task<UploadSessionItem> GetUploadSessionAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>Turns the received chunks into the document's version (refused while ranges are missing).</summary>
    Task<UploadedVersion> CompleteUploadSessionAsync(Guid sessionId, CancellationToken cancellationToken);

    Task<ApiPage<TaskItem>> ListInboxAsync(InboxQuery query, CancellationToken cancellationToken);

    Task<TaskItem> ClaimTaskAsync(Guid taskId, CancellationToken cancellationToken);

    Task<TaskItem> CompleteTaskAsync(Guid taskId, string outcome, string? comment, CancellationToken cancellationToken);

    /// <summary>The task (with its comment thread when the caller may read it).</summary>
    Task<TaskItem> GetTaskAsync(Guid taskId, CancellationToken cancellationToken);

    /// <summary>The task's comment thread, oldest first; 403 for anyone but its reviewers, the version's uploader and the document's owner.</summary>
    Task<IReadOnlyList<TaskCommentItem>> ListTaskCommentsAsync(Guid taskId, CancellationToken cancellationToken);

    Task<TaskCommentItem> AddTaskCommentAsync(Guid taskId, string text, CancellationToken cancellationToken);

    /// <summary>The document's decisions (one version's when <paramref name="versionNumber"/> is set), newest first.</summary>
    Task<ApiPage<DecisionItem>> ListDecisionsAsync(Guid documentId, int? versionNumber, CancellationToken cancellationToken);

    /// <summary>Faulted workflow instances of the tenant, newest first (Designer or Admin).</summary>
    Task<ApiPage<AttentionItem>> ListAttentionAsync(int page, CancellationToken cancellationToken);

    Task<ApiPage<DefinitionSummary>> ListDefinitionsAsync(string? search, int page, CancellationToken cancellationToken);

    /// <summary>The definition in one version: <c>latest</c>, <c>published</c> or a number; null when there is none.</summary>
    Task<DefinitionDetail?> GetDefinitionAsync(string definitionId, string version, CancellationToken cancellationToken);

    /// <summary>Every version of a definition, newest first.</summary>
    Task<IReadOnlyList<DefinitionSummary>> ListDefinitionVersionsAsync(string definitionId, CancellationToken cancellationToken);

    /// <summary>The activity types the designer can place (the engine's catalogue).</summary>
    Task<ActivityCatalogueItem> GetActivityCatalogueAsync(CancellationToken cancellationToken);

    /// <summary>Creates a definition (version 1, a draft) from Elsa 3 JSON.</summary>
    Task<DefinitionDetail> CreateDefinitionAsync(JsonObject definition, CancellationToken cancellationToken);

    /// <summary>
    /// Imports Elsa 3 JSON through the engine's import: a new definition, or a new draft version when the file's
    /// definitionId exists; the answer carries the validation problems.
    /// </summary>
    Task<ImportedDefinition> ImportDefinitionAsync(JsonObject definition, CancellationToken cancellationToken);

    /// <summary>Saves the draft: the latest version when it is a draft, else a new draft version.</summary>
    Task<DefinitionDetail> SaveDraftAsync(string definitionId, JsonObject definition, CancellationToken cancellationToken);

    /// <summary>Validates unsaved definition JSON; every problem at once.</summary>
    Task<ValidationResult> ValidateDefinitionAsync(JsonObject definition, CancellationToken cancellationToken);

    /// <summary>Publishes the latest version; an invalid one fails with 422 and its problems.</summary>
    Task<DefinitionSummary> PublishDefinitionAsync(string definitionId, CancellationToken cancellationToken);

    Task<DefinitionSummary> RetractDefinitionAsync(string definitionId, CancellationToken cancellationToken);

    /// <summary>Deletes the unpublished latest version.</summary>
    Task DeleteDraftAsync(string definitionId, CancellationToken cancellationToken);

    Task<ApiPage<InstanceSummaryItem>> ListInstancesAsync(string? definitionId, string? status, int page, CancellationToken cancellationToken);

    Task<InstanceDetailItem> GetInstanceAsync(Guid instanceId, CancellationToken cancellationToken);

    /// <summary>Starts an instance of the published version.</summary>
    Task<InstanceSummaryItem> StartInstanceAsync(string definitionId, CancellationToken cancellationToken);

    Task CancelInstanceAsync(Guid instanceId, CancellationToken cancellationToken);

    Task RetryInstanceAsync(Guid instanceId, CancellationToken cancellationToken);

    Task<ApiPage<ImportSourceItem>> ListImportSourcesAsync(int page, CancellationToken cancellationToken);

    Task<ImportSourceItem> GetImportSourceAsync(Guid sourceId, CancellationToken cancellationToken);

    Task<ImportRunItem> StartImportRunAsync(Guid sourceId, CancellationToken cancellationToken);

    Task<ApiPage<ImportRunItem>> ListImportRunsAsync(Guid sourceId, CancellationToken cancellationToken);

    /// <summary>
    /// Users of the caller's tenant by e-mail address (administrators only); <paramref name="search"/> keeps those whose
    /// e-mail or name contains it (the API searches, any case).
    /// </summary>
    Task<ApiPage<UserItem>> ListUsersAsync(string? search, int page, CancellationToken cancellationToken);

    /// <summary>Display names of up to 100 user or service-client ids of the caller's tenant (unknown ids are left out).</summary>
    Task<IReadOnlyList<PersonItem>> GetPeopleAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>Creates a user without a password; the answer carries their one-time set-password link.</summary>
    Task<InvitedUserItem> CreateUserAsync(string email, string displayName, IReadOnlyList<string> roles, CancellationToken cancellationToken);

    /// <summary>A new one-time set-password link for the user.</summary>
    Task<Uri> InviteUserAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Replaces the user's roles.</summary>
    Task<UserItem> SetUserRolesAsync(Guid userId, IReadOnlyList<string> roles, CancellationToken cancellationToken);

    /// <summary>Enables or disables the user (disabling revokes their tokens).</summary>
    Task<UserItem> SetUserEnabledAsync(Guid userId, bool enabled, CancellationToken cancellationToken);

    /// <summary>The tenant's roles, built-in and its own.</summary>
    Task<IReadOnlyList<RoleItem>> ListRolesAsync(CancellationToken cancellationToken);

    Task<RoleItem> CreateRoleAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<ServiceClientItem>> ListServiceClientsAsync(CancellationToken cancellationToken);

    /// <summary>Creates a client-credentials client; its secret is in this answer only.</summary>
    Task<ServiceClientSecretItem> CreateServiceClientAsync(string displayName, IReadOnlyList<string> roles, CancellationToken cancellationToken);

    /// <summary>Replaces the client's secret; the new one is in this answer only.</summary>
    Task<ServiceClientSecretItem> RotateServiceClientSecretAsync(Guid clientId, CancellationToken cancellationToken);

    /// <summary>Enables or disables the client (disabling revokes its tokens).</summary>
    Task<ServiceClientItem> SetServiceClientEnabledAsync(Guid clientId, bool enabled, CancellationToken cancellationToken);
}
