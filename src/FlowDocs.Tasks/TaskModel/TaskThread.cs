using FlowDocs.Common.Documents;
using FlowDocs.Common.Security;
using FlowDocs.Data.Tasks;

namespace FlowDocs.Tasks.TaskModel;

/// <summary>Asks the documents module who uploaded the task's version and who owns the document, then applies <see cref="TaskRules.MayUseThread"/>.</summary>
internal static class TaskThread
{
    public static async Task<bool> MayUseAsync(UserTask task, ICurrentUser user, IDocumentCatalog documents, CancellationToken cancellationToken)
    {
        if (TaskRules.MayUseThread(task, user, null, null))
        {
            return true;
        }

        // A document in the trash answers nothing: then only the task's own people keep the thread.
        var document = await documents.FindAsync(task.DocumentId, cancellationToken);
        var version = document is null ? null : await documents.FindVersionSummaryAsync(task.DocumentId, task.DocumentVersionNumber, cancellationToken);
        return TaskRules.MayUseThread(task, user, version?.CreatedBy, document?.Owner);
    }
}
