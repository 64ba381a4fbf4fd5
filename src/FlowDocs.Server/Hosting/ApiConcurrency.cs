using System.Globalization;
using System.Threading.RateLimiting;
using FlowDocs.Common;
using Microsoft.AspNetCore.RateLimiting;

namespace FlowDocs.Server.Hosting;

/// <summary>
/// Backpressure for the API: at most so many requests of a kind run at once in this process, the next ones wait in a
/// bounded queue, and beyond it a caller gets 503 with Retry-After at once. Without it a crowd of uploads exhausted the
/// database connection pool and every request failed or hung (200 concurrent uploads: 170 × 500, p50 66 s, liveness
/// 25 s). Reads and writes have separate limits, so a burst of uploads never starves people reading their inbox.
/// Size the database pool (<c>Maximum Pool Size</c>) above reads + writes + the worker count.
/// </summary>
public static class ApiConcurrency
{
    public const string Policy = "api-concurrency";
    public const string MaxReadsKey = Settings.Root + ":Api:MaxConcurrentReads";
    public const string MaxWritesKey = Settings.Root + ":Api:MaxConcurrentWrites";
    public const string QueueKey = Settings.Root + ":Api:QueueLimit";

    /// <summary>What a caller turned away should wait before trying again.</summary>
    public const int RetryAfterSeconds = 2;

    private const string RejectedMarker = "flowdocs:api-concurrency";

    public static IServiceCollection AddApiConcurrency(this IServiceCollection services, IConfiguration configuration)
    {
        var reads = (int)configuration.GetInt64(MaxReadsKey, 64, 1, 10_000);
        var writes = (int)configuration.GetInt64(MaxWritesKey, 16, 1, 10_000);
        var queue = (int)configuration.GetInt64(QueueKey, 100, 0, 100_000);
        services.AddRateLimiter(o => o.AddPolicy(Policy, http =>
        {
            var read = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method);
            http.Items[RejectedMarker] = true;
            return RateLimitPartition.GetConcurrencyLimiter(
                read ? "reads" : "writes",
                _ => new ConcurrencyLimiterOptions { PermitLimit = read ? reads : writes, QueueLimit = queue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst });
        }));

        // The rate limiter has one rejection handler for every policy (the identity module's answers 429 to guessing);
        // this policy's rejections are overload, not abuse: 503 problem details with Retry-After.
        services.PostConfigure<RateLimiterOptions>(o =>
        {
            var inner = o.OnRejected;
            o.OnRejected = async (context, cancellationToken) =>
            {
                if (!context.HttpContext.Items.ContainsKey(RejectedMarker))
                {
                    if (inner is not null)
                    {
                        await inner(context, cancellationToken);
                    }

                    return;
                }

                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(
                    title: "The server is busy",
                    detail: $"Too many requests are being handled right now; nothing was saved. Try again in {RetryAfterSeconds} seconds.",
                    statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}
