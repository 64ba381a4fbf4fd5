using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using FlowDocs.Identity.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace FlowDocs.Identity.People;

/// <summary>A user or service client of the caller's tenant, as others' records name them ("updated by …").</summary>
public sealed record PersonResponse(string Id, string DisplayName, string Kind);

public sealed record PeopleResponse(IReadOnlyList<PersonResponse> Items);

/// <summary>
/// Names for the ids other modules record (<c>createdBy</c>, <c>updatedBy</c>, assignees): any member may read the names
/// of their own tenant's users and service clients; ids of other tenants, or of nobody, are left out of the answer.
/// </summary>
internal static class ListPeople
{
    public const int MaxIds = 100;

    public static void MapPeople(this RouteGroupBuilder api) =>
        api.MapGet("/people", HandleAsync)
            .WithName("ListPeople").ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithTags("Identity")
            .WithSummary($"Display names of up to {MaxIds} user or service-client ids (?id=…&id=…) of the caller's tenant.");

    private static async Task<Results<Ok<PeopleResponse>, ProblemHttpResult>> HandleAsync(
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "id")] string[]? ids, FlowDocsDbContext db, ICurrentUser caller, CancellationToken cancellationToken)
    {
        var wanted = (ids ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count > MaxIds)
        {
            return AdminRules.Invalid("id", $"at most {MaxIds} ids at a time; {wanted.Count} were given.");
        }

        if (wanted.Count == 0)
        {
            return TypedResults.Ok(new PeopleResponse([]));
        }

        var tenantId = caller.TenantId;
        // A user's id is spelled as a token's subject carries it; anything else names nobody.
        var userIds = wanted.Select(i => Guid.TryParse(i, out var g) && g.ToString() == i ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        var users = userIds.Count == 0 ? [] : await db.Set<FlowDocsUser>().AsNoTracking()
            .Where(u => u.TenantId == tenantId && userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken);
        var clients = await db.Set<ServiceClient>().AsNoTracking()
            .Where(c => c.TenantId == tenantId && wanted.Contains(c.ClientId))
            .Select(c => new { c.ClientId, c.DisplayName }).ToListAsync(cancellationToken);

        var people = users.Select(u => new PersonResponse(u.Id.ToString(), u.DisplayName, "user"))
            .Concat(clients.Select(c => new PersonResponse(c.ClientId, c.DisplayName, "client")))
            .OrderBy(p => wanted.IndexOf(p.Id))
            .ToList();
        return TypedResults.Ok(new PeopleResponse(people));
    }
}
