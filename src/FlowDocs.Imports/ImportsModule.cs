using FlowDocs.Common.Security;
using FlowDocs.Data.RecurringJobs;
using FlowDocs.Imports.Export;
using FlowDocs.Imports.Graph;
using FlowDocs.Imports.Runs;
using FlowDocs.Imports.Sources;
using FlowDocs.Imports.Webhooks;
using FlowDocs.Imports.WorkflowActivities;
using FlowDocs.Workflows.Activities;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FlowDocs.Imports;

/// <summary>Client imports from OneDrive/SharePoint through Microsoft Graph, change notifications, and export back.</summary>
public static class ImportsModule
{
    public static IHostApplicationBuilder AddImports(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton(ImportsSettings.Read(builder.Configuration));
        services.AddCurrentUser();
        services.AddDataProtection();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(GraphClients.IdentityClientName);
        services.AddHttpClient(GraphClients.GraphHandlerName);
        services.AddSingleton<SourceSecrets>();
        services.AddSingleton<GraphClients>();
        services.AddScoped<ImportRunStarter>();
        services.AddScoped<ImportRunner>();
        services.AddScoped<ImportMaintenance>();
        services.AddScoped<SubscriptionManager>();
        services.AddScoped<GraphWebhookHandler>();
        services.AddScoped<GraphExporter>();
        services.AddSingleton<IActivity, ImportFromGraphActivity>();
        services.AddSingleton<IActivity, ExportToGraphActivity>();
        services.AddRecurringJob(ImportJobs.MaintenanceJobId, jobs => jobs.AddOrUpdate<ImportJobs>(ImportJobs.MaintenanceJobId, j => j.MaintainAsync(CancellationToken.None), "*/5 * * * *"));
        return builder;
    }

    /// <summary>Maps the import endpoints on <paramref name="api"/> (the authenticated <c>/api</c> group).</summary>
    public static IEndpointRouteBuilder MapImportsEndpoints(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var imports = api.MapGroup("/imports").WithTags("Imports");
        var admin = imports.MapGroup(string.Empty).RequireAuthorization(FlowDocsPolicies.TenantAdmin);
        admin.MapPost("/sources", ImportSourceEndpoints.CreateAsync)
            .WithName("CreateImportSource")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Create an import source (drive folder, app credentials, schedule, policies)")
            .WithDescription("The client secret or certificate is stored encrypted and never returned.");
        admin.MapGet("/sources", ImportSourceEndpoints.ListAsync)
            .WithName("ListImportSources")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("List import sources");
        admin.MapGet("/sources/{sourceId:guid}", ImportSourceEndpoints.GetAsync)
            .WithName("GetImportSource")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Get an import source");
        admin.MapPatch("/sources/{sourceId:guid}", ImportSourceEndpoints.UpdateAsync)
            .WithName("UpdateImportSource")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Change an import source (fields left out keep their value)");
        admin.MapDelete("/sources/{sourceId:guid}", ImportSourceEndpoints.DeleteAsync)
            .WithName("DeleteImportSource")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Delete an import source and its run history (imported documents stay)");
        admin.MapPost("/sources/{sourceId:guid}/runs", ImportRunEndpoints.StartAsync)
            .WithName("StartImportRun")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Run now: queue an import run (202; 409 when one is already queued or running)");
        admin.MapGet("/sources/{sourceId:guid}/runs", ImportRunEndpoints.ListAsync)
            .WithName("ListImportRuns")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("The source's runs, newest first");
        admin.MapGet("/runs/{runId:guid}", ImportRunEndpoints.GetAsync)
            .WithName("GetImportRun")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A run: status, counts and progress, and the items that failed");
        imports.MapPost("/webhooks/graph", GraphWebhookEndpoint.HandleAsync)
            .AllowAnonymous()
            .WithName("GraphChangeNotifications")
            .WithSummary("Microsoft Graph change and lifecycle notifications (validation handshake; clientState checked)")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }
}

