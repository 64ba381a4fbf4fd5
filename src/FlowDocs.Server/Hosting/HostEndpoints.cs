using System.Text.Json;
using FlowDocs.Common;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

namespace FlowDocs.Server.Hosting;

public static class HostEndpoints
{
    /// <summary>Health for every role; OpenAPI and its reference page for the web role.</summary>
    public static WebApplication MapHostEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealthAsync })
            .ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready), ResponseWriter = WriteHealthAsync })
            .ExcludeFromDescription();

        if (app.Services.GetRequiredService<IConfiguration>().GetEnum(ServerRoles.Key, ServerRole.All).RunsWeb())
        {
            app.MapOpenApi();
            app.MapScalarApiReference("/api-reference", o => o.WithTitle("FlowDocs API"));
            // People land in the Studio ("My work"); the API reference is linked from its menu.
            app.MapGet("/", () => TypedResults.Redirect("/studio")).ExcludeFromDescription();
        }

        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, error = e.Value.Exception?.Message }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonSerializerOptions.Web, context.RequestAborted);
    }
}
