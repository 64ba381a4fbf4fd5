using FlowDocs.Common;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlowDocs.Identity.Tests;

/// <summary>Keys and first start: what happens before the first request.</summary>
public sealed class StartupTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(IdentitySettings.SigningCertificateKey)]
    [InlineData(IdentitySettings.EncryptionCertificateKey)]
    public void Production_without_a_certificate_refuses_to_start_naming_the_setting(string missing)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        foreach (var key in new[] { IdentitySettings.SigningCertificateKey, IdentitySettings.EncryptionCertificateKey }.Where(k => k != missing))
        {
            builder.Configuration[key + ":Base64"] = key == IdentitySettings.SigningCertificateKey ? TestCertificates.SigningBase64 : TestCertificates.EncryptionBase64;
            builder.Configuration[key + ":Password"] = TestCertificates.Password;
        }

        var error = Assert.Throws<FlowDocsConfigurationException>(() => builder.AddIdentity());

        Assert.Equal($"{missing}:Path", error.Setting);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_runs_on_development_certificates()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });

        builder.AddIdentity();

        Assert.Contains(builder.Services, s => s.ServiceType == typeof(FlowDocsPrincipals));
    }

    [Fact]
    public void Certificate_that_is_not_a_pfx_is_named_in_the_error()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [IdentitySettings.EncryptionCertificateKey + ":Base64"] = Convert.ToBase64String("not a certificate"u8.ToArray()),
        }).Build();

        var error = Assert.Throws<FlowDocsConfigurationException>(() => IdentitySettings.LoadCertificate(configuration, IdentitySettings.EncryptionCertificateKey));

        Assert.Equal(IdentitySettings.EncryptionCertificateKey + ":Base64", error.Setting);
    }

    [Fact]
    public void Certificate_from_a_file_with_its_password_loads()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, Convert.FromBase64String(TestCertificates.SigningBase64));
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [IdentitySettings.SigningCertificateKey + ":Path"] = path,
                [IdentitySettings.SigningCertificateKey + ":Password"] = TestCertificates.Password,
            }).Build();

            using var certificate = IdentitySettings.LoadCertificate(configuration, IdentitySettings.SigningCertificateKey);

            Assert.NotNull(certificate);
            Assert.True(certificate.HasPrivateKey);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Generated_admin_password_satisfies_the_password_rules()
    {
        await using var factory = new FlowDocsFactory();
        _ = factory.CreateClient();
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<FlowDocsUser>>();
        var admin = await users.Users.SingleAsync(u => u.IsPlatformAdmin, Cancellation);

        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, admin, IdentityBootstrap.GeneratePassword());
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        Assert.Equal(IdentitySettings.DefaultAdminEmail, admin.Email);
    }

    [Theory]
    [InlineData(StoreProfile.Embedded)]
    [InlineData(StoreProfile.Production)]
    public async Task Replicas_starting_together_create_one_tenant_one_admin_one_set_of_roles(StoreProfile profile)
    {
        await using var factory = new FlowDocsFactory(profile);
        _ = factory.CreateClient();
        await using (var wipe = factory.Services.CreateAsyncScope())
        {
            // Back to an empty database, as before the very first start.
            var empty = wipe.ServiceProvider.GetRequiredService<FlowDocsDbContext>();
            empty.RemoveRange(await empty.UserRoles.ToListAsync(Cancellation));
            empty.RemoveRange(await empty.Users.ToListAsync(Cancellation));
            empty.RemoveRange(await empty.Roles.ToListAsync(Cancellation));
            empty.RemoveRange(await empty.Set<Tenant>().ToListAsync(Cancellation));
            await empty.SaveChangesAsync(Cancellation);
        }

        // Four replicas run first start at the same moment.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ => await factory.Services.PrepareIdentityAsync(Cancellation)));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowDocsDbContext>();

        Assert.Equal(1, await db.Set<Tenant>().CountAsync(Cancellation));
        Assert.Equal(1, await db.Users.CountAsync(u => u.IsPlatformAdmin, Cancellation));
        Assert.Equal(
            IdentityBootstrap.InitialRoles.Order(StringComparer.Ordinal),
            (await db.Roles.Select(r => r.Name!).ToListAsync(Cancellation)).Order(StringComparer.Ordinal));
        Assert.Contains(FlowDocsRoles.Reviewer, IdentityBootstrap.InitialRoles);
    }
}
