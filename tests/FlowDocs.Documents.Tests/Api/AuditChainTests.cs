using System.Net;
using System.Net.Http.Json;
using FlowDocs.Common.Paging;
using FlowDocs.Data;
using FlowDocs.Data.Documents;
using FlowDocs.Documents.AuditChain;
using FlowDocs.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FlowDocs.Documents.Tests.Api.DocumentsClient;

namespace FlowDocs.Documents.Tests.Api;

public sealed class EmbeddedAuditChainTests() : AuditChainTests(StoreProfile.Embedded);

public sealed class ProductionAuditChainTests() : AuditChainTests(StoreProfile.Production);

/// <summary>The tenant's audit chain through HTTP: verify finds an edited or removed event; the trail outlives a purge.</summary>
public abstract class AuditChainTests(StoreProfile profile) : IAsyncLifetime
{
    private DocumentsHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = new DocumentsHost(profile);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Verify_holds_for_an_untouched_chain_and_names_the_first_event_edited_in_the_database()
    {
        var tenant = Guid.NewGuid();
        var member = _host.Client(TestUser.Member(tenant));
        var admin = _host.Client(TestUser.Admin(tenant));
        var id = (await member.CreateAsync(RandomBytes(100), "a.pdf")).Document.Id;
        Assert.Equal(HttpStatusCode.OK, (await member.PatchAsJsonAsync($"/api/documents/{id}", new { title = "Renamed" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.PatchAsJsonAsync($"/api/documents/{id}", new { description = "Signed" }, Ct)).StatusCode);
        await _host.Client(TestUser.Member(Guid.NewGuid())).CreateAsync(RandomBytes(100), "other-tenant.pdf");

        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/admin/audit/verify", Ct)).StatusCode);
        var intact = await (await admin.GetAsync("/api/admin/audit/verify", Ct)).ReadAsync<AuditVerification>();
        Assert.True(intact.Intact);
        Assert.Equal(3, intact.Checked);

        // Someone with database access rewrites who made the second change.
        var edited = await WithDbAsync(async db =>
        {
            var row = await db.Set<DocumentAuditEvent>().IgnoreQueryFilters().SingleAsync(e => e.TenantId == tenant && e.Sequence == 2, Ct);
            row.Actor = "somebody-else";
            await db.SaveChangesAsync(Ct);
            return row.Id;
        });
        var broken = await (await admin.GetAsync("/api/admin/audit/verify", Ct)).ReadAsync<AuditVerification>();
        Assert.False(broken.Intact);
        Assert.Equal(new AuditBreak(2, edited, "its content does not match its hash (it was edited)."), broken.FirstBreak);
        Assert.Equal(1, broken.Checked);

        // Putting it back is not enough to hide a removed event.
        await WithDbAsync(async db =>
        {
            var row = await db.Set<DocumentAuditEvent>().IgnoreQueryFilters().SingleAsync(e => e.Id == edited, Ct);
            db.Remove(row);
            return await db.SaveChangesAsync(Ct);
        });
        var removed = await (await admin.GetAsync("/api/admin/audit/verify", Ct)).ReadAsync<AuditVerification>();
        Assert.Equal(2, removed.FirstBreak!.Sequence);
        Assert.Contains("missing", removed.FirstBreak.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_trail_of_a_purged_document_stays_readable_by_its_tenants_admins_only()
    {
        var tenant = Guid.NewGuid();
        var member = _host.Client(TestUser.Member(tenant));
        var admin = _host.Client(TestUser.Admin(tenant));
        var id = (await member.CreateAsync(RandomBytes(100), "a.pdf")).Document.Id;
        Assert.Equal(HttpStatusCode.OK, (await member.PostAsync($"/api/documents/{id}/trash", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/documents/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/documents/{id}/history", Ct)).StatusCode);

        var trail = await (await admin.GetAsync($"/api/admin/audit?documentId={id}", Ct)).ReadAsync<PagedList<AuditEntry>>();
        Assert.Equal(["document.purged", "document.trashed", "document.created"], trail.Items.Select(e => e.Action));
        Assert.All(trail.Items, e => Assert.Equal(64, e.Hash!.Length));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/api/admin/audit?documentId={id}", Ct)).StatusCode);
        Assert.Empty((await (await _host.Client(TestUser.Admin(Guid.NewGuid())).GetAsync($"/api/admin/audit?documentId={id}", Ct)).ReadAsync<PagedList<AuditEntry>>()).Items);
        var badPage = await admin.GetAsync("/api/admin/audit?pageSize=0", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.True((await (await admin.GetAsync("/api/admin/audit/verify", Ct)).ReadAsync<AuditVerification>()).Intact);
    }

    private async Task<T> WithDbAsync<T>(Func<FlowDocsDbContext, Task<T>> action)
    {
        await using var scope = _host.Server.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>());
    }
}
