using FlowDocs.Common.Documents;
using FlowDocs.Common.Http;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.TaskModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Tasks.CommentOnTask;

public sealed record AddCommentRequest(string? Text);

/// <summary>
/// The task's comment thread: read and added to by its reviewers (holder, candidates), the uploader of the version it
/// is about and the document's owner (<see cref="TaskRules.MayUseThread"/>); anyone else in the tenant gets 403.
/// </summary>
internal static class CommentOnTaskEndpoint
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/tasks/{id:guid}/comments", ListAsync)
            .WithName("ListTaskComments")
            .WithSummary("The task's comment thread, oldest first (its reviewers, the version's uploader and the document's owner).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapPost("/tasks/{id:guid}/comments", HandleAsync)
            .WithName("CommentOnTask")
            .WithSummary("Add a comment to a task's thread (also after it is closed; its reviewers, the version's uploader and the document's owner).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<Ok<IReadOnlyList<TaskCommentResponse>>, ProblemHttpResult>> ListAsync(
        Guid id, FlowDocsDbContext db, ICurrentUser user, IDocumentCatalog documents, CancellationToken cancellationToken)
    {
        var task = await db.FindTaskAsync(id, cancellationToken);
        if (task is null)
        {
            return ApiProblems.NotFound($"Task {id} does not exist.");
        }

        if (!await TaskThread.MayUseAsync(task, user, documents, cancellationToken))
        {
            return ApiProblems.Forbidden(TaskRules.ThreadRefused);
        }

        var comments = await db.Set<UserTaskComment>().AsNoTracking().Where(c => c.TaskId == id)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<TaskCommentResponse>>(comments.ConvertAll(c => new TaskCommentResponse(c.Id, c.Author, c.Text, c.CreatedAt)));
    }

    private static async Task<Results<Created<TaskCommentResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, AddCommentRequest request, FlowDocsDbContext db, ICurrentUser user, IDocumentCatalog documents, TimeProvider clock, CancellationToken cancellationToken)
    {
        var task = await db.FindTaskAsync(id, cancellationToken);
        if (task is null)
        {
            return ApiProblems.NotFound($"Task {id} does not exist.");
        }

        if (!await TaskThread.MayUseAsync(task, user, documents, cancellationToken))
        {
            return ApiProblems.Forbidden(TaskRules.ThreadRefused);
        }

        var text = request.Text?.Trim() ?? string.Empty;
        var errors = new ValidationErrors()
            .Check(text.Length > 0, "text", "text is required.")
            .Check(text.Length <= 4000, "text", "text must be at most 4000 characters.");
        if (!errors.IsEmpty)
        {
            return ApiProblems.Invalid(errors.ToDictionary());
        }

        var now = clock.GetUtcNow();
        var comment = new UserTaskComment { Id = Guid.CreateVersion7(now), TaskId = task.Id, Author = user.UserId, Text = text, CreatedAt = now };
        db.Add(comment);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/tasks/{task.Id}/comments", new TaskCommentResponse(comment.Id, comment.Author, comment.Text, comment.CreatedAt));
    }
}
