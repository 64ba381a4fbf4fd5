using System.Net;
using FlowDocs.Common;
using FlowDocs.Testing;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlowDocs.Server.Tests;

[CollectionDefinition(JobProcessing.Name, DisableParallelization = true)]
public sealed class JobProcessing
{
    /// <summary>
    /// Hangfire keeps its job activator in a process-wide static, so a test that waits for a job to run must
    /// not share the process with hosts starting in parallel (one process hosts one FlowDocs in production).
    /// </summary>
    public const string Name = "Job processing";
}

[Collection(JobProcessing.Name)]
public sealed class RoleTests
{
    [Fact]
    public async Task Worker_role_runs_the_job_server_and_serves_only_health()
    {
        await using var factory = new FlowDocsFactory().With(ServerRoles.Key, "worker");
        var client = factory.CreateClient();

        var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var openApi = await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, openApi.StatusCode);
        Assert.Contains(factory.Services.GetServices<IHostedService>(), s => s.GetType().Name.Contains("BackgroundJobServer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Web_role_serves_the_api_without_a_job_server()
    {
        await using var factory = new FlowDocsFactory().With(ServerRoles.Key, "web");
        var client = factory.CreateClient();

        var openApi = await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.DoesNotContain(factory.Services.GetServices<IHostedService>(), s => s.GetType().Name.Contains("BackgroundJobServer", StringComparison.Ordinal));
        Assert.NotNull(factory.Services.GetService<IBackgroundJobClient>());
    }

    [Fact]
    public async Task All_role_processes_an_enqueued_job()
    {
        await using var factory = new FlowDocsFactory();
        _ = factory.CreateClient();
        var jobs = factory.Services.GetRequiredService<IBackgroundJobClient>();
        var monitor = factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();

        var id = jobs.Enqueue(() => Console.WriteLine("FlowDocs job ran"));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? state = null;
        while (DateTime.UtcNow < deadline)
        {
            state = monitor.JobDetails(id)?.History.FirstOrDefault()?.StateName;
            if (state == "Succeeded")
            {
                break;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal("Succeeded", state);
    }
}
