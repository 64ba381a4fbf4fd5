using System.Security.Cryptography;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace FlowDocs.Identity;

/// <summary>A service client as the admin API shows it; the secret only right after create and rotate.</summary>
public sealed record ServiceClientCredentials(ServiceClient Client, string Secret);

/// <summary>
/// Creates and manages integrations' client-credentials clients. The secret is generated here, returned once,
/// and stored only as OpenIddict's hash; the <see cref="ServiceClient"/> row ties the client to its tenant and roles.
/// </summary>
public sealed class ServiceClients(FlowDocsDbContext db, IOpenIddictApplicationManager applications, IOpenIddictTokenManager tokens, TimeProvider clock)
{
    public async Task<ServiceClientCredentials> CreateAsync(Guid tenantId, string displayName, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        var client = new ServiceClient
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            ClientId = "svc-" + Guid.NewGuid().ToString("N"),
            DisplayName = displayName,
            Roles = [.. roles],
            CreatedAt = clock.GetUtcNow(),
        };
        var secret = NewSecret();
        await applications.CreateAsync(
            new OpenIddictApplicationDescriptor
            {
                ClientId = client.ClientId,
                ClientSecret = secret,
                DisplayName = displayName,
                ClientType = ClientTypes.Confidential,
                Permissions =
                {
                    Permissions.Endpoints.Token,
                    Permissions.Endpoints.Revocation,
                    Permissions.Endpoints.Introspection,
                    Permissions.GrantTypes.ClientCredentials,
                    Permissions.Prefixes.Scope + IdentitySettings.ApiScope,
                },
            },
            cancellationToken);
        db.Add(client);
        await db.SaveChangesAsync(cancellationToken);
        return new ServiceClientCredentials(client, secret);
    }

    /// <summary>A new secret replaces the old one at once; tokens already issued stay valid until they expire or are revoked.</summary>
    public async Task<string> RotateSecretAsync(ServiceClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var application = await applications.FindByClientIdAsync(client.ClientId, cancellationToken)
            ?? throw new InvalidOperationException($"The OpenIddict application of service client {client.ClientId} is missing.");
        var secret = NewSecret();
        await applications.UpdateAsync(application, secret, cancellationToken);
        return secret;
    }

    /// <summary>Disabling also revokes the client's tokens, so it loses access immediately, not when its token expires.</summary>
    public async Task SetEnabledAsync(ServiceClient client, bool enabled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.Enabled = enabled;
        await db.SaveChangesAsync(cancellationToken);
        if (!enabled)
        {
            await tokens.RevokeAsync(client.ClientId, client: null, status: null, type: null, cancellationToken);
        }
    }

    public async Task<ServiceClient?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Set<ServiceClient>().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .Replace('+', '-').Replace('/', '_').TrimEnd('=');
}
