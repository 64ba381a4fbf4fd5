using FlowDocs.Common.Security;
using FlowDocs.Data.Tasks;

namespace FlowDocs.Tasks.TaskModel;

/// <summary>Who may do what with a task, in one place so every use case answers the same way.</summary>
internal static class TaskRules
{
    public static bool IsOpen(UserTask task) => task.Status is UserTaskStatus.Open or UserTaskStatus.Claimed;

    public static bool IsOverdue(UserTask task, DateTimeOffset now) => IsOpen(task) && task.DueAt is { } due && due < now;

    /// <summary>The task is offered to the caller: named as a candidate user, or one of the caller's roles is a candidate.</summary>
    public static bool IsCandidate(UserTask task, ICurrentUser user) =>
        task.Candidates.Any(c =>
            (c.Kind == CandidateKind.User && string.Equals(c.Value, user.UserId, StringComparison.Ordinal))
            || (c.Kind == CandidateKind.Role && user.IsInRole(c.Value)));

    public static bool IsAssignee(UserTask task, ICurrentUser user) =>
        string.Equals(task.Assignee, user.UserId, StringComparison.Ordinal);

    public static bool IsAdmin(ICurrentUser user) => user.IsInRole(FlowDocsRoles.Admin);

    /// <summary>
    /// Four eyes: why the caller may neither take nor decide this review (they uploaded the version it is about), or
    /// null when they may. Claim and complete answer it the same way (403).
    /// </summary>
    public static string? FourEyesProblem(UserTask task, ICurrentUser user) =>
        string.Equals(task.ExcludedUser, user.UserId, StringComparison.Ordinal)
            ? $"Task {task.Id} reviews version {task.DocumentVersionNumber}, which you uploaded; someone else must decide on it (four eyes)."
            : null;

    /// <summary>
    /// Who may read and add to the task's comment thread: its reviewers (the holder, the candidates by name or role,
    /// whoever completed it), the person who made a hand-made task, the uploader of the version it is about and the
    /// document's owner. Nobody else, administrators included, unless they are one of those.
    /// </summary>
    public static bool MayUseThread(UserTask task, ICurrentUser user, string? versionUploader, string? documentOwner) =>
        IsAssignee(task, user)
        || IsCandidate(task, user)
        || string.Equals(task.CompletedBy, user.UserId, StringComparison.Ordinal)
        || (task.OriginWorkflowInstanceId is null && string.Equals(task.CreatedBy, user.UserId, StringComparison.Ordinal))
        || string.Equals(versionUploader, user.UserId, StringComparison.Ordinal)
        || string.Equals(documentOwner, user.UserId, StringComparison.Ordinal);

    public const string ThreadRefused =
        "Only the task's reviewers, the uploader of the version it is about and the document's owner can read and add to its comments.";

    /// <summary>Explains why a closed task cannot change, or null when it is still open.</summary>
    public static string? ClosedProblem(UserTask task) => task.Status switch
    {
        UserTaskStatus.Completed => $"Task {task.Id} is already completed (outcome '{task.Outcome}' by {task.CompletedBy}).",
        UserTaskStatus.Cancelled => $"Task {task.Id} is cancelled.",
        _ => null,
    };

    /// <summary>Gives the task to <paramref name="userId"/>: held by them from now on.</summary>
    public static void Assign(UserTask task, string userId, DateTimeOffset now)
    {
        task.Assignee = userId;
        task.AssignedAt = now;
        task.Status = UserTaskStatus.Claimed;
    }

    /// <summary>The candidate keys that reach <paramref name="user"/>: the user's own and one per role.</summary>
    public static List<string> CandidateKeys(ICurrentUser user) =>
        [UserTaskCandidate.KeyOf(CandidateKind.User, user.UserId), .. user.Roles.Select(r => UserTaskCandidate.KeyOf(CandidateKind.Role, r))];

    /// <summary>
    /// Marks a write, so that a concurrent write of the same task fails instead of overwriting it, and keeps
    /// the candidates' copies in step with the task: the offer flag (offered only while open and unclaimed),
    /// the due date and the priority the inbox orders offers by.
    /// </summary>
    public static void Touch(UserTask task, DateTimeOffset now)
    {
        task.UpdatedAt = now;
        task.ConcurrencyStamp = Guid.NewGuid();
        var offered = task.Status == UserTaskStatus.Open && task.Assignee is null;
        foreach (var candidate in task.Candidates)
        {
            candidate.IsOffered = offered;
            candidate.DueSort = task.DueAt ?? UserTaskCandidate.NoDueDate;
            candidate.Priority = task.Priority;
        }
    }
}
