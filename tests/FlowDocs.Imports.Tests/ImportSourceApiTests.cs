using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FlowDocs.Data;
using FlowDocs.Data.Imports;
using FlowDocs.Imports.Graph;
using FlowDocs.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Imports.Tests;

/// <summary>The import source admin API: validation, secrecy of credentials, tenancy and roles.</summary>
public sealed class ImportSourceApiTests
{
    private static readonly CancellationToken Ct = ImportsHost.Ct;

    [Fact]
    public async Task An_admin_creates_reads_lists_updates_and_deletes_a_source_and_the_secret_never_comes_back()
    {
        await using var host = new ImportsHost();
        var admin = host.Admin();

        var response = await admin.PostAsJsonAsync("/api/imports/sources", ImportsHost.SourceBody(schedule: "0 */6 * * *"), Ct);
        var raw = await response.Content.ReadAsStringAsync(Ct);
        var created = await response.JsonAsync(HttpStatusCode.Created);
        Assert.DoesNotContain("s3cret-value", raw, StringComparison.Ordinal);
        Assert.Equal($"/api/imports/sources/{created.Id()}", response.Headers.Location!.ToString());
        Assert.Equal(("Client A", "root", "Secret", "0 */6 * * *"), (created["name"]!.GetValue<string>(), created["folderId"]!.GetValue<string>(), created["credentialKind"]!.GetValue<string>(), created["schedule"]!.GetValue<string>()));

        // At rest the secret is protected (Data Protection), and unprotects to what was given.
        await using (var scope = host.Server.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>().Set<ImportSource>().IgnoreQueryFilters().SingleAsync(s => s.Id == created.Id(), Ct);
            Assert.DoesNotContain("s3cret-value", stored.ProtectedCredential, StringComparison.Ordinal);
            Assert.Equal("s3cret-value", scope.ServiceProvider.GetRequiredService<SourceSecrets>().Unprotect(stored.ProtectedCredential).Secret);
        }

        var got = await (await admin.GetAsync($"/api/imports/sources/{created.Id()}", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Draft", got["documentStatus"]!.GetValue<string>());
        await host.CreateSourceAsync(ImportsHost.SourceBody("Another client"));
        var list = await (await admin.GetAsync("/api/imports/sources?pageSize=1", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Another client", Assert.Single(list["items"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.True(list["hasMore"]!.GetValue<bool>());

        var updated = await (await admin.PatchAsJsonAsync($"/api/imports/sources/{created.Id()}", new { conflictPolicy = "NewDocument", schedule = "", tags = new[] { "X", "x" }, enabled = false }, Ct))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("NewDocument", false), (updated["conflictPolicy"]!.GetValue<string>(), updated["enabled"]!.GetValue<bool>()));
        Assert.Null(updated["schedule"]);
        Assert.Equal(["x"], updated["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("Client A", updated["name"]!.GetValue<string>());

        await (await admin.DeleteAsync($"/api/imports/sources/{created.Id()}", Ct)).JsonAsync(HttpStatusCode.NoContent);
        await (await admin.GetAsync($"/api/imports/sources/{created.Id()}", Ct)).JsonAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"/api/imports/sources/{created.Id()}", Ct)).JsonAsync(HttpStatusCode.NotFound);
        await (await admin.PatchAsJsonAsync($"/api/imports/sources/{created.Id()}", new { enabled = true }, Ct)).JsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_sources_answer_422_naming_every_field_and_duplicates_409()
    {
        await using var host = new ImportsHost();
        var admin = host.Admin();

        var problem = await (await admin.PostAsJsonAsync("/api/imports/sources", new
        {
            name = " ",
            driveId = "drive/../x",
            schedule = "every day",
            documentStatus = "Shredded",
            conflictPolicy = "Overwrite",
            deletionPolicy = "Delete",
            tags = new[] { "a,b" },
        }, Ct)).JsonAsync(HttpStatusCode.UnprocessableEntity);

        var errors = problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["clientId", "clientSecret", "conflictPolicy", "deletionPolicy", "documentStatus", "driveId", "entraTenantId", "name", "schedule", "tags"], errors);

        var both = await (await admin.PostAsJsonAsync("/api/imports/sources", new { name = "x", driveId = "d", entraTenantId = "t", clientId = "c", clientSecret = "s", certificateBase64 = "AAAA" }, Ct))
            .JsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("not both", both["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var badCertificate = await (await admin.PostAsJsonAsync("/api/imports/sources", new { name = "x", driveId = "d", entraTenantId = "t", clientId = "c", certificateBase64 = "not base64!" }, Ct))
            .JsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("certificateBase64", badCertificate["errors"]!.AsObject().Select(e => e.Key));

        await host.CreateSourceAsync();
        await (await admin.PostAsJsonAsync("/api/imports/sources", ImportsHost.SourceBody(), Ct)).JsonAsync(HttpStatusCode.Conflict);
        var other = await host.CreateSourceAsync(ImportsHost.SourceBody("Other"));
        await (await admin.PatchAsJsonAsync($"/api/imports/sources/{other}", new { name = "Client A" }, Ct)).JsonAsync(HttpStatusCode.Conflict);
        await (await admin.PatchAsJsonAsync($"/api/imports/sources/{other}", new { schedule = "61 * * * *" }, Ct)).JsonAsync(HttpStatusCode.UnprocessableEntity);
        await (await admin.GetAsync("/api/imports/sources?page=0", Ct)).JsonAsync(HttpStatusCode.UnprocessableEntity);
        var malformed = await admin.PostAsync("/api/imports/sources", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task A_certificate_credential_is_accepted_and_stored_protected()
    {
        await using var host = new ImportsHost();
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=flowdocs-import", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pfx = Convert.ToBase64String(certificate.Export(X509ContentType.Pfx, "pw"));

        var created = await (await host.Admin().PostAsJsonAsync("/api/imports/sources", new
        {
            name = "Cert client",
            driveId = GraphMock.DriveId,
            entraTenantId = "contoso.onmicrosoft.com",
            clientId = "c1",
            certificateBase64 = pfx,
            certificatePassword = "pw",
        }, Ct)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("Certificate", created["credentialKind"]!.GetValue<string>());
        var wrongPassword = await (await host.Admin().PostAsJsonAsync("/api/imports/sources", new
        {
            name = "Cert client 2",
            driveId = "d",
            entraTenantId = "t",
            clientId = "c1",
            certificateBase64 = pfx,
            certificatePassword = "wrong",
        }, Ct)).JsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("certificate", wrongPassword["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sources_need_an_admin_of_the_tenant_and_another_tenant_sees_404()
    {
        await using var host = new ImportsHost();
        var sourceId = await host.CreateSourceAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous().GetAsync("/api/imports/sources", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous().PostAsync($"/api/imports/sources/{sourceId}/runs", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Member().GetAsync("/api/imports/sources", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Member().PostAsJsonAsync("/api/imports/sources", ImportsHost.SourceBody(), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Member().PostAsync($"/api/imports/sources/{sourceId}/runs", null, Ct)).StatusCode);

        var stranger = host.Client(TestUser.Admin(Guid.NewGuid()));
        await (await stranger.GetAsync($"/api/imports/sources/{sourceId}", Ct)).JsonAsync(HttpStatusCode.NotFound);
        await (await stranger.PostAsync($"/api/imports/sources/{sourceId}/runs", null, Ct)).JsonAsync(HttpStatusCode.NotFound);
        await (await stranger.DeleteAsync($"/api/imports/sources/{sourceId}", Ct)).JsonAsync(HttpStatusCode.NotFound);
        var theirs = await (await stranger.GetAsync("/api/imports/sources", Ct)).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(theirs["items"]!.AsArray());
    }
}
