using FlowDocs.Data.Imports;

namespace FlowDocs.Imports.Sources;

/// <summary>
/// An import source as an admin writes it. On update, fields left out (null) keep their value; the credential is
/// replaced only when a new secret or certificate is given.
/// </summary>
public sealed record ImportSourceRequest(
    string? Name,
    string? SiteId,
    string? DriveId,
    string? FolderId,
    string? EntraTenantId,
    string? ClientId,
    string? ClientSecret,
    string? CertificateBase64,
    string? CertificatePassword,
    string? Schedule,
    IReadOnlyList<string>? Tags,
    string? DocumentStatus,
    string? ConflictPolicy,
    string? DeletionPolicy,
    bool? Enabled);

/// <summary>A source as the API shows it: never its secret or certificate.</summary>
public sealed record ImportSourceResponse(
    Guid Id,
    string Name,
    string? SiteId,
    string DriveId,
    string FolderId,
    string EntraTenantId,
    string ClientId,
    string CredentialKind,
    string? Schedule,
    IReadOnlyList<string> Tags,
    string DocumentStatus,
    string ConflictPolicy,
    string DeletionPolicy,
    bool Enabled,
    bool HasDeltaLink,
    string? SubscriptionId,
    DateTimeOffset? SubscriptionExpiresAt,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string UpdatedBy,
    DateTimeOffset UpdatedAt)
{
    public static ImportSourceResponse From(ImportSource s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(
            s.Id, s.Name, s.SiteId, s.DriveId, s.FolderId, s.EntraTenantId, s.ClientId, s.CredentialKind, s.Schedule, s.Tags,
            s.DocumentStatus.ToString(), s.ConflictPolicy.ToString(), s.DeletionPolicy.ToString(), s.Enabled, s.DeltaLink is not null,
            s.SubscriptionId, s.SubscriptionExpiresAt, s.CreatedBy, s.CreatedAt, s.UpdatedBy, s.UpdatedAt);
    }
}
