using Hangfire;
using OpenIddict.Abstractions;

namespace FlowDocs.Identity.Hosting;

/// <summary>
/// Removes OpenIddict tokens and authorizations that are expired, revoked or redeemed for longer than
/// <see cref="Retention"/>; OpenIddict ships no scheduler for this. Safe to run twice (a second run finds nothing).
/// </summary>
public sealed class PruneTokensJob(IOpenIddictTokenManager tokens, IOpenIddictAuthorizationManager authorizations, TimeProvider clock)
{
    public const string RecurringJobId = "identity:prune-tokens";

    /// <summary>Long enough to investigate a leaked token after the fact; revoked entries carry no secret.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(14);

    public async Task<(long Tokens, long Authorizations)> RunAsync(CancellationToken cancellationToken)
    {
        var threshold = clock.GetUtcNow() - Retention;
        var prunedTokens = await tokens.PruneAsync(threshold, cancellationToken);
        var prunedAuthorizations = await authorizations.PruneAsync(threshold, cancellationToken);
        return (prunedTokens, prunedAuthorizations);
    }

    /// <summary>Registers (or updates) the daily schedule; idempotent across restarts and replicas.</summary>
    public static void Schedule(IRecurringJobManager jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        jobs.AddOrUpdate<PruneTokensJob>(RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Daily(3));
    }
}
