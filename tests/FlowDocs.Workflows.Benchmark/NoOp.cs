namespace FlowDocs.Workflows.Benchmark;

/// <summary>The job of measurement (a): Hangfire's own cost per job, with no work in it.</summary>
public static class NoOp
{
    public static void Run()
    {
    }
}

/// <summary>
/// How many callers start (and resume) workflows at once: as many as the Hangfire workers of (a) and the concurrent
/// workflows Workflow Core runs in (c), so that every measurement gets the same concurrency.
/// <c>FLOWDOCS_BENCH_CALLERS</c> overrides it.
/// </summary>
public static class BenchmarkLoad
{
    public static int Callers { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("FLOWDOCS_BENCH_CALLERS"), System.Globalization.CultureInfo.InvariantCulture, out var callers) && callers > 0 ? callers : 8;
}
