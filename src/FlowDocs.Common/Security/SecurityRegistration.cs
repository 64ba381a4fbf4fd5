using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlowDocs.Common.Security;

public static class SecurityRegistration
{
    /// <summary>Registers <see cref="ICurrentUser"/> and <see cref="ITenantContext"/> (scoped).</summary>
    public static IServiceCollection AddCurrentUser(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.TryAddScoped<ICurrentUser, HttpCurrentUser>();
        services.TryAddScoped<ITenantContext, ScopedTenantContext>();
        return services;
    }
}
