using FlowDocs.Data;
using FlowDocs.Documents.Blobs;
using FlowDocs.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MySql.Data.MySqlClient;
using Xunit;

namespace FlowDocs.Testing;

/// <summary>Which stores a test server runs on.</summary>
public enum StoreProfile
{
    /// <summary>SQLite files, filesystem blobs, in a fresh temporary folder: what <c>dotnet run</c> uses.</summary>
    Embedded,

    /// <summary>MariaDB (a fresh database), Redis (a fresh key prefix) and the S3 emulator (a fresh key prefix), in Production.</summary>
    Production,
}

/// <summary>
/// Hosts the real FlowDocs server in-process. Every instance is isolated: its own data folder, database,
/// Redis prefix and S3 prefix, removed again on dispose.
/// </summary>
public class FlowDocsFactory : WebApplicationFactory<Program>
{
    public FlowDocsFactory(StoreProfile profile = StoreProfile.Embedded)
    {
        Profile = profile;
        if (profile == StoreProfile.Production)
        {
            // Asked here, in the test's own code path: raised while the host configures itself, a missing service
            // arrives wrapped in an AggregateException and counts as a failure instead of a skip (outside CI).
            _ = (BackingServices.MySql, BackingServices.Redis, BackingServices.S3);
            MySqlDatabase = $"flowdocs_t_{_id}";
        }

        // Clients talk HTTPS: the OpenID Connect server refuses plain HTTP.
        ClientOptions.BaseAddress = new Uri("https://localhost");
    }

    private readonly string _id = Guid.NewGuid().ToString("N")[..12];

    private readonly Dictionary<string, string?> _settings = [];

    public StoreProfile Profile { get; }

    /// <summary>The answers this server gave to documented operations, checked against its OpenAPI document.</summary>
    public OpenApiContract Contract { get; } = new();

    /// <summary>The built-in administrator's password in test servers (overridable with <see cref="With"/>).</summary>
    public const string TestAdminPassword = "Tests-only-Admin-1!";

    public string DataPath => Path.Combine(Path.GetTempPath(), "flowdocs-tests", _id);

    /// <summary>The test's own MariaDB database (Production profile), dropped on dispose.</summary>
    public string? MySqlDatabase { get; }


    /// <summary>Adds or overrides a setting (e.g. <c>FlowDocs:Role</c>) before the server starts.</summary>
    public FlowDocsFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("FlowDocs:DataPath", DataPath);
        // Tests start without the shipped workflows (a test that wants them points this at workflows/).
        builder.UseSetting("FlowDocs:Workflows:DefinitionsPath", Path.Combine(DataPath, "no-shipped-workflows"));
        // The inline burst's time budget (250 ms) would make what a response already shows (an upload's InReview, a
        // decision's effect) depend on the machine's load; tests that need the budget set their own.
        builder.UseSetting("FlowDocs:Workflows:InlineBudgetMs", "60000");
        // Tests do not wait for a worker to poll: the in-process Hangfire server is kept small.
        builder.UseSetting(JobsModule.WorkerCountKey, "2");
        // Keep test output readable: only warnings and errors from the server under test.
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Serilog:MinimumLevel:Override:Hangfire", "Warning");
        if (Profile == StoreProfile.Production)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting(DataModule.ProviderKey, "MySql");
            builder.UseSetting(DataModule.ConnectionStringKey, BackingServices.MySqlDatabase(MySqlDatabase!));
            builder.UseSetting(JobsModule.ProviderKey, "Redis");
            builder.UseSetting(JobsModule.ConnectionStringKey, BackingServices.Redis);
            builder.UseSetting(JobsModule.PrefixKey, $"{{flowdocs-t-{_id}}}:");
            builder.UseSetting(BlobStoreRegistration.ProviderKey, "S3");
            builder.UseSetting(BlobStoreRegistration.ServiceUrlKey, BackingServices.S3.ToString());
            builder.UseSetting(BlobStoreRegistration.BucketKey, BackingServices.S3Bucket);
            builder.UseSetting(BlobStoreRegistration.PrefixKey, $"t-{_id}/");
            builder.UseSetting(BlobStoreRegistration.AccessKeyKey, BackingServices.S3AccessKey);
            builder.UseSetting(BlobStoreRegistration.SecretKeyKey, BackingServices.S3SecretKey);
            builder.UseSetting(IdentitySettings.SigningCertificateKey + ":Base64", TestCertificates.SigningBase64);
            builder.UseSetting(IdentitySettings.SigningCertificateKey + ":Password", TestCertificates.Password);
            builder.UseSetting(IdentitySettings.EncryptionCertificateKey + ":Base64", TestCertificates.EncryptionBase64);
            builder.UseSetting(IdentitySettings.EncryptionCertificateKey + ":Password", TestCertificates.Password);
        }
        else
        {
            builder.UseEnvironment("Development");
        }

        // A known administrator password: the server then logs no generated one, which failing tests would echo.
        builder.UseSetting(IdentitySettings.AdminPasswordKey, TestAdminPassword);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            // Every answer is checked against the server's OpenAPI document; the request carries the test's
            // context into the server, so a violation fails the test that made the request.
            services.Configure<TestServerOptions>(o => o.PreserveExecutionContext = true);
            services.AddSingleton<IStartupFilter>(new OpenApiContract.StartupFilter(Contract));
            services.AddSingleton(Contract.ErrorLog);
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
            services.AddAuthentication().AddPolicyScheme(TestOrDefault, null, _ => { });
            // Requests carrying the test-user header authenticate as that user; all others go to the
            // application's own schemes (tokens, cookie), so identity's behaviour is unchanged.
            services.PostConfigure<AuthenticationOptions>(o =>
            {
                var appDefault = o.DefaultAuthenticateScheme ?? o.DefaultScheme;
                if (appDefault == TestOrDefault)
                {
                    return;
                }

                o.DefaultScheme = TestOrDefault;
                o.DefaultAuthenticateScheme = TestOrDefault;
                o.DefaultChallengeScheme = TestOrDefault;
                o.DefaultForbidScheme = TestOrDefault;
                _appDefaultScheme = appDefault;
            });
            services.Configure<PolicySchemeOptions>(TestOrDefault, p => p.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(TestAuthenticationHandler.Header) || _appDefaultScheme is null
                    ? TestAuthenticationHandler.SchemeName
                    : _appDefaultScheme);
        });
    }

    private const string TestOrDefault = "TestOrDefault";
    private string? _appDefaultScheme;

    /// <summary>An HTTP client whose requests are made as <paramref name="user"/>.</summary>
    public HttpClient CreateClientAs(TestUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, user.ToHeader());
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (MySqlDatabase is not null)
        {
            await using var connection = new MySqlConnection(BackingServices.MySql);
            await connection.OpenAsync();
            await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{MySqlDatabase}`", connection);
            await drop.ExecuteNonQueryAsync();
        }

        if (Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }

        GC.SuppressFinalize(this);
        if (Contract.UnattributedViolations.Count > 0)
        {
            Assert.Fail("Answers the OpenAPI document does not declare, outside any running test (declare them on the endpoint):" + Environment.NewLine
                + string.Join(Environment.NewLine, Contract.UnattributedViolations.Distinct()));
        }
    }
}
