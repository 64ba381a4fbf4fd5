using System.Security.Cryptography;
using FlowDocs.Data;
using FlowDocs.Data.Imports;
using FlowDocs.Imports.Graph;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;

namespace FlowDocs.Imports.Webhooks;

/// <summary>
/// Keeps one Graph change subscription per enabled source (on the drive's root: business drives accept no other
/// driveItem resource; the delta on the folder then picks out what concerns it), renews it well before it expires,
/// and removes it when the source is disabled or deleted. Without <c>FlowDocs:Imports:NotificationUrl</c> nothing is
/// subscribed and imports run on their schedule only.
/// </summary>
internal sealed partial class SubscriptionManager(
    FlowDocsDbContext db, GraphClients graph, SourceSecrets secrets, ImportsSettings settings, TimeProvider time, ILogger<SubscriptionManager> logger)
{
    /// <summary>Graph keeps driveItem subscriptions at most 42,300 minutes; ask for a little less.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(42_000);

    /// <summary>Renew when less than this is left (maintenance runs every few minutes, so this leaves many chances).</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(3);

    public async Task MaintainAllAsync(CancellationToken cancellationToken)
    {
        if (settings.NotificationUrl is null)
        {
            return;
        }

        var renewBy = time.GetUtcNow() + RenewBefore;
        var due = await db.Set<ImportSource>().IgnoreQueryFilters().AsNoTracking()
            .Where(s => (s.Enabled && (s.SubscriptionId == null || s.SubscriptionExpiresAt < renewBy)) || (!s.Enabled && s.SubscriptionId != null))
            .ToListAsync(cancellationToken);
        foreach (var source in due)
        {
            try
            {
                await MaintainAsync(source, forceRenew: false, cancellationToken);
            }
            catch (Exception ex) when (ex is ApiException or HttpRequestException or Azure.Identity.AuthenticationFailedException)
            {
                LogSubscriptionFailed(logger, ex, source.Name);
            }
        }
    }

    /// <summary>Creates, renews or removes the source's subscription as its state asks.</summary>
    public async Task MaintainAsync(ImportSource source, bool forceRenew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (settings.NotificationUrl is null)
        {
            return;
        }

        var client = graph.Create(source);
        if (!source.Enabled)
        {
            if (source.SubscriptionId is { } stale)
            {
                await DeleteQuietlyAsync(client, stale, cancellationToken);
                await SaveAsync(source.Id, null, null, source.ProtectedClientState, cancellationToken);
            }

            return;
        }

        var expires = time.GetUtcNow() + Lifetime;
        if (source.SubscriptionId is { } id)
        {
            if (!forceRenew && source.SubscriptionExpiresAt > time.GetUtcNow() + RenewBefore)
            {
                return;
            }

            try
            {
                var renewed = await client.Subscriptions[id].PatchAsync(new Subscription { ExpirationDateTime = expires }, cancellationToken: cancellationToken);
                await SaveAsync(source.Id, id, renewed?.ExpirationDateTime ?? expires, source.ProtectedClientState, cancellationToken);
                LogRenewed(logger, source.Name, id);
                return;
            }
            catch (ApiException ex) when (ex.ResponseStatusCode == 404)
            {
                // Graph dropped it (expired, removed): make a new one below.
            }
        }

        var clientState = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var created = await client.Subscriptions.PostAsync(
            new Subscription
            {
                ChangeType = "updated",
                NotificationUrl = settings.NotificationUrl.ToString(),
                LifecycleNotificationUrl = settings.NotificationUrl.ToString(),
                Resource = $"/drives/{source.DriveId}/root",
                ExpirationDateTime = expires,
                ClientState = clientState,
            },
            cancellationToken: cancellationToken) ?? throw new InvalidOperationException("Graph returned no subscription.");
        await SaveAsync(source.Id, created.Id, created.ExpirationDateTime ?? expires, secrets.ProtectClientState(clientState), cancellationToken);
        LogCreated(logger, source.Name, created.Id);
    }

    /// <summary>Ends the subscription of a source about to be deleted.</summary>
    public async Task RemoveAsync(ImportSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.SubscriptionId is { } id)
        {
            await DeleteQuietlyAsync(graph.Create(source), id, cancellationToken);
        }
    }

    private async Task DeleteQuietlyAsync(Microsoft.Graph.GraphServiceClient client, string id, CancellationToken cancellationToken)
    {
        try
        {
            await client.Subscriptions[id].DeleteAsync(cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException or Azure.Identity.AuthenticationFailedException)
        {
            // It expires by itself; a failed delete must not keep the source from being disabled or removed.
            LogDeleteFailed(logger, ex, id);
        }
    }

    private Task<int> SaveAsync(Guid sourceId, string? id, DateTimeOffset? expires, string? protectedClientState, CancellationToken cancellationToken) =>
        db.Set<ImportSource>().IgnoreQueryFilters().Where(s => s.Id == sourceId).ExecuteUpdateAsync(
            s => s.SetProperty(x => x.SubscriptionId, id).SetProperty(x => x.SubscriptionExpiresAt, expires).SetProperty(x => x.ProtectedClientState, protectedClientState),
            cancellationToken);

    [LoggerMessage(LogLevel.Information, "Created change subscription {SubscriptionId} for import source {Source}")]
    private static partial void LogCreated(ILogger logger, string source, string? subscriptionId);

    [LoggerMessage(LogLevel.Information, "Renewed change subscription {SubscriptionId} of import source {Source}")]
    private static partial void LogRenewed(ILogger logger, string source, string subscriptionId);

    [LoggerMessage(LogLevel.Warning, "Could not maintain the change subscription of import source {Source}")]
    private static partial void LogSubscriptionFailed(ILogger logger, Exception exception, string source);

    [LoggerMessage(LogLevel.Warning, "Could not delete change subscription {SubscriptionId}; it will expire by itself")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string subscriptionId);
}
