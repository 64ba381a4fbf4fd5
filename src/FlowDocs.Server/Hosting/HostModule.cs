using FlowDocs.Common;
using FlowDocs.Data;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Formatting.Compact;

namespace FlowDocs.Server.Hosting;

public static class HostModule
{
    public const string OtlpEndpointKey = Settings.Root + ":Telemetry:OtlpEndpoint";
    public const string OtlpProtocolKey = Settings.Root + ":Telemetry:OtlpProtocol";
    public const string ShutdownTimeoutKey = Settings.Root + ":ShutdownTimeoutSeconds";
    public const string ServiceName = "flowdocs";

    /// <summary>Logging, telemetry, problem details, OpenAPI and health checks shared by every role.</summary>
    public static WebApplicationBuilder AddHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var role = builder.GetServerRole();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Microsoft.AspNetCore.Connections.IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        // SIGTERM: requests in flight (and Hangfire jobs) get this long to finish. The pod's grace period (30 s) also covers
        // the 10 s preStop pause, so the default 30 s would end in a SIGKILL mid-drain.
        var shutdown = TimeSpan.FromSeconds(builder.Configuration.GetInt64(ShutdownTimeoutKey, 15, 1, 3600));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdown);

        builder.Services.AddSerilog((services, logger) => logger
            // A failing check is reported by /health/ready and logged once as a Warning by BoundedHealthChecks; the
            // framework's own Error per probe would page someone every ten seconds of a dependency's outage.
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", Serilog.Events.LogEventLevel.Fatal)
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("role", role.ToString().ToLowerInvariant())
            .WriteTo.Console(new RenderedCompactJsonFormatter()),
            // Each host logs through its own logger, not the static Log.Logger that the last host started would own
            // (test hosts run side by side in one process).
            preserveStaticLogger: true);

        builder.AddTelemetry();

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsDefaults.Customize);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.Configure<ExceptionHandlerOptions>(o => o.SuppressDiagnosticsCallback = ProblemExceptionHandler.SuppressMiddlewareDiagnostics);
        // Outside Development a parameter that does not bind (e.g. ?status=Lost) would answer an empty 400;
        // thrown, it reaches ProblemExceptionHandler, whose problem details name the parameter.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Enums travel by name ("Approved", "High"): readable, and stable when members are added.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "FlowDocs API";
                document.Info.Description = "Documents, versions, tasks and editable workflows.";
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(CommonResponses.DeclareAsync);
        });
        builder.Services.AddHealthChecks();
        builder.Services.PostConfigure<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>(BoundedHealthChecks.Bound);
        return builder;
    }

    private static void AddTelemetry(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetOptional(OtlpEndpointKey) is null)
        {
            return;
        }

        var endpoint = builder.Configuration.GetAbsoluteUri(OtlpEndpointKey, "the OTLP collector, e.g. http://otel-collector:4317");
        // gRPC (the collector's 4317) by default; http/protobuf (its 4318) posts each signal to its own path under the endpoint.
        var protocol = builder.Configuration.GetOptional(OtlpProtocolKey) switch
        {
            null or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new FlowDocsConfigurationException(OtlpProtocolKey, "accepted values: grpc, http/protobuf"),
        };
        void Export(OtlpExporterOptions o, string signal)
        {
            o.Protocol = protocol;
            o.Endpoint = protocol == OtlpExportProtocol.Grpc ? endpoint : new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/v1/" + signal);
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceVersion: typeof(HostModule).Assembly.GetName().Version?.ToString()))
            .WithTracing(t => t
                .AddSource(Telemetry.Wildcard)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(o => Export(o, "traces")))
            .WithMetrics(m => m
                .AddMeter(Telemetry.Wildcard)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter(o => Export(o, "metrics")));
    }

    /// <summary>Runs a command given on the command line (<c>migrate</c>) instead of serving; true when one ran.</summary>
    public static async Task<bool> RunCommandAsync(this WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] != "migrate")
        {
            return false;
        }

        app.Logger.LogInformation("Applying database migrations");
        await app.Services.MigrateDatabaseAsync(app.Lifetime.ApplicationStopping);
        app.Logger.LogInformation("Database is up to date");
        return true;
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<DatabaseSettings>().MigrateOnStartup)
        {
            await app.Services.MigrateDatabaseAsync(app.Lifetime.ApplicationStopping);
        }
    }

    /// <summary>Errors only for server faults: a 4xx is the caller's mistake, a 503 a dependency that is down.</summary>
    internal static Serilog.Events.LogEventLevel RequestLogLevel(HttpContext context, double elapsedMs, Exception? exception) =>
        (exception, context?.Response.StatusCode) switch
        {
            (not null, _) or (_, >= 500 and not 503) => Serilog.Events.LogEventLevel.Error,
            (_, 503) => Serilog.Events.LogEventLevel.Warning,
            _ => Serilog.Events.LogEventLevel.Information,
        };

    public static WebApplication UseHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Request logging sits outside the exception handler, so it logs the status the caller received (a 400
        // for unreadable JSON) instead of the exception passing through (which it would log as an Error 500).
        app.UseSerilogRequestLogging(o => o.GetLevel = RequestLogLevel);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
