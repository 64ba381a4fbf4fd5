using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlowDocs.Common.Http;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Imports;
using FlowDocs.Imports.Graph;
using FlowDocs.Imports.Runs;
using Hangfire;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Imports.Webhooks;

/// <summary>One change or lifecycle notification as Graph posts it.</summary>
public sealed record GraphNotification(string? SubscriptionId, string? ClientState, string? ChangeType, string? Resource, string? LifecycleEvent);

public sealed record GraphNotificationBatch(IReadOnlyList<GraphNotification>? Value);

/// <summary>
/// Graph's webhook: answers the <c>validationToken</c> handshake, refuses a batch in which any notification's
/// <c>clientState</c> does not match its subscription's (nothing in it is acted on), and otherwise answers 202 at once and
/// leaves the work to jobs: a debounced delta run per source, a renewal on <c>reauthorizationRequired</c>, a new
/// subscription after <c>subscriptionRemoved</c>, a run after <c>missed</c>.
/// </summary>
internal static partial class GraphWebhookEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpRequest request,
        [FromQuery] string? validationToken,
        FlowDocsDbContext db,
        SourceSecrets secrets,
        ITenantContext tenant,
        ImportRunStarter runs,
        IBackgroundJobClient jobs,
        ImportsSettings settings,
        ILogger<GraphWebhookHandler> logger,
        CancellationToken cancellationToken)
    {
        if (validationToken is not null)
        {
            return validationToken.Length is > 0 and <= 1024
                ? TypedResults.Text(validationToken, "text/plain", Encoding.UTF8)
                : ApiProblems.Invalid("validationToken", "validationToken must be 1 to 1024 characters.");
        }

        GraphNotificationBatch? batch;
        try
        {
            batch = await JsonSerializer.DeserializeAsync<GraphNotificationBatch>(request.Body, JsonSerializerOptions.Web, cancellationToken);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid", detail: $"The body is not a Graph notification batch: {ex.Message}");
        }

        if (batch?.Value is not { Count: > 0 } notifications)
        {
            return ApiProblems.Invalid("value", "value must list at least one notification.");
        }

        var ids = notifications.Select(n => n.SubscriptionId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var sources = await db.Set<ImportSource>().IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.SubscriptionId != null && ids.Contains(s.SubscriptionId))
            .ToDictionaryAsync(s => s.SubscriptionId!, StringComparer.Ordinal, cancellationToken);
        var accepted = new List<(GraphNotification Notification, ImportSource Source)>();
        foreach (var notification in notifications)
        {
            if (notification.SubscriptionId is null || !sources.TryGetValue(notification.SubscriptionId, out var source))
            {
                LogUnknownSubscription(logger, notification.SubscriptionId);
                continue;
            }

            if (!ClientStateMatches(secrets, source, notification.ClientState))
            {
                LogForged(logger, notification.SubscriptionId);
                return ApiProblems.Forbidden($"clientState does not match subscription {notification.SubscriptionId}; the batch was rejected.");
            }

            accepted.Add((notification, source));
        }

        foreach (var group in accepted.GroupBy(a => a.Source.Id))
        {
            var source = group.First().Source;
            tenant.Enter(source.TenantId);
            var events = group.Select(g => g.Notification.LifecycleEvent).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (events.Contains("reauthorizationRequired"))
            {
                jobs.Enqueue<GraphWebhookHandler>(h => h.RenewAsync(source.TenantId, source.Id, false, CancellationToken.None));
            }

            if (events.Contains("subscriptionRemoved"))
            {
                jobs.Enqueue<GraphWebhookHandler>(h => h.RenewAsync(source.TenantId, source.Id, true, CancellationToken.None));
            }

            if (group.Any(g => g.Notification.LifecycleEvent is null) || events.Contains("missed") || events.Contains("subscriptionRemoved"))
            {
                await QueueDebouncedRunAsync(db, runs, jobs, settings, source, cancellationToken);
            }
        }

        return TypedResults.Accepted((string?)null);
    }

    /// <summary>One queued webhook run per source at a time: the notifications of the debounce window all land in it.</summary>
    private static async Task QueueDebouncedRunAsync(
        FlowDocsDbContext db, ImportRunStarter runs, IBackgroundJobClient jobs, ImportsSettings settings, ImportSource source, CancellationToken cancellationToken)
    {
        if (!source.Enabled || await db.Set<ImportRun>().AnyAsync(r => r.SourceId == source.Id && r.Status == ImportRunStatus.Queued, cancellationToken))
        {
            return;
        }

        var run = runs.NewRun(source, ImportRunTrigger.Webhook, "graph-webhook", bookmarkId: null);
        await db.SaveChangesAsync(cancellationToken);
        jobs.Schedule<ImportJobs>(j => j.RunAsync(source.TenantId, run.Id, CancellationToken.None), settings.WebhookDebounce);
    }

    private static bool ClientStateMatches(SourceSecrets secrets, ImportSource source, string? clientState)
    {
        if (clientState is null || source.ProtectedClientState is null)
        {
            return false;
        }

        try
        {
            var expected = Encoding.UTF8.GetBytes(secrets.UnprotectClientState(source.ProtectedClientState));
            return CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(clientState));
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    [LoggerMessage(LogLevel.Information, "Graph notification for unknown subscription {SubscriptionId} ignored")]
    private static partial void LogUnknownSubscription(ILogger logger, string? subscriptionId);

    [LoggerMessage(LogLevel.Warning, "Graph notification for subscription {SubscriptionId} carried a wrong clientState; batch rejected")]
    private static partial void LogForged(ILogger logger, string? subscriptionId);
}

/// <summary>The jobs the webhook leaves behind (a subscription renewal).</summary>
internal sealed class GraphWebhookHandler(ITenantContext tenant, FlowDocsDbContext db, SubscriptionManager subscriptions)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task RenewAsync(Guid tenantId, Guid sourceId, bool recreate, CancellationToken cancellationToken)
    {
        tenant.Enter(tenantId);
        var source = await db.Set<ImportSource>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, cancellationToken);
        if (source is null)
        {
            return;
        }

        if (recreate)
        {
            source.SubscriptionId = null;
        }

        await subscriptions.MaintainAsync(source, forceRenew: true, cancellationToken);
    }
}
