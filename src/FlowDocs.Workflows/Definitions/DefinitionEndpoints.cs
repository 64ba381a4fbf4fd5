using System.Text.Json;
using System.Text.Json.Nodes;
using FlowDocs.Common.Paging;
using FlowDocs.Common.Security;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FlowDocs.Workflows.Definitions;

public sealed record DefinitionSummary(
    string DefinitionId, Guid VersionId, int Version, bool IsLatest, bool IsPublished, string Name, string? Description, DateTime CreatedAt, DateTime UpdatedAt,
    string? UpdatedBy, string? UpdatedByName)
{
    public static DefinitionSummary From(WorkflowDefinition d) =>
        new(d.DefinitionId, d.Id, d.Version, d.IsLatest, d.IsPublished, d.Name, d.Description, d.CreatedAt, d.UpdatedAt, d.UpdatedBy, d.UpdatedByName);
}

public sealed record DefinitionDetail(DefinitionSummary Summary, JsonObject Definition);

public sealed record ValidationResponse(bool IsValid, IReadOnlyList<ValidationProblem> Problems);

/// <summary>An imported definition and what validating it found.</summary>
public sealed record ImportedDefinition(DefinitionDetail Definition, ValidationResponse Validation);

/// <summary>Definitions: list, read, create, save draft, validate, publish, retract, delete draft, versions, import, export.</summary>
internal static class DefinitionEndpoints
{
    public static void Map(RouteGroupBuilder workflows)
    {
        var group = workflows.MapGroup("/definitions").WithTags("Workflow definitions");

        group.MapGet("/", async Task<IResult> (int? page, int? pageSize, string? search, DefinitionService service, CancellationToken ct) =>
        {
            if (PageRequest.TryCreate(page, pageSize, out var request) is { } error)
            {
                return Results.Problem(statusCode: 400, title: "Invalid paging.", detail: error);
            }

            var list = await service.ListAsync(request, search, ct);
            return TypedResults.Ok(new PagedList<DefinitionSummary>(list.Items.Select(DefinitionSummary.From).ToList(), list.Page, list.PageSize, list.HasMore));
        }).Produces<PagedList<DefinitionSummary>>().ProducesProblem(StatusCodes.Status400BadRequest)
            .WithName("ListWorkflowDefinitions").WithSummary("Lists the latest version of every definition (paged).");

        group.MapGet("/{definitionId}", async Task<IResult> (string definitionId, string? version, DefinitionService service, CancellationToken ct) =>
        {
            if (VersionSelector.Parse(version) is not { } selector)
            {
                return Results.Problem(statusCode: 400, title: "Invalid version.", detail: "version must be latest, published or a version number.");
            }

            var row = await service.FindAsync(definitionId, selector, ct);
            return row is null ? NotFound(definitionId, version) : TypedResults.Ok(Detail(row));
        }).Produces<DefinitionDetail>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetWorkflowDefinition").WithSummary("Gets a definition version: latest (default), published, or a number.");

        group.MapGet("/{definitionId}/versions", async Task<IResult> (string definitionId, DefinitionService service, CancellationToken ct) =>
        {
            var versions = await service.VersionsAsync(definitionId, ct);
            return versions.Count == 0 ? NotFound(definitionId, null) : TypedResults.Ok(versions.Select(DefinitionSummary.From).ToList().ToWholePage());
        }).Produces<PagedList<DefinitionSummary>>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListWorkflowDefinitionVersions").WithSummary("Lists every version of a definition, newest first.");

        group.MapGet("/{definitionId}/export", async Task<IResult> (string definitionId, string? version, DefinitionService service, CancellationToken ct) =>
        {
            if (VersionSelector.Parse(version) is not { } selector)
            {
                return Results.Problem(statusCode: 400, title: "Invalid version.", detail: "version must be latest, published or a version number.");
            }

            var row = await service.FindAsync(definitionId, selector, ct);
            return row is null
                ? NotFound(definitionId, version)
                : Results.File(JsonSerializer.SerializeToUtf8Bytes(DefinitionService.Export(row), JsonDefaults.Indented), "application/json", $"{definitionId}-v{row.Version}.json");
        }).Produces<JsonObject>(StatusCodes.Status200OK, "application/json").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ExportWorkflowDefinition").WithSummary("Exports a version as Elsa 3 workflow-definition JSON.");

        group.MapPost("/validate", (JsonObject body, DefinitionService service) =>
            Parse(body, out var model, out var problem) ? TypedResults.Ok(Validation(service.Validate(model!))) : problem!)
            .Produces<ValidationResponse>().ProducesProblem(StatusCodes.Status400BadRequest)
            .WithName("ValidateWorkflowDefinitionJson").WithSummary("Validates unsaved definition JSON; answers every problem at once.");

        group.MapPost("/{definitionId}/validate", async Task<IResult> (string definitionId, DefinitionService service, CancellationToken ct) =>
        {
            var row = await service.FindAsync(definitionId, VersionSelector.Latest, ct);
            return row is null ? NotFound(definitionId, null) : TypedResults.Ok(Validation(service.Validate(WorkflowModel.Parse(row.Json))));
        }).Produces<ValidationResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ValidateWorkflowDefinition").WithSummary("Validates the latest version of a definition.");

        var edit = group.MapGroup("").RequireAuthorization(FlowDocsPolicies.Designer);

        edit.MapPost("/", async Task<IResult> (JsonObject body, DefinitionService service, CancellationToken ct) =>
        {
            if (!Parse(body, out var model, out var problem))
            {
                return problem!;
            }

            return await Run(async () =>
            {
                var row = await service.CreateAsync(model!, ct);
                return TypedResults.Created($"/api/workflows/definitions/{row.DefinitionId}", Detail(row));
            });
        }).Produces<DefinitionDetail>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateWorkflowDefinition").WithSummary("Creates a definition (version 1, a draft). Designer role.");

        edit.MapPost("/import", async Task<IResult> (JsonObject body, DefinitionService service, CancellationToken ct) =>
        {
            if (!Parse(body, out var model, out var problem))
            {
                return problem!;
            }

            return await Run(async () =>
            {
                var row = await service.ImportAsync(model!, ct);
                return TypedResults.Created($"/api/workflows/definitions/{row.DefinitionId}", new ImportedDefinition(Detail(row), Validation(service.Validate(model!))));
            });
        }).Produces<ImportedDefinition>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ImportWorkflowDefinition").WithSummary("Imports Elsa 3 JSON as a new definition or a new draft version. Designer role.");

        edit.MapPut("/{definitionId}", async Task<IResult> (string definitionId, JsonObject body, DefinitionService service, CancellationToken ct) =>
        {
            if (!Parse(body, out var model, out var problem))
            {
                return problem!;
            }

            return await Run(async () => TypedResults.Ok(Detail(await service.SaveDraftAsync(definitionId, model!, null, ct))));
        }).Produces<DefinitionDetail>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("SaveWorkflowDefinitionDraft").WithSummary("Saves the draft (a new draft version when the latest is published). Designer role.");

        edit.MapPost("/{definitionId}/publish", async Task<IResult> (string definitionId, DefinitionService service, CancellationToken ct) =>
            await Run(async () => TypedResults.Ok(DefinitionSummary.From(await service.PublishAsync(definitionId, ct)))))
            .Produces<DefinitionSummary>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("PublishWorkflowDefinition").WithSummary("Publishes the latest version (422 with every problem when invalid). Designer role.");

        edit.MapPost("/{definitionId}/retract", async Task<IResult> (string definitionId, DefinitionService service, CancellationToken ct) =>
            await Run(async () => TypedResults.Ok(DefinitionSummary.From(await service.RetractAsync(definitionId, ct)))))
            .Produces<DefinitionSummary>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RetractWorkflowDefinition").WithSummary("Stops new instances of the definition; running ones continue. Designer role.");

        edit.MapDelete("/{definitionId}/draft", async Task<IResult> (string definitionId, DefinitionService service, CancellationToken ct) =>
            await Run(async () =>
            {
                await service.DeleteDraftAsync(definitionId, ct);
                return TypedResults.NoContent();
            }))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DeleteWorkflowDefinitionDraft").WithSummary("Deletes the unpublished latest version. Designer role.");
    }

    internal static DefinitionDetail Detail(WorkflowDefinition row) => new(DefinitionSummary.From(row), DefinitionService.Export(row));

    private static ValidationResponse Validation(IReadOnlyList<ValidationProblem> problems) => new(problems.Count == 0, problems);

    private static bool Parse(JsonObject body, out WorkflowModel? model, out IResult? problem)
    {
        try
        {
            model = WorkflowModel.FromDocument((JsonObject)body.DeepClone());
            problem = null;
            return true;
        }
        catch (WorkflowFormatException ex)
        {
            model = null;
            problem = TypedResults.Problem(statusCode: 400, title: "The definition JSON is not valid.", detail: ex.Message);
            return false;
        }
        catch (InvalidOperationException ex)
        {
            model = null;
            problem = TypedResults.Problem(statusCode: 400, title: "The definition JSON is not valid.", detail: ex.Message);
            return false;
        }
    }

    private static ProblemHttpResult NotFound(string definitionId, string? version) =>
        TypedResults.Problem(statusCode: 404, title: "Workflow definition not found.",
            detail: version is null ? $"Definition '{definitionId}' does not exist." : $"Definition '{definitionId}' has no version '{version}'.");

    internal static async Task<IResult> Run(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (DefinitionException ex)
        {
            return ex.Kind switch
            {
                DefinitionErrorKind.NotFound => TypedResults.Problem(statusCode: 404, title: "Workflow definition not found.", detail: ex.Message),
                DefinitionErrorKind.Conflict => TypedResults.Problem(statusCode: 409, title: "The definition is not in a state that allows this.", detail: ex.Message),
                _ => TypedResults.Problem(statusCode: 422, title: "The definition is not valid.", detail: ex.Message,
                    extensions: new Dictionary<string, object?> { ["problems"] = ex.Problems }),
            };
        }
    }
}
