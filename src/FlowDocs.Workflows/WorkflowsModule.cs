using FlowDocs.Common;
using FlowDocs.Common.Events;
using FlowDocs.Data.RecurringJobs;
using FlowDocs.Workflows.Activities;
using FlowDocs.Workflows.Activities.Http;
using FlowDocs.Workflows.Catalogue;
using FlowDocs.Workflows.Definitions;
using FlowDocs.Workflows.Expressions;
using FlowDocs.Workflows.Instances;
using FlowDocs.Workflows.Runtime;
using Hangfire;
using Hangfire.Redis.StackExchange;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowDocs.Workflows;

public static class WorkflowsModule
{
    public const string MaxActivitiesPerBurstKey = Settings.Root + ":Workflows:MaxActivitiesPerBurst";
    public const string MaxActivitiesInlineKey = Settings.Root + ":Workflows:MaxActivitiesInline";
    public const string InlineBudgetMsKey = Settings.Root + ":Workflows:InlineBudgetMs";
    public const string RecoveryAfterSecondsKey = Settings.Root + ":Workflows:RecoveryAfterSeconds";
    public const string ScriptTimeoutMsKey = Settings.Root + ":Workflows:ScriptTimeoutMs";
    public const string ScriptMaxStatementsKey = Settings.Root + ":Workflows:ScriptMaxStatements";
    public const string ScriptMaxMemoryMbKey = Settings.Root + ":Workflows:ScriptMaxMemoryMb";
    public const string DefinitionsPathKey = Settings.Root + ":Workflows:DefinitionsPath";
    public const string SeedTenantIdKey = Settings.Root + ":Workflows:SeedTenantId";

    /// <summary>The workflow engine: activities, expressions, definitions, runtime, Hangfire jobs, triggers, recovery.</summary>
    public static IHostApplicationBuilder AddWorkflows(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;
        var maxActivities = (int)configuration.GetInt64(MaxActivitiesPerBurstKey, 1000, 1, 100_000);
        var maxInline = (int)configuration.GetInt64(MaxActivitiesInlineKey, 100, 0, 100_000);
        var inlineBudget = TimeSpan.FromMilliseconds(configuration.GetInt64(InlineBudgetMsKey, 250, 1, 60_000));
        var recoveryAfter = TimeSpan.FromSeconds(configuration.GetInt64(RecoveryAfterSecondsKey, 30, 1, 86_400));
        var limits = new ScriptLimits(
            TimeSpan.FromMilliseconds(configuration.GetInt64(ScriptTimeoutMsKey, 2000, 10, 60_000)),
            (int)configuration.GetInt64(ScriptMaxStatementsKey, 100_000, 100, 100_000_000),
            configuration.GetInt64(ScriptMaxMemoryMbKey, 32, 1, 1024) * 1024 * 1024);

        var seedTenant = configuration.GetOptional(SeedTenantIdKey);
        if (seedTenant is not null && !Guid.TryParse(seedTenant, out _))
        {
            throw new FlowDocsConfigurationException(SeedTenantIdKey, $"'{seedTenant}' is not valid; accepted values: a tenant id (GUID)");
        }

        // Default: the workflows/ folder the build copies next to the server (dotnet run, the container image);
        // a configured path is relative to the content root.
        var configured = configuration.GetOptional(DefinitionsPathKey);
        var folder = configured is null
            ? Path.Combine(AppContext.BaseDirectory, "workflows")
            : Path.GetFullPath(configured, builder.Environment.ContentRootPath);
        services.AddSingleton(new DefinitionLoaderSettings(folder, seedTenant is null ? null : Guid.Parse(seedTenant)));
        services.AddScoped<DefinitionLoader>();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<WorkflowRuntimeOptions>(o =>
        {
            o.MaxActivitiesPerBurst = maxActivities;
            o.MaxActivitiesInline = maxInline;
            o.InlineBudget = inlineBudget;
            o.RecoveryAfter = recoveryAfter;
        });
        services.AddSingleton(_ => new ExpressionEvaluator(limits));
        services.AddSingleton<ActivityRegistry>();
        services.AddSingleton<DefinitionCache>();
        services.AddSingleton<WorkflowValidator>();
        services.AddSingleton<WorkflowMetrics>();
        services.AddSingleton<IWorkflowScheduler, HangfireWorkflowScheduler>();
        services.AddSingleton<IInstanceLock>(sp => sp.GetRequiredService<JobStorage>() is RedisStorage storage
            ? new JobStorageInstanceLock(storage)
            : new InProcessInstanceLock());
        services.AddSingleton<HandOffRetries>();
        services.AddHostedService(sp => sp.GetRequiredService<HandOffRetries>());
        services.AddScoped<WorkflowRuntime>();
        services.AddScoped<DefinitionService>();
        services.AddScoped<TriggerIndexer>();
        services.AddScoped<RecoverySweep>();
        services.AddScoped<IJobStorageRecovery, WorkflowJobStorageRecovery>();
        services.AddRecurringJob(WorkflowJobs.RecoveryJobId, jobs => jobs.AddOrUpdate<WorkflowJobs>(WorkflowJobs.RecoveryJobId, j => j.SweepAsync(CancellationToken.None), Cron.Minutely()));
        services.AddScoped<WorkflowJobs>();
        services.AddWorkflowActivities();
        services.AddHttpActivities(HttpActivityOptions.FromConfiguration(configuration));
        services.AddScoped<IEventHandler<DocumentVersionAdded>, DocumentVersionAddedHandler>();
        services.AddScoped<IEventHandler<UserTaskCompleted>, UserTaskCompletedHandler>();
        services.AddHostedService<WorkflowStartup>();
        return builder;
    }

    /// <summary>The built-in activities; modules add theirs with <c>services.AddSingleton&lt;IActivity, X&gt;()</c>.</summary>
    public static IServiceCollection AddWorkflowActivities(this IServiceCollection services)
    {
        services.AddSingleton<IActivity, StartActivity>();
        services.AddSingleton<IActivity, EndActivity>();
        services.AddSingleton<IActivity, FinishActivity>();
        services.AddSingleton<IActivity, FlowDecisionActivity>();
        services.AddSingleton<IActivity, FlowSwitchActivity>();
        services.AddSingleton<IActivity, FlowForkActivity>();
        services.AddSingleton<IActivity, FlowJoinActivity>();
        services.AddSingleton<IActivity, SetVariableActivity>();
        services.AddSingleton<IActivity, RunJavaScriptActivity>();
        services.AddSingleton<IActivity, WriteLineActivity>();
        services.AddSingleton<IActivity, FaultActivity>();
        services.AddSingleton<IActivity, DelayActivity>();
        services.AddSingleton<IActivity, TimerActivity>();
        services.AddSingleton<IActivity, StartAtActivity>();
        services.AddSingleton<IActivity, CronActivity>();
        services.AddSingleton<IActivity, EventActivity>();
        services.AddSingleton<IActivity, PublishEventActivity>();
        services.AddSingleton<IActivity, ExecuteWorkflowActivity>();
        services.AddSingleton<IActivity, DocumentVersionAddedActivity>();
        services.AddSingleton<IActivity, SetDocumentStatusActivity>();
        return services;
    }

    /// <summary>
    /// <c>Elsa.FlowSendHttpRequest</c> and <c>Elsa.SendHttpRequest</c> with their guarded client
    /// (<see cref="HttpRequestSender.ClientName"/>); <paramref name="options"/> are the limits and tenants' permissions.
    /// </summary>
    public static IServiceCollection AddHttpActivities(this IServiceCollection services, HttpActivityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddOptions<HttpActivityOptions>().Configure(o =>
        {
            o.Timeout = options.Timeout;
            o.MaxResponseBytes = options.MaxResponseBytes;
            o.MaxRedirects = options.MaxRedirects;
            foreach (var (tenant, policy) in options.Tenants)
            {
                o.Tenants[tenant] = policy;
            }
        });
        services.AddHttpClient(HttpRequestSender.ClientName)
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => HttpRequestSender.CreateHandler(sp.GetRequiredService<IOptions<HttpActivityOptions>>().Value));
        services.AddSingleton<HttpRequestSender>();
        services.AddSingleton<IActivity, FlowSendHttpRequestActivity>();
        services.AddSingleton<IActivity, SendHttpRequestActivity>();
        return services;
    }

    /// <summary>Maps <c>/workflows</c> (definitions, instances, events, activity catalogue) on the API group.</summary>
    public static IEndpointRouteBuilder MapWorkflowsEndpoints(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var workflows = api.MapGroup("/workflows");
        DefinitionEndpoints.Map(workflows);
        InstanceEndpoints.Map(workflows);
        CatalogueEndpoints.Map(workflows);
        return api;
    }
}
