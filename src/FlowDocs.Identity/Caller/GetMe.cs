using FlowDocs.Common.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FlowDocs.Identity.Caller;

/// <summary>Who the caller is, as every module sees it (<see cref="ICurrentUser"/>).</summary>
public sealed record MeResponse(string UserId, Guid TenantId, string? DisplayName, IReadOnlyCollection<string> Roles, bool PlatformAdmin);

internal static class GetMe
{
    public static void MapMe(this RouteGroupBuilder api) =>
        api.MapGet("/me", Handle)
            .WithName("GetMe")
            .WithTags("Identity")
            .WithSummary("The authenticated caller: user or service client, tenant and roles.");

    private static Ok<MeResponse> Handle(ICurrentUser user, HttpContext http) =>
        TypedResults.Ok(new MeResponse(
            user.UserId,
            user.TenantId,
            user.DisplayName,
            user.Roles,
            http.User.HasClaim(FlowDocsClaims.PlatformAdmin, "true")));
}
