using FlowDocs.Studio.Api;

namespace FlowDocs.Studio.Logic;

/// <summary>
/// Which buttons a task shows. The API decides in the end (it answers 409/403); these rules only avoid offering
/// buttons that would certainly fail, mirroring docs/tasks.md.
/// </summary>
public static class TaskActions
{
    public static bool IsOpen(TaskItem task) => task is { Status: "Open" or "Claimed" };

    /// <summary>An unclaimed open task can be claimed by a candidate; the inbox only lists my offers, so that is me.</summary>
    public static bool CanClaim(TaskItem task) => task is { Status: "Open", Assignee: null };

    /// <summary>The holder completes, or a candidate of an unclaimed task.</summary>
    public static bool CanComplete(TaskItem task, string? userId) =>
        IsOpen(task) && (task.Assignee is null || string.Equals(task.Assignee, userId, StringComparison.Ordinal));

    /// <summary>The outcomes to choose from; a task without explicit outcomes completes with "Done".</summary>
    public static IReadOnlyList<string> Outcomes(TaskItem task) => task.Outcomes is { Count: > 0 } outcomes ? outcomes : ["Done"];

    /// <summary>
    /// A refusal to complete, in the reviewer's words: the API's newer-version conflict names the task's id and an API
    /// parameter, neither of which means anything to a person.
    /// </summary>
    public static string RefusalText(string message, TaskItem task)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(task);
        return message.Contains("confirmNewerVersion", StringComparison.Ordinal)
            ? $"The document has a newer version than version {task.DocumentVersionNumber}, which this task is about. Open the document and look at the new version first; the task stays open."
            : message;
    }
}
