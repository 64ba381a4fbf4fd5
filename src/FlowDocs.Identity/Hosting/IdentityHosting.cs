using System.Threading.RateLimiting;
using FlowDocs.Common;
using FlowDocs.Identity.Account;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Identity.Hosting;

/// <summary>Rate limits on the endpoints that check secrets, and the security headers of every response.</summary>
public static class IdentityHosting
{
    internal static void AddIdentityRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var token = (int)configuration.GetInt64(IdentitySettings.TokenRateLimitKey, 60, 1, 100_000);
        var login = (int)configuration.GetInt64(IdentitySettings.LoginRateLimitKey, 20, 1, 100_000);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            // Per client address: one caller guessing secrets or passwords cannot lock out everyone else.
            o.AddPolicy(IdentityModule.TokenRateLimit, http => PerMinute(http, token));
            o.AddPolicy(AccountEndpoints.LoginRateLimit, http => PerMinute(http, login));
        });
    }

    private static RateLimitPartition<string> PerMinute(HttpContext http, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    /// <summary>
    /// Runs before authentication: the OpenID Connect server answers token requests inside the authentication
    /// middleware, so a rate limiter placed later would never see a rejected guess.
    /// </summary>
    public static WebApplication UseIdentity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(static (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (context.Request.Path.StartsWithSegments("/account") || context.Request.Path.StartsWithSegments("/connect"))
            {
                headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
                headers.CacheControl = "no-store";
            }

            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000";
            }

            return next(context);
        });
        app.UseRateLimiter();
        return app;
    }
}
