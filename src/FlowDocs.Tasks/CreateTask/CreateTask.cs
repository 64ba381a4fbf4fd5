using FlowDocs.Common.Documents;
using FlowDocs.Common.Events;
using FlowDocs.Common.Http;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.TaskModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FlowDocs.Tasks.CreateTask;

/// <summary>A task created by hand on a document. Without <c>versionNumber</c> it is about the current version.</summary>
public sealed record CreateTaskRequest(
    string? Title,
    string? Description,
    string? Assignee,
    IReadOnlyList<string>? CandidateRoles,
    IReadOnlyList<string>? CandidateUsers,
    UserTaskPriority? Priority,
    DateTimeOffset? DueAt,
    IReadOnlyList<string>? Outcomes,
    int? VersionNumber);

/// <summary>Everything a new task needs; built from an API request or from a workflow activity's inputs.</summary>
public sealed record NewUserTask(
    Guid DocumentId,
    int? VersionNumber,
    string Title,
    string? Description,
    string? Assignee,
    IReadOnlyList<string> CandidateRoles,
    IReadOnlyList<string> CandidateUsers,
    UserTaskPriority Priority,
    DateTimeOffset? DueAt,
    IReadOnlyList<string> Outcomes,
    string CreatedBy,
    string? WorkflowInstanceId = null,
    string? ActivityId = null,
    Guid? ActivityRunId = null);

/// <summary>Creates tasks, for people (the endpoint) and for workflows (the task activities).</summary>
public sealed class UserTaskCreator(FlowDocsDbContext db, IDocumentCatalog documents, IUserDirectory directory, TimeProvider clock)
{
    public const int MaxOutcomes = 10;
    public static readonly IReadOnlyList<string> DefaultOutcomes = ["Done"];

    /// <summary>The created task, or the problem (404 unknown document or version, 422 invalid fields).</summary>
    public Task<(UserTask? Task, ProblemHttpResult? Problem)> CreateAsync(NewUserTask spec, CancellationToken cancellationToken) =>
        CreateAsync(spec, null, cancellationToken);

    /// <summary>As <see cref="CreateAsync(NewUserTask, CancellationToken)"/>; <paramref name="beforeSave"/> adds to the same transaction.</summary>
    public async Task<(UserTask? Task, ProblemHttpResult? Problem)> CreateAsync(NewUserTask spec, Action<UserTask>? beforeSave, CancellationToken cancellationToken)
    {
        var (task, problem) = await AddAsync(spec, cancellationToken);
        if (task is not null)
        {
            beforeSave?.Invoke(task);
            await db.SaveChangesAsync(cancellationToken);
        }

        return (task, problem);
    }

    /// <summary>
    /// Validates and adds the task to the scoped context without saving: a workflow activity's tasks commit in
    /// the same transaction as its instance, so a crash never leaves a task without its waiting workflow.
    /// </summary>
    public async Task<(UserTask? Task, ProblemHttpResult? Problem)> AddAsync(NewUserTask spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var now = clock.GetUtcNow();
        var errors = Validate(spec, now);
        if (spec.Assignee is { Length: > 0 } assignee && !await directory.IsActiveUserAsync(assignee, cancellationToken))
        {
            errors.Add("assignee", $"'{assignee}' is not an active user of this tenant.");
        }

        foreach (var user in spec.CandidateUsers.Where(u => !string.IsNullOrWhiteSpace(u)))
        {
            if (!await directory.IsActiveUserAsync(user, cancellationToken))
            {
                errors.Add("candidateUsers", $"'{user}' is not an active user of this tenant.");
            }
        }

        var document = await documents.FindAsync(spec.DocumentId, cancellationToken);
        if (document is null)
        {
            return (null, ApiProblems.NotFound($"Document {spec.DocumentId} does not exist."));
        }

        var (versionId, versionNumber) = (document.CurrentVersionId, document.CurrentVersionNumber);
        if (spec.VersionNumber is { } wanted)
        {
            versionNumber = wanted;
            versionId = await documents.FindVersionAsync(spec.DocumentId, wanted, cancellationToken) ?? Guid.Empty;
            if (versionId == Guid.Empty)
            {
                errors.Add("versionNumber", $"Document {spec.DocumentId} has no version {wanted}.");
            }
        }

        if (!errors.IsEmpty)
        {
            return (null, ApiProblems.Invalid(errors.ToDictionary()));
        }

        var task = new UserTask
        {
            Id = Guid.CreateVersion7(now),
            DocumentId = spec.DocumentId,
            DocumentVersionId = versionId,
            DocumentVersionNumber = versionNumber,
            Title = spec.Title.Trim(),
            Description = string.IsNullOrWhiteSpace(spec.Description) ? null : spec.Description.Trim(),
            Assignee = string.IsNullOrWhiteSpace(spec.Assignee) ? null : spec.Assignee,
            AssignedAt = string.IsNullOrWhiteSpace(spec.Assignee) ? null : now,
            Status = string.IsNullOrWhiteSpace(spec.Assignee) ? UserTaskStatus.Open : UserTaskStatus.Claimed,
            Priority = spec.Priority,
            DueAt = spec.DueAt?.ToUniversalTime(),
            Outcomes = spec.Outcomes.Count == 0 ? [.. DefaultOutcomes] : spec.Outcomes.Select(o => o.Trim()).ToList(),
            OriginWorkflowInstanceId = spec.WorkflowInstanceId,
            OriginActivityId = spec.ActivityId,
            OriginActivityRunId = spec.ActivityRunId,
            CreatedBy = spec.CreatedBy,
            CreatedAt = now,
        };
        task.Candidates.AddRange(spec.CandidateRoles.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct(StringComparer.Ordinal)
            .Select(r => Candidate(task, CandidateKind.Role, r)));
        task.Candidates.AddRange(spec.CandidateUsers.Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u.Trim()).Distinct(StringComparer.Ordinal)
            .Select(u => Candidate(task, CandidateKind.User, u)));
        TaskRules.Touch(task, now);
        db.Add(task);
        return (task, null);
    }

    private static UserTaskCandidate Candidate(UserTask task, CandidateKind kind, string value) =>
        new() { Id = Guid.NewGuid(), TaskId = task.Id, Kind = kind, Value = value, Key = UserTaskCandidate.KeyOf(kind, value) };

    private static ValidationErrors Validate(NewUserTask spec, DateTimeOffset now)
    {
        var errors = new ValidationErrors()
            .Check(!string.IsNullOrWhiteSpace(spec.Title), "title", "title is required.")
            .Check(spec.Title.Length <= 200, "title", "title must be at most 200 characters.")
            .Check((spec.Description?.Length ?? 0) <= 4000, "description", "description must be at most 4000 characters.")
            .Check(spec.Assignee is null || spec.Assignee.Length <= 191, "assignee", "assignee must be at most 191 characters.")
            .Check(Enum.IsDefined(spec.Priority), "priority", "priority must be Low, Normal, High or Urgent.")
            .Check(spec.DueAt is null || spec.DueAt > now, "dueAt", "dueAt must be in the future.")
            .Check(spec.Outcomes.Count <= MaxOutcomes, "outcomes", $"A task allows at most {MaxOutcomes} outcomes.")
            .Check(spec.Outcomes.All(o => !string.IsNullOrWhiteSpace(o) && o.Trim().Length <= 100), "outcomes", "Each outcome must be 1 to 100 characters.")
            .Check(spec.Outcomes.Distinct(StringComparer.OrdinalIgnoreCase).Count() == spec.Outcomes.Count, "outcomes", "Outcomes must be unique.")
            .Check(spec.CandidateRoles.Count + spec.CandidateUsers.Count <= 50, "candidates", "A task has at most 50 candidates.")
            .Check(spec.CandidateRoles.All(r => !string.IsNullOrWhiteSpace(r) && r.Length <= 191), "candidateRoles", "Each candidate role must be 1 to 191 characters.");
        return errors;
    }
}

internal static class CreateTaskEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost("/documents/{documentId:guid}/tasks", HandleAsync)
            .WithName("CreateTask")
            .WithSummary("Create a task on a document (about its current version, or the version given).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Results<Created<TaskResponse>, ProblemHttpResult>> HandleAsync(
        Guid documentId, CreateTaskRequest request, UserTaskCreator creator, ICurrentUser user, IEventPublisher events, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var spec = new NewUserTask(
            documentId,
            request.VersionNumber,
            request.Title ?? string.Empty,
            request.Description,
            request.Assignee,
            request.CandidateRoles ?? [],
            request.CandidateUsers ?? [],
            request.Priority ?? UserTaskPriority.Normal,
            request.DueAt,
            request.Outcomes ?? [],
            user.UserId);
        var (task, problem) = await creator.CreateAsync(
            spec,
            created => events.Stage(new UserTaskCreated(
                user.TenantId, created.Id, created.DocumentId, created.Assignee,
                [.. created.Candidates.Where(c => c.Kind == CandidateKind.Role).Select(c => c.Value)],
                [.. created.Candidates.Where(c => c.Kind == CandidateKind.User).Select(c => c.Value)],
                created.CreatedBy, created.CreatedAt)),
            cancellationToken);
        if (task is null)
        {
            return problem!;
        }

        await events.DispatchAsync(cancellationToken);
        return TypedResults.Created($"/api/tasks/{task.Id}", TaskResponse.From(task, clock.GetUtcNow()));
    }
}
