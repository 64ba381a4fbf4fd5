using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkflowCore.Interface;
using WorkflowCore.Models;
using WorkflowCore.Models.LifeCycleEvents;

namespace FlowDocs.Workflows.Benchmark;

/// <summary>The data of the peer's workflow: the variable that SetVariable writes and FlowDecision reads.</summary>
public sealed class PeerData
{
    public int Amount { get; set; }
}

/// <summary>
/// Start -> SetVariable -> FlowDecision -> End on Workflow Core 3.22: four steps, the decision a container
/// step whose branch holds the end, as the FlowDocs definition of measurement (b).
/// </summary>
public sealed class PeerDecisionWorkflow : IWorkflow<PeerData>
{
    public string Id => "flowdocs-bench-decision";

    public int Version => 1;

    public void Build(IWorkflowBuilder<PeerData> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder
            .StartWith(_ => ExecutionResult.Next())
            .Then(context =>
            {
                ((PeerData)context.Workflow.Data).Amount = 42;
                return ExecutionResult.Next();
            })
            .If(data => data.Amount > 0)
            .Do(then => then.StartWith(_ => ExecutionResult.Next()));
    }
}

/// <summary>
/// Workflow Core in memory (its default: memory persistence, single-node queue and locks), the peer of
/// measurement (c). Completion is counted from its own life-cycle events, so nothing polls.
/// </summary>
public static class WorkflowCorePeer
{
    public static async Task<double> MeasureAsync(string name, int count, int workers)
    {
        // Warmed in a host of its own: the memory provider keeps every instance in a list it scans, so a host that ran
        // the warm-up would be timed slower for the instances it holds (1,600/s fell to ~300/s over 30 s of warm-up).
        await WithHostAsync(workers, async (host, completed) =>
        {
            await Warmup.RunAsync(name, count, n => RunAsync(host, n, completed));
            return 0.0;
        });
        return await WithHostAsync(workers, async (host, completed) =>
        {
            await RunAsync(host, Math.Min(50, count), completed);
            var stopwatch = Stopwatch.StartNew();
            await RunAsync(host, count, completed);
            var perSecond = count / stopwatch.Elapsed.TotalSeconds;
            Console.WriteLine($"{name,-44} {count,6} in {stopwatch.Elapsed.TotalSeconds,6:0.00} s = {perSecond,8:0.0}/s");
            return perSecond;
        });
    }

    private static async Task<T> WithHostAsync<T>(int workers, Func<IWorkflowHost, Func<int>, Task<T>> body)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddWorkflow(o => o.UseMaxConcurrentWorkflows(workers));
        await using var provider = services.BuildServiceProvider();
        var host = provider.GetRequiredService<IWorkflowHost>();
        host.RegisterWorkflow<PeerDecisionWorkflow, PeerData>();
        var completed = 0;
        host.OnLifeCycleEvent += e =>
        {
            if (e is WorkflowCompleted)
            {
                Interlocked.Increment(ref completed);
            }
        };
        await host.StartAsync(CancellationToken.None);
        try
        {
            return await body(host, () => Volatile.Read(ref completed));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task RunAsync(IWorkflowHost host, int count, Func<int> completed)
    {
        var target = completed() + count;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = BenchmarkLoad.Callers }, async (_, _) =>
            await host.StartWorkflow("flowdocs-bench-decision", 1, new PeerData()));
        var deadline = Stopwatch.StartNew();
        while (completed() < target)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException("Workflow Core did not finish within 5 minutes.");
            }

            await Task.Delay(5);
        }
    }
}
