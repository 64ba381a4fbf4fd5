using FlowDocs.Common.Documents;
using FlowDocs.Common.Http;
using FlowDocs.Common.Security;
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
            .WithSummary("A task; with its comment thread when the caller may read it (its reviewers, the version's uploader, the document's owner), else comments is null.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, FlowDocsDbContext db, ICurrentUser user, IDocumentCatalog documents, TimeProvider clock, CancellationToken cancellationToken)
    {
        var task = await db.FindTaskAsync(id, cancellationToken, withComments: true);
        if (task is null)
        {
            return ApiProblems.NotFound($"Task {id} does not exist.");
        }

        var withComments = await TaskThread.MayUseAsync(task, user, documents, cancellationToken);
        return TypedResults.Ok(TaskResponse.From(task, clock.GetUtcNow(), withComments));
    }
}
