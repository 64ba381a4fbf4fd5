using FlowDocs.Data;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.Content;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Documents.UploadSessions;

/// <summary>
/// Hourly Hangfire job: deletes upload sessions of every tenant that expired more than <see cref="Grace"/> ago, with
/// their chunk objects. Safe to run twice (a session already gone is simply not found again).
/// </summary>
public sealed class UploadSessionCleanup(IServiceScopeFactory scopes, TimeProvider time, ILogger<UploadSessionCleanup> logger)
{
    public const string JobId = "documents:upload-session-cleanup";

    /// <summary>An expired session answers 404 at once; its chunks stay this long for a completion already assembling them.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(30);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
        var ingest = scope.ServiceProvider.GetRequiredService<ContentIngest>();
        var cutoff = time.Now() - Grace;
        var expired = await db.Set<UploadSession>().IgnoreQueryFilters()
            .Where(s => s.ExpiresAt <= cutoff).Select(s => s.Id).Take(1000).ToListAsync(cancellationToken);
        foreach (var sessionId in expired)
        {
            await UploadSessionEndpoints.DeleteSessionAsync(db, ingest, sessionId, cancellationToken);
        }

        if (expired.Count > 0)
        {
            logger.LogInformation("Deleted {Count} expired upload sessions", expired.Count);
        }

        return expired.Count;
    }
}
