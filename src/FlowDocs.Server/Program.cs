using FlowDocs.Common;
using FlowDocs.Data;
using FlowDocs.Documents;
using FlowDocs.Identity;
using FlowDocs.Identity.Hosting;
using FlowDocs.Imports;
using FlowDocs.Server.Hosting;
using FlowDocs.Studio;
using FlowDocs.Tasks;
using FlowDocs.Workflows;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddHost();
    builder.AddApiSecurity();
    builder.AddData();
    builder.AddJobs();
    builder.AddIdentity();
    builder.AddDocuments();
    builder.AddWorkflows();
    builder.AddTasks();
    builder.AddImports();
    builder.AddStudio();

    var app = builder.Build();
    if (await app.RunCommandAsync(args))
    {
        return 0;
    }

    await app.PrepareDatabaseAsync();
    await app.Services.PrepareIdentityAsync(app.Lifetime.ApplicationStopping);
    app.UseIdentity();
    app.UseHost();
    app.MapHostEndpoints();
    app.MapApi()
        .MapDocumentsEndpoints()
        .MapWorkflowsEndpoints()
        .MapTasksEndpoints()
        .MapImportsEndpoints();
    app.MapIdentityEndpoints();
    app.MapStudio();

    await app.RunAsync();
    return 0;
}
catch (FlowDocsConfigurationException ex)
{
    // One line naming the setting: the operator fixes it without reading a stack trace.
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

/// <summary>Entry point; public so that functional tests can host it.</summary>
public partial class Program;
