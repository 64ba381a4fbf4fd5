using System.Text.Json.Nodes;
using FlowDocs.Common.Documents;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.CreateTask;
using FlowDocs.Workflows.Activities;
using FlowDocs.Workflows.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Tasks.WorkflowActivities;

/// <summary>
/// Creates a task about the instance's document and waits until someone completes it; leaves by the port
/// named like the chosen outcome. When the due time passes first, <c>Overdue</c> fires and the task stays open.
/// </summary>
internal sealed class UserTaskActivity : IActivity
{
    public const string TypeName = "FlowDocs.UserTask";
    public const string OverduePort = "Overdue";
    private const string TimerName = TypeName + ".Due";

    public ActivityDescriptor Descriptor { get; } = new(
        TypeName, TaskActivityInputs.Category, "User task",
        "Creates a task for a user or for candidates (roles/users), waits for its completion and continues on the chosen outcome; Overdue fires when the due time passes while it is still open.",
        [
            new InputDescriptor("title", "String", "What the person is asked to do.", Required: true),
            new InputDescriptor("description", "String", "Details shown with the task."),
            new InputDescriptor("assignee", "String", "The user id who gets the task (else it is offered to the candidates). When it is not a person of the tenant (e.g. a service client uploaded the version), the document's owner gets it, else the tenant's administrators."),
            new InputDescriptor("candidateRoles", "String", "Roles the task is offered to (comma-separated or a JSON array)."),
            new InputDescriptor("candidateUsers", "String", "Users the task is offered to (comma-separated or a JSON array)."),
            new InputDescriptor("outcomes", "String", "The outcomes a completer chooses from, e.g. Approve,Reject (default Done); each is a port."),
            TaskActivityInputs.Priority,
            TaskActivityInputs.DueIn,
            TaskActivityInputs.DueAt,
            TaskActivityInputs.DocumentId,
            TaskActivityInputs.VersionNumber,
        ],
        [.. UserTaskCreator.DefaultOutcomes, OverduePort]);

    public IReadOnlyList<string> GetOutcomes(ActivityNode node) =>
        [.. TaskActivityInputs.LiteralList(node, "outcomes", UserTaskCreator.DefaultOutcomes), OverduePort];

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (documentId, versionNumber) = await TaskActivityInputs.DocumentAsync(context);
        var spec = new NewUserTask(
            documentId,
            versionNumber,
            await context.EvaluateAsync<string>("title") ?? string.Empty,
            await context.EvaluateAsync<string>("description"),
            await context.EvaluateAsync<string>("assignee") is { Length: > 0 } assignee ? assignee.Trim() : null,
            await TaskActivityInputs.ListAsync(context, "candidateRoles"),
            await TaskActivityInputs.ListAsync(context, "candidateUsers"),
            await TaskActivityInputs.PriorityAsync(context),
            await TaskActivityInputs.DueAsync(context),
            await TaskActivityInputs.ListAsync(context, "outcomes"),
            TaskActivityInputs.WorkflowActor,
            context.InstanceId.ToString(),
            context.ActivityId,
            Guid.CreateVersion7(context.Time.GetUtcNow()));
        if (spec.Assignee is null && spec.CandidateRoles.Count == 0 && spec.CandidateUsers.Count == 0)
        {
            return ActivityResult.Fault("A user task needs an assignee or at least one candidate role or user.");
        }

        var (resolved, redirected) = await ResolveAssigneeAsync(context, spec);
        var task = await TaskActivityInputs.AddTaskAsync(context.Services.GetRequiredService<UserTaskCreator>(), resolved, context.CancellationToken);
        if (redirected is not null)
        {
            TaskActivityInputs.Note(context, task, redirected);
            context.Log(redirected);
        }

        context.SetVariable("lastTaskId", task.Id.ToString());
        context.Log($"Created task {task.Id} '{task.Title}'.");
        var completion = context.CreateBookmark(TypeName, task.Id.ToString(), new JsonObject { ["taskId"] = task.Id.ToString() });
        return task.DueAt is { } due
            ? ActivityResult.Suspend(completion, context.CreateBookmark(TimerName, task.Id.ToString(), dueAt: due))
            : ActivityResult.Suspend(completion);
    }

    public async ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Outcome(context.ResumePayload) is { } outcome)
        {
            return ActivityResult.Done(outcome);
        }

        // The due-time timer woke us. The task may have been completed in the meantime (its own resume lost the
        // race for the bookmark): then continue on its outcome; otherwise escalate and keep waiting.
        var db = context.Services.GetRequiredService<FlowDocsDbContext>();
        var task = await db.Set<UserTask>().AsNoTracking()
            .Where(t => t.OriginWorkflowInstanceId == context.InstanceId.ToString() && t.OriginActivityId == context.ActivityId)
            .OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(context.CancellationToken);
        if (task is null)
        {
            return ActivityResult.Fault("The task this activity waits for no longer exists.");
        }

        if (task.Status == UserTaskStatus.Completed)
        {
            return ActivityResult.Done(task.Outcome ?? UserTaskCreator.DefaultOutcomes[0]);
        }

        if (task.Status == UserTaskStatus.Cancelled)
        {
            return ActivityResult.Stop();
        }

        context.Log($"Task {task.Id} is overdue.");
        return ActivityResult.Branch([OverduePort], context.CreateBookmark(TypeName, task.Id.ToString(), new JsonObject { ["taskId"] = task.Id.ToString() }));
    }

    /// <summary>
    /// A task for someone who cannot hold it (a service client, a disabled user) goes to the document's owner, else
    /// to the tenant's administrators, with the reason; a workflow never faults on it.
    /// </summary>
    private static async ValueTask<(NewUserTask Spec, string? Reason)> ResolveAssigneeAsync(ActivityExecutionContext context, NewUserTask spec)
    {
        var directory = context.Services.GetRequiredService<IUserDirectory>();
        if (spec.Assignee is not { } assignee || await directory.IsActiveUserAsync(assignee, context.CancellationToken))
        {
            return (spec, null);
        }

        var owner = (await context.Services.GetRequiredService<IDocumentCatalog>().FindAsync(spec.DocumentId, context.CancellationToken))?.Owner;
        if (owner is not null && owner != assignee && await directory.IsActiveUserAsync(owner, context.CancellationToken))
        {
            return (spec with { Assignee = owner }, $"'{assignee}' is not a person of this tenant (a service client or a disabled user), so the task went to the document's owner {owner}.");
        }

        return (spec with { Assignee = null, CandidateRoles = [.. spec.CandidateRoles, FlowDocsRoles.Admin] },
            $"'{assignee}' is not a person of this tenant (a service client or a disabled user) and the document has no owner who is, so the task is offered to the tenant's administrators.");
    }

    internal static string? Outcome(JsonObject? payload) =>
        payload?["outcome"] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
