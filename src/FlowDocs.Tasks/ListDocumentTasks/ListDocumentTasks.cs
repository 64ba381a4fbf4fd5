using FlowDocs.Common.Documents;
using FlowDocs.Common.Http;
using FlowDocs.Common.Paging;
using FlowDocs.Data;
using FlowDocs.Data.Tasks;
using FlowDocs.Tasks.TaskModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FlowDocs.Tasks.ListDocumentTasks;

internal static class ListDocumentTasksEndpoint
{
    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/documents/{documentId:guid}/tasks", HandleAsync)
            .WithName("ListDocumentTasks")
            .WithSummary("A document's tasks, open and closed, newest first unless sorted otherwise.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<Results<Ok<PagedList<TaskResponse>>, ProblemHttpResult>> HandleAsync(
        Guid documentId, UserTaskStatus? status, TaskSort? sort, int? page, int? pageSize,
        FlowDocsDbContext db, IDocumentCatalog documents, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (PageRequest.TryCreate(page, pageSize, out var request) is { } pageProblem)
        {
            return ApiProblems.Invalid(page is < 1 ? "page" : "pageSize", pageProblem);
        }

        if (await documents.FindAsync(documentId, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"Document {documentId} does not exist.");
        }

        var tasks = db.Set<UserTask>().Where(t => t.DocumentId == documentId);
        if (status is { } wanted)
        {
            tasks = tasks.Where(t => t.Status == wanted);
        }

        return TypedResults.Ok(await tasks.Sorted(sort ?? TaskSort.Created).ToPageAsync(db, request, clock.GetUtcNow(), cancellationToken));
    }
}
