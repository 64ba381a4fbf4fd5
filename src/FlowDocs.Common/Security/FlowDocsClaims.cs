namespace FlowDocs.Common.Security;

/// <summary>Claim types FlowDocs puts into tokens and cookies (OpenID Connect names where one exists).</summary>
public static class FlowDocsClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Email = "email";
    public const string Role = "role";
    public const string Tenant = "tenant";

    /// <summary>Set on principals that may manage tenants (the platform administrator).</summary>
    public const string PlatformAdmin = "platform_admin";
}

/// <summary>The built-in roles; each tenant can add its own (e.g. Reviewer, Legal).</summary>
public static class FlowDocsRoles
{
    public const string Admin = "Admin";
    public const string Designer = "Designer";
    public const string Member = "Member";

    /// <summary>Created empty on first start; the shipped approval workflow asks it.</summary>
    public const string Reviewer = "Reviewer";

    public static IReadOnlyList<string> BuiltIn { get; } = [Admin, Designer, Member];
}

/// <summary>Authorization policy names used by endpoints.</summary>
public static class FlowDocsPolicies
{
    /// <summary>Any authenticated user or service client of a tenant.</summary>
    public const string Api = "api";

    public const string TenantAdmin = "tenant-admin";

    public const string Designer = "designer";

    public const string PlatformAdmin = "platform-admin";

    /// <summary>A signed-in person of a tenant (a user's subject is their id), not a service client.</summary>
    public const string Person = "person";
}
