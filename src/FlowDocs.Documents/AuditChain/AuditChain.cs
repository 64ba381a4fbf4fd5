using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlowDocs.Common.Paging;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowDocs.Documents.AuditChain;

/// <summary>The first link of a tenant's audit chain that does not hold, or null when the whole chain holds.</summary>
public sealed record AuditBreak(long Sequence, Guid? EventId, string Reason);

/// <summary>What <c>GET /api/admin/audit/verify</c> answers.</summary>
public sealed record AuditVerification(bool Intact, long Checked, AuditBreak? FirstBreak);

/// <summary>One audit event as the admin audit endpoint answers it, with its place in the chain.</summary>
public sealed record AuditEntry(
    Guid Id, Guid DocumentId, string Action, string Actor, DateTimeOffset At, int? VersionNumber, JsonElement? Before, JsonElement? After,
    long? Sequence, string? PreviousHash, string? Hash);

/// <summary>
/// Chains each tenant's audit events: every event gets the next sequence number, the SHA-256 of the previous event
/// and the SHA-256 of its own content plus that link, so editing, deleting or reordering a sealed event breaks the
/// chain at that point. Events are written unsealed in their use case's transaction (no shared lock on every write)
/// and sealed in commit order by a job every minute and before every read of the chain; the unique
/// (tenant, sequence) index makes racing sealers fail and retry instead of forking the chain.
/// </summary>
public sealed class AuditChainSealer(IServiceScopeFactory scopes, ILogger<AuditChainSealer> logger)
{
    public const string JobId = "documents:audit-chain-seal";
    private const int Batch = 500;
    private const int Attempts = 5;
    private static readonly string Genesis = new('0', 64);

    /// <summary>Seals the unsealed events of every tenant (the recurring job).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
        var tenants = await db.Set<DocumentAuditEvent>().IgnoreQueryFilters().Where(e => e.Sequence == null)
            .Select(e => e.TenantId).Distinct().ToListAsync(cancellationToken);
        var sealedCount = 0;
        foreach (var tenant in tenants)
        {
            sealedCount += await SealAsync(db, tenant, cancellationToken);
        }

        if (sealedCount > 0)
        {
            logger.LogInformation("Sealed {Count} audit events into their tenants' chains", sealedCount);
        }

        return sealedCount;
    }

    /// <summary>Appends the tenant's unsealed events to its chain, oldest first; returns how many it sealed.</summary>
    public static async Task<int> SealAsync(FlowDocsDbContext db, Guid tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var total = 0;
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var events = db.Set<DocumentAuditEvent>().IgnoreQueryFilters().Where(e => e.TenantId == tenantId);
            var last = await events.Where(e => e.Sequence != null).OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
            var pending = await events.Where(e => e.Sequence == null).OrderBy(e => e.At).ThenBy(e => e.Id).Take(Batch).ToListAsync(cancellationToken);
            if (pending.Count == 0)
            {
                return total;
            }

            var (sequence, previous) = (last?.Sequence ?? 0, last?.Hash ?? Genesis);
            foreach (var e in pending)
            {
                e.Sequence = ++sequence;
                e.PreviousHash = previous;
                e.Hash = previous = HashOf(e);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                total += pending.Count;
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Another sealer took these positions first: read the chain again and continue after it.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50 * attempt)), cancellationToken);
            }
        }
    }

    /// <summary>Walks the tenant's chain from its first event; reports the first link that does not hold.</summary>
    public static async Task<AuditVerification> VerifyAsync(FlowDocsDbContext db, Guid tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (expected, previous) = (1L, Genesis);
        while (true)
        {
            var from = expected;
            var page = await db.Set<DocumentAuditEvent>().IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.TenantId == tenantId && e.Sequence >= from).OrderBy(e => e.Sequence).Take(1000).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                return new AuditVerification(true, expected - 1, null);
            }

            foreach (var e in page)
            {
                var problem = e.Sequence != expected ? $"event {expected} of the chain is missing (the next one is {e.Sequence})."
                    : e.PreviousHash != previous ? "it does not link to the event before it (an event was removed, inserted or edited before it)."
                    : e.Hash != HashOf(e) ? "its content does not match its hash (it was edited)."
                    : null;
                if (problem is not null)
                {
                    return new AuditVerification(false, expected - 1, new AuditBreak(expected, e.Sequence == expected ? e.Id : null, problem));
                }

                previous = e.Hash!;
                expected++;
            }
        }
    }

    /// <summary>The SHA-256 (hex) of everything the event says, its position and the previous event's hash.</summary>
    public static string HashOf(DocumentAuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var content = string.Join(
            '\u001f',
            e.Id.ToString(), e.TenantId.ToString(), e.DocumentId.ToString(), e.Action, e.Actor,
            e.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), e.VersionNumber?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            e.Before ?? string.Empty, e.After ?? string.Empty, e.Sequence?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, e.PreviousHash ?? string.Empty);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
    }
}

/// <summary>The admin audit endpoints: the tenant's audit trail (also of purged documents) and the chain check.</summary>
internal static class AuditEndpoints
{
    public static async Task<Results<Ok<AuditVerification>, ProblemHttpResult>> VerifyAsync(FlowDocsDbContext db, ICurrentUser user, CancellationToken cancellationToken)
    {
        await AuditChainSealer.SealAsync(db, user.TenantId, cancellationToken);
        return TypedResults.Ok(await AuditChainSealer.VerifyAsync(db, user.TenantId, cancellationToken));
    }

    /// <summary>The tenant's audit events, newest first; <c>documentId</c> narrows to one document, purged or not.</summary>
    public static async Task<Results<Ok<PagedList<AuditEntry>>, ProblemHttpResult>> ListAsync(
        [FromQuery] Guid? documentId, [FromQuery] int? page, [FromQuery] int? pageSize, FlowDocsDbContext db, ICurrentUser user, CancellationToken cancellationToken)
    {
        if (PageRequest.TryCreate(page, pageSize, out var request) is { } error)
        {
            return DocumentRules.Problem(error.Split(' ')[0], error);
        }

        await AuditChainSealer.SealAsync(db, user.TenantId, cancellationToken);
        var query = db.Set<DocumentAuditEvent>().AsNoTracking();
        if (documentId is { } id)
        {
            query = query.Where(e => e.DocumentId == id);
        }

        var rows = await query.OrderByDescending(e => e.Sequence).ThenByDescending(e => e.Id).Skip(request.Skip).Take(request.PageSize + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.ConvertAll(e => new AuditEntry(
            e.Id, e.DocumentId, e.Action, e.Actor, e.At, e.VersionNumber, Parse(e.Before), Parse(e.After), e.Sequence, e.PreviousHash, e.Hash)).ToPage(request));
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
