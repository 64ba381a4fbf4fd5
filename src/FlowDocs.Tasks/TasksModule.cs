using FlowDocs.Common.Events;
using FlowDocs.Common.Security;
using FlowDocs.Tasks.CancelTask;
using FlowDocs.Tasks.ClaimTask;
using FlowDocs.Tasks.CommentOnTask;
using FlowDocs.Tasks.CompleteTask;
using FlowDocs.Tasks.CreateTask;
using FlowDocs.Tasks.DelegateTask;
using FlowDocs.Tasks.GetTask;
using FlowDocs.Tasks.Inbox;
using FlowDocs.Tasks.ListDocumentTasks;
using FlowDocs.Tasks.WorkflowActivities;
using FlowDocs.Workflows.Activities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FlowDocs.Tasks;

/// <summary>Human tasks on documents: the inbox, claim/delegate/complete, and the task activities of workflows.</summary>
public static class TasksModule
{
    public static IHostApplicationBuilder AddTasks(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCurrentUser();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<UserTaskCreator>();
        builder.Services.AddScoped<UserTaskCanceller>();
        builder.Services.AddSingleton<IActivity, UserTaskActivity>();
        builder.Services.AddSingleton<IActivity, ApprovalActivity>();
        builder.Services.AddSingleton<IActivity, AssignTaskActivity>();
        builder.Services.AddSingleton<IActivity, TaskCreatedTrigger>();
        builder.Services.AddScoped<IEventHandler<UserTaskCreated>, TaskCreatedHandler>();
        builder.Services.AddScoped<IEventHandler<WorkflowInstanceEnded>, WorkflowEndedHandler>();
        return builder;
    }

    /// <summary>Maps the task endpoints on <paramref name="api"/> (the authenticated <c>/api</c> group).</summary>
    public static IEndpointRouteBuilder MapTasksEndpoints(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var tasks = api.MapGroup(string.Empty).WithTags("Tasks");
        CreateTaskEndpoint.Map(tasks);
        ListDocumentTasksEndpoint.Map(tasks);
        InboxEndpoint.Map(tasks);
        GetTaskEndpoint.Map(tasks);
        ClaimTaskEndpoints.Map(tasks);
        DelegateTaskEndpoint.Map(tasks);
        CommentOnTaskEndpoint.Map(tasks);
        CompleteTaskEndpoint.Map(tasks);
        CancelTaskEndpoint.Map(tasks);
        return api;
    }
}
