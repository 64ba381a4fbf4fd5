using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Identity.Admin.ServiceClients;

public sealed record ServiceClientResponse(Guid Id, string ClientId, string DisplayName, IReadOnlyList<string> Roles, bool Enabled, DateTimeOffset CreatedAt);

public sealed record CreateServiceClientRequest(string? DisplayName, IReadOnlyList<string>? Roles);

/// <summary>The secret is in this response only; FlowDocs keeps a hash and cannot show it again.</summary>
public sealed record ServiceClientSecretResponse(ServiceClientResponse Client, string ClientSecret);

/// <summary>Integrations' client-credentials clients of the caller's tenant (the tenant query filter hides the others: 404).</summary>
internal static class ServiceClientAdmin
{
    public static void MapServiceClientAdmin(this RouteGroupBuilder admin)
    {
        var clients = admin.MapGroup("/service-clients").WithTags("Admin: service clients").RequireAuthorization(FlowDocsPolicies.TenantAdmin);
        clients.MapGet("/", ListAsync).WithName("ListServiceClients").WithSummary("The service clients of the caller's tenant.");
        clients.MapGet("/{id:guid}", GetAsync).WithName("GetServiceClient").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One service client of the caller's tenant (never its secret).");
        clients.MapPost("/", CreateAsync).WithName("CreateServiceClient").ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).WithSummary("Creates a client-credentials client; the secret is shown once.");
        clients.MapPost("/{id:guid}/secret", RotateAsync).WithName("RotateServiceClientSecret").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Replaces the secret; the new one is shown once.");
        clients.MapPost("/{id:guid}/disable", (Guid id, Identity.ServiceClients clients, CancellationToken ct) => SetEnabledAsync(id, false, clients, ct))
            .WithName("DisableServiceClient").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Disables the client and revokes its tokens.");
        clients.MapPost("/{id:guid}/enable", (Guid id, Identity.ServiceClients clients, CancellationToken ct) => SetEnabledAsync(id, true, clients, ct))
            .WithName("EnableServiceClient").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Enables a disabled client.");
    }

    private static async Task<Ok<List<ServiceClientResponse>>> ListAsync(FlowDocsDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Set<ServiceClient>().OrderBy(c => c.DisplayName).ThenBy(c => c.Id).ToListAsync(cancellationToken))
            .Select(ToResponse).ToList());

    private static async Task<Results<Ok<ServiceClientResponse>, ProblemHttpResult>> GetAsync(
        Guid id, Identity.ServiceClients clients, CancellationToken cancellationToken) =>
        await clients.FindAsync(id, cancellationToken) is { } client
            ? TypedResults.Ok(ToResponse(client))
            : AdminRules.NotFound("service client", id);

    private static async Task<Results<Created<ServiceClientSecretResponse>, ProblemHttpResult>> CreateAsync(
        CreateServiceClientRequest request, FlowDocsDbContext db, Identity.ServiceClients clients, ICurrentUser caller, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.DisplayName?.Trim();
        if (name is null or { Length: 0 or > 200 })
        {
            errors["displayName"] = ["displayName is required (at most 200 characters)."];
        }

        var roles = request.Roles ?? [];
        var (_, unknown) = await AdminRules.ResolveRolesAsync(db, caller.TenantId, roles, cancellationToken);
        if (unknown.Count > 0)
        {
            errors["roles"] = [$"These roles do not exist in your tenant: {string.Join(", ", unknown)}."];
        }

        if (errors.Count > 0)
        {
            return AdminRules.Invalid(errors);
        }

        // Stored with the tenant's spelling of each role, so the token carries exactly what policies compare.
        var canonical = await db.Roles.Where(r => r.TenantId == caller.TenantId).Select(r => r.Name!).ToListAsync(cancellationToken);
        var names = roles.Select(r => canonical.First(c => string.Equals(c, r.Trim(), StringComparison.OrdinalIgnoreCase)))
            .Distinct(StringComparer.Ordinal).ToList();
        var created = await clients.CreateAsync(caller.TenantId, name!, names, cancellationToken);
        return TypedResults.Created(
            $"/api/admin/service-clients/{created.Client.Id}",
            new ServiceClientSecretResponse(ToResponse(created.Client), created.Secret));
    }

    private static async Task<Results<Ok<ServiceClientSecretResponse>, ProblemHttpResult>> RotateAsync(
        Guid id, Identity.ServiceClients clients, CancellationToken cancellationToken)
    {
        var client = await clients.FindAsync(id, cancellationToken);
        if (client is null)
        {
            return AdminRules.NotFound("service client", id);
        }

        var secret = await clients.RotateSecretAsync(client, cancellationToken);
        return TypedResults.Ok(new ServiceClientSecretResponse(ToResponse(client), secret));
    }

    private static async Task<Results<Ok<ServiceClientResponse>, ProblemHttpResult>> SetEnabledAsync(
        Guid id, bool enabled, Identity.ServiceClients clients, CancellationToken cancellationToken)
    {
        var client = await clients.FindAsync(id, cancellationToken);
        if (client is null)
        {
            return AdminRules.NotFound("service client", id);
        }

        await clients.SetEnabledAsync(client, enabled, cancellationToken);
        return TypedResults.Ok(ToResponse(client));
    }

    private static ServiceClientResponse ToResponse(ServiceClient client) =>
        new(client.Id, client.ClientId, client.DisplayName, client.Roles, client.Enabled, client.CreatedAt);
}
