using Microsoft.AspNetCore.Identity;

namespace FlowDocs.Data.Identity;

/// <summary>A client organisation. Users, roles and service clients belong to exactly one tenant.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>True for the tenant first start creates; a unique index lets only one replica create it.</summary>
    public bool IsDefault { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A person who signs in. The e-mail address is the user name and is unique across tenants, so the login page
/// needs no tenant picker; every query in a tenant's admin API filters on <see cref="TenantId"/>.
/// </summary>
public sealed class FlowDocsUser : IdentityUser<Guid>
{
    public Guid TenantId { get; set; }

    public required string DisplayName { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>May manage tenants (and everything else); set on the first-start administrator.</summary>
    public bool IsPlatformAdmin { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A role within one tenant: the built-in Admin/Designer/Member/Reviewer, or the tenant's own.</summary>
public sealed class FlowDocsRole : IdentityRole<Guid>
{
    public Guid TenantId { get; set; }
}

/// <summary>
/// An integration that calls the API with client credentials. The secret lives (hashed) in the OpenIddict
/// application with the same client id; this row says which tenant the client acts in and with which roles.
/// </summary>
public sealed class ServiceClient : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string ClientId { get; set; }

    public required string DisplayName { get; set; }

    public List<string> Roles { get; set; } = [];

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
}
