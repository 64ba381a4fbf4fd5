using System.Net;
using FlowDocs.Common.Security;
using FlowDocs.Identity.Hosting;
using FlowDocs.Testing;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.EntityFrameworkCore.Models;
using static FlowDocs.Identity.Tests.IdentityHost;

namespace FlowDocs.Identity.Tests;

public sealed class EmbeddedJobsTests() : JobsTests(StoreProfile.Embedded);

public sealed class ProductionJobsTests() : JobsTests(StoreProfile.Production);

/// <summary>The Hangfire dashboard behind the platform administrator's sign-in, and the token pruning job.</summary>
public abstract class JobsTests(StoreProfile profile) : IAsyncDisposable
{
    private readonly IdentityHost _host = new(profile);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Dashboard_requires_the_platform_administrator()
    {
        var anonymous = await _host.Browser().GetAsync(new Uri("/hangfire", UriKind.Relative), Cancellation);
        var member = await _host.WithToken((await _host.ClientCredentialsAsync(
                await _host.CreateServiceClientAsync(await _host.DefaultTenantAsync(), FlowDocsRoles.Admin))).GetProperty("access_token").GetString()!)
            .GetAsync(new Uri("/hangfire", UriKind.Relative), Cancellation);
        var admin = _host.Browser();
        await LoginAsync(admin, AdminEmail, AdminPassword);
        var dashboard = await admin.GetAsync(new Uri("/hangfire", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/account/login", anonymous.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("FlowDocs jobs", await dashboard.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pruning_is_scheduled_and_removes_old_revoked_tokens_only()
    {
        var credentials = await _host.CreateServiceClientAsync(await _host.DefaultTenantAsync(), FlowDocsRoles.Member);
        var revoked = (await _host.ClientCredentialsAsync(credentials)).GetProperty("access_token").GetString()!;
        await _host.ClientCredentialsAsync(credentials);
        await _host.Anonymous().PostAsync(
            new Uri("/connect/revoke", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = revoked, ["client_id"] = credentials.Client.ClientId, ["client_secret"] = credentials.Secret }),
            Cancellation);
        // Age every token beyond the retention period; only the revoked one may go.
        await _host.WithDbAsync(async db =>
        {
            foreach (var token in await db.Set<OpenIddictEntityFrameworkCoreToken<Guid>>().ToListAsync(Cancellation))
            {
                token.CreationDate = DateTime.UtcNow - PruneTokensJob.Retention - TimeSpan.FromDays(1);
            }

            return await db.SaveChangesAsync(Cancellation);
        });

        await using var scope = _host.Factory.Services.CreateAsyncScope();
        var pruned = await scope.ServiceProvider.GetRequiredService<PruneTokensJob>().RunAsync(Cancellation);
        var statuses = await _host.WithDbAsync(db => db.Set<OpenIddictEntityFrameworkCoreToken<Guid>>().Select(t => t.Status).ToListAsync(Cancellation));
        using var connection = _host.Factory.Services.GetRequiredService<JobStorage>().GetConnection();

        Assert.Equal(1, pruned.Tokens);
        Assert.DoesNotContain("revoked", statuses);
        Assert.Contains(connection.GetRecurringJobs(), j => j.Id == PruneTokensJob.RecurringJobId);
    }
}
