using FlowDocs.Common.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace FlowDocs.Server.Hosting;

/// <summary>
/// Declares in the OpenAPI document the answers the pipeline gives before or around an endpoint's own code, on the
/// operations where they can happen: 400 when a query value, header or JSON body does not bind
/// (<see cref="ProblemExceptionHandler"/>); 401 and 403 where authorization is required; 503 with Retry-After where
/// <see cref="ApiConcurrency"/> may turn a caller away, and on every <c>/api</c> operation, where a database, blob store
/// or job storage outage answers 503 (<c>Outages</c>). All are problem details. Downloads' answers
/// (<see cref="AnyContentTypeResponse"/>) get the media range <c>*/*</c>.
/// </summary>
internal static class CommonResponses
{
    public const string ProblemJson = "application/problem+json";

    public static async Task DeclareAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var download in metadata.OfType<AnyContentTypeResponse>())
        {
            operation.Responses ??= [];
            var key = download.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.TryGetValue(key, out var declared) || declared is not OpenApiResponse response)
            {
                operation.Responses[key] = response = new OpenApiResponse { Description = "The content, in its own content type." };
            }

            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content["*/*"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
        }

        if (context.Description.ParameterDescriptions.Any(CanFailToBind))
        {
            await AddAsync(operation, context, StatusCodes.Status400BadRequest, "The request is not valid (a value that does not bind, or unreadable JSON).", cancellationToken);
        }

        var authorized = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        if (authorized)
        {
            await AddAsync(operation, context, StatusCodes.Status401Unauthorized, "Not signed in (no or an expired token or cookie).", cancellationToken);
            await AddAsync(operation, context, StatusCodes.Status403Forbidden, "Signed in, but not a member of a tenant or without the role the operation needs.", cancellationToken);
        }

        var limited = metadata.OfType<EnableRateLimitingAttribute>().Any(a => a.PolicyName == ApiConcurrency.Policy);
        if (limited || context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
        {
            var busy = await AddAsync(operation, context, StatusCodes.Status503ServiceUnavailable,
                limited
                    ? "The server is busy, or a dependency (database, blob store, job storage) is unreachable; nothing was saved. Retry after the Retry-After seconds."
                    : "A dependency (database, blob store, job storage) is unreachable; nothing was saved. Retry after the Retry-After seconds.",
                cancellationToken);
            busy.Headers ??= new Dictionary<string, IOpenApiHeader>();
            busy.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before trying again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            };
        }
    }

    /// <summary>Route values are constrained (a mismatch is a 404 of routing); strings and streams always bind.</summary>
    private static bool CanFailToBind(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiParameterDescription parameter) =>
        parameter.Source == BindingSource.Body
            ? parameter.Type is not null && !typeof(Stream).IsAssignableFrom(parameter.Type) && parameter.Type != typeof(System.IO.Pipelines.PipeReader)
            : (parameter.Source == BindingSource.Query || parameter.Source == BindingSource.Header || parameter.Source == BindingSource.Form)
                && parameter.Type is not null && parameter.Type != typeof(string);

    private static async Task<OpenApiResponse> AddAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.TryGetValue(key, out var existing) && existing is OpenApiResponse declared)
        {
            declared.Content ??= new Dictionary<string, OpenApiMediaType>();
            if (!declared.Content.ContainsKey(ProblemJson))
            {
                declared.Content[ProblemJson] = new OpenApiMediaType { Schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken) };
            }

            return declared;
        }

        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken) },
            },
        };
        operation.Responses[key] = response;
        return response;
    }
}
