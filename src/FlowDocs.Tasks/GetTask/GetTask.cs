using FlowDocs.Common.Http;
using FlowDocs.Data;
using FlowDocs.Tasks.TaskModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FlowDocs.Tasks.GetTask;

internal static class GetTaskEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/tasks/{id:guid}", HandleAsync)
            .WithName("GetTask")
            .WithSummary("A task with its comment thread.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, FlowDocsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var task = await db.FindTaskAsync(id, cancellationToken, withComments: true);
        return task is null
            ? ApiProblems.NotFound($"Task {id} does not exist.")
            : TypedResults.Ok(TaskResponse.From(task, clock.GetUtcNow(), withComments: true));
    }
}
