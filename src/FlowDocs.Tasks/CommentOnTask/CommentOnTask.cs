using FlowDocs.Common.Http;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.TaskModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FlowDocs.Tasks.CommentOnTask;

public sealed record AddCommentRequest(string? Text);

internal static class CommentOnTaskEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost("/tasks/{id:guid}/comments", HandleAsync)
            .WithName("CommentOnTask")
            .WithSummary("Add a comment to a task's thread (also after it is closed).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Results<Created<TaskCommentResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, AddCommentRequest request, FlowDocsDbContext db, ICurrentUser user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var task = await db.FindTaskAsync(id, cancellationToken);
        if (task is null)
        {
            return ApiProblems.NotFound($"Task {id} does not exist.");
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
        return TypedResults.Created($"/api/tasks/{task.Id}", new TaskCommentResponse(comment.Id, comment.Author, comment.Text, comment.CreatedAt));
    }
}
