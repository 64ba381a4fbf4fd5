using FlowDocs.Common.Security;

namespace FlowDocs.Server.Hosting;

public static class ApiModule
{
    /// <summary>
    /// Authorization policies shared by every module's endpoints. Authentication (tokens, UI cookie) comes from
    /// the identity module (<c>AddIdentity</c>).
    /// </summary>
    public static WebApplicationBuilder AddApiSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCurrentUser();
        builder.Services.AddApiConcurrency(builder.Configuration);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(FlowDocsPolicies.Api, p => p.RequireAuthenticatedUser().RequireClaim(FlowDocsClaims.Tenant))
            .AddPolicy(FlowDocsPolicies.TenantAdmin, p => p.RequireAuthenticatedUser().RequireClaim(FlowDocsClaims.Tenant)
                .RequireRole(FlowDocsRoles.Admin))
            .AddPolicy(FlowDocsPolicies.Designer, p => p.RequireAuthenticatedUser().RequireClaim(FlowDocsClaims.Tenant)
                .RequireRole(FlowDocsRoles.Designer, FlowDocsRoles.Admin))
            .AddPolicy(FlowDocsPolicies.PlatformAdmin, p => p.RequireAuthenticatedUser().RequireClaim(FlowDocsClaims.PlatformAdmin, "true"))
            .AddPolicy(FlowDocsPolicies.Person, p => p.RequireAuthenticatedUser().RequireClaim(FlowDocsClaims.Tenant)
                .RequireAssertion(c => Guid.TryParse(c.User.FindFirst(FlowDocsClaims.Subject)?.Value, out _)));
        return builder;
    }

    /// <summary>
    /// The <c>/api</c> route group every module maps its endpoints on: callers must be authenticated members
    /// of a tenant unless an endpoint says otherwise, and wait for their turn when the process is busy (<see cref="ApiConcurrency"/>).
    /// </summary>
    public static RouteGroupBuilder MapApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapGroup("/api").RequireAuthorization(FlowDocsPolicies.Api).RequireRateLimiting(ApiConcurrency.Policy);
    }
}
