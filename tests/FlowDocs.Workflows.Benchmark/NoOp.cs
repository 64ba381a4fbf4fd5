namespace FlowDocs.Workflows.Benchmark;

/// <summary>The job of measurement (a): Hangfire's own cost per job, with no work in it.</summary>
public static class NoOp
{
    public static void Run()
    {
    }
}
