namespace FlowDocs.Common.Security;

/// <summary>
/// Who is calling: a person (UI cookie or token) or a service client, always within one tenant.
/// Use cases take this instead of reading claims themselves.
/// </summary>
public interface ICurrentUser
{
    bool IsAuthenticated { get; }

    /// <summary>The caller's tenant; throws when the caller is not authenticated.</summary>
    Guid TenantId { get; }

    /// <summary>User id (or client id for service clients); throws when the caller is not authenticated.</summary>
    string UserId { get; }

    string? DisplayName { get; }

    IReadOnlyCollection<string> Roles { get; }

    bool IsInRole(string role);
}
