using FlowDocs.Common;
using FlowDocs.Common.Security;
using FlowDocs.Data;
using FlowDocs.Data.Identity;
using FlowDocs.Data.RecurringJobs;
using FlowDocs.Identity.Account;
using FlowDocs.Identity.Admin.Roles;
using FlowDocs.Identity.Admin.ServiceClients;
using FlowDocs.Identity.Admin.Tenants;
using FlowDocs.Identity.Admin.Users;
using FlowDocs.Identity.Caller;
using FlowDocs.Identity.Connect;
using FlowDocs.Identity.Directory;
using FlowDocs.Identity.Hosting;
using FlowDocs.Identity.People;
using Hangfire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace FlowDocs.Identity;

public static class IdentityModule
{
    /// <summary>The default scheme: a bearer token goes to OpenIddict validation, anything else to the UI cookie.</summary>
    public const string Scheme = "FlowDocs";

    public const string CookieScheme = "flowdocs";

    public const string TokenRateLimit = "identity-token";

    /// <summary>
    /// Users, roles and tenants (ASP.NET Core Identity), the OpenIddict server and its local validation,
    /// the UI cookie, and the Data Protection key ring in the database (shared by all replicas).
    /// </summary>
    public static IHostApplicationBuilder AddIdentity(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddIdentityCore<FlowDocsUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 10;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.ClaimsIdentity.UserIdClaimType = Claims.Subject;
                o.ClaimsIdentity.UserNameClaimType = Claims.Name;
                o.ClaimsIdentity.RoleClaimType = Claims.Role;
                o.ClaimsIdentity.EmailClaimType = Claims.Email;
            })
            .AddRoles<FlowDocsRole>()
            .AddEntityFrameworkStores<FlowDocsDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddScoped<FlowDocsPrincipals>();
        services.AddScoped<IUserDirectory, UserDirectory>();
        services.AddScoped<IdentityBootstrap>();
        services.AddScoped<ServiceClients>();
        services.AddScoped<PruneTokensJob>();
        services.AddRecurringJob(PruneTokensJob.RecurringJobId, PruneTokensJob.Schedule);

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
                o.DefaultForbidScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Token or UI cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme
                    : CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = CookieScheme;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // An API caller without a token gets 401/403, not the login page.
                o.Events.OnRedirectToLogin = context => ApiStatus(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiStatus(context, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = ValidateSessionAsync;
            });

        services.AddAntiforgery(o => o.Cookie.Name = "flowdocs.antiforgery");
        services.AddOpenIddictServer(builder);
        services.AddIdentityRateLimits(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// A UI session ends as soon as its user or tenant is disabled or its security stamp changes (password
    /// set, admin disabled the account), not when the eight-hour cookie expires. One primary-key read per request.
    /// </summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var subject = context.Principal?.FindFirst(Claims.Subject)?.Value;
        var db = context.HttpContext.RequestServices.GetRequiredService<FlowDocsDbContext>();
        var user = Guid.TryParse(subject, out var id) ? await db.Users.FindAsync([id], context.HttpContext.RequestAborted) : null;
        var stamp = context.Principal?.FindFirst(SecurityStampClaim)?.Value;
        if (user is null || !user.Enabled || user.SecurityStamp != stamp
            || !await TokenEndpoint.TenantEnabledAsync(db, user.TenantId, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }

    /// <summary>Only in the UI cookie: lets a session notice a changed security stamp.</summary>
    internal const string SecurityStampClaim = "flowdocs_stamp";

    private static Task ApiStatus(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    private static void AddOpenIddictServer(this IServiceCollection services, IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var signing = IdentitySettings.LoadCertificate(configuration, IdentitySettings.SigningCertificateKey);
        var encryption = IdentitySettings.LoadCertificate(configuration, IdentitySettings.EncryptionCertificateKey);
        var allowHttp = configuration.GetBool(IdentitySettings.AllowHttpKey, false);
        if (builder.Environment.IsProduction())
        {
            if (allowHttp)
            {
                throw new FlowDocsConfigurationException(IdentitySettings.AllowHttpKey,
                    "'true' is not allowed in Production; terminate TLS at the ingress and forward the scheme (X-Forwarded-Proto)");
            }

            // Development certificates live in each machine's certificate store: every pod would mint its own
            // keys and reject the others' tokens.
            _ = signing ?? throw new FlowDocsConfigurationException(IdentitySettings.SigningCertificateKey + ":Path",
                $"is required in Production (a PFX file; or {IdentitySettings.SigningCertificateKey}:Base64), with {IdentitySettings.SigningCertificateKey}:Password");
            _ = encryption ?? throw new FlowDocsConfigurationException(IdentitySettings.EncryptionCertificateKey + ":Path",
                $"is required in Production (a PFX file; or {IdentitySettings.EncryptionCertificateKey}:Base64), with {IdentitySettings.EncryptionCertificateKey}:Password");
        }

        // One key ring for every web replica, in the database: cookies, antiforgery tokens and set-password links
        // made by one pod are read by the others. With an encryption certificate the keys are encrypted at rest.
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("FlowDocs")
            .PersistKeysToDbContext<FlowDocsDbContext>();
        if (encryption is not null)
        {
            dataProtection.ProtectKeysWithCertificate(encryption).UnprotectKeysWithAnyCertificate(encryption);
        }

        var issuer = configuration.GetOptional(IdentitySettings.IssuerKey) is null
            ? null
            : configuration.GetAbsoluteUri(IdentitySettings.IssuerKey, "the public URL of FlowDocs, e.g. https://flowdocs.example.com/");

        services.AddOpenIddict()
            .AddCore(o =>
            {
                var store = o.UseEntityFrameworkCore().UseDbContext<FlowDocsDbContext>().ReplaceDefaultEntities<Guid>();
                if (configuration.GetEnum(DataModule.ProviderKey, DatabaseProvider.Sqlite) == DatabaseProvider.MySql)
                {
                    // MySql.EntityFrameworkCore translates OpenIddict's bulk revocations (ExecuteUpdate over a join)
                    // into UPDATE ... FROM, which MySQL and MariaDB reject: a replayed refresh token would then
                    // not revoke its chain. Row-by-row updates work everywhere.
                    store.DisableBulkOperations();
                }
            })
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetEndSessionEndpointUris("connect/logout")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetIntrospectionEndpointUris("connect/introspect");
                // S256 only: a "plain" challenge would hand the verifier to anyone who sees the authorization request.
                o.Configure(options => options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Roles, Scopes.OfflineAccess, IdentitySettings.ApiScope);
                // A refresh token is good for one exchange: a replayed one is rejected (and revokes the chain).
                o.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                o.SetAccessTokenLifetime(TimeSpan.FromMinutes(30));
                if (issuer is not null)
                {
                    o.SetIssuer(issuer);
                }

                if (signing is not null)
                {
                    o.AddSigningCertificate(signing);
                }
                else
                {
                    o.AddDevelopmentSigningCertificate();
                }

                if (encryption is not null)
                {
                    o.AddEncryptionCertificate(encryption);
                }
                else
                {
                    o.AddDevelopmentEncryptionCertificate();
                }

                var aspNetCore = o.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (allowHttp)
                {
                    // `dotnet run` on a fresh laptop has no trusted development certificate: plain HTTP on localhost.
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.AddAudiences(IdentitySettings.ApiAudience);
                // Revoked tokens stop working at once for the API in this process, not when they expire.
                o.EnableTokenEntryValidation();
                o.EnableAuthorizationEntryValidation();
                o.UseAspNetCore();
            });
    }

    /// <summary>First start: default tenant, built-in roles, administrator and the UI client (safe on concurrent replicas).</summary>
    public static async Task PrepareIdentityAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IdentityBootstrap>().RunAsync(cancellationToken);
    }

    /// <summary>
    /// The OpenID Connect endpoints (<c>/connect/*</c>), the login pages (<c>/account/*</c>) and the identity
    /// API (<c>/api/me</c>, <c>/api/admin</c>); web role only.
    /// </summary>
    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var configuration = endpoints.ServiceProvider.GetRequiredService<IConfiguration>();
        if (!configuration.GetEnum(ServerRoles.Key, ServerRole.All).RunsWeb())
        {
            return endpoints;
        }

        var connect = endpoints.MapGroup("/connect").ExcludeFromDescription();
        connect.MapMethods("/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeEndpoint.AuthorizeAsync).DisableAntiforgery();
        connect.MapPost("/token", TokenEndpoint.ExchangeAsync).RequireRateLimiting(TokenRateLimit).DisableAntiforgery();
        connect.MapMethods("/userinfo", [HttpMethods.Get, HttpMethods.Post], UserInfoEndpoint.UserInfoAsync).DisableAntiforgery();
        connect.MapGet("/logout", EndSessionEndpoint.Confirm);
        connect.MapPost("/logout", EndSessionEndpoint.SignOutAsync).DisableAntiforgery();
        endpoints.MapAccount();
        // Job arguments name documents and users of every tenant: the platform administrator's view only.
        // Hangfire's own filter is replaced by the FlowDocs policy (cookie sign-in through the login page).
        endpoints.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [], DashboardTitle = "FlowDocs jobs" })
            .RequireAuthorization(FlowDocsPolicies.PlatformAdmin);

        var api = endpoints.MapGroup("/api").RequireAuthorization(FlowDocsPolicies.Api);
        api.MapMe();
        api.MapChangePassword();
        api.MapPeople();
        var admin = api.MapGroup("/admin");
        admin.MapUserAdmin();
        admin.MapRoleAdmin();
        admin.MapServiceClientAdmin();
        admin.MapTenantAdmin();
        return endpoints;
    }
}
