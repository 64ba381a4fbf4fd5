using System.Text.Json.Nodes;
using Xunit;

namespace FlowDocs.Testing;

/// <summary>Helpers for tests whose outcome arrives asynchronously (Hangfire workers, webhooks, timers).</summary>
public static class TestWaits
{
    /// <summary>
    /// Reads until <paramref name="condition"/> holds and returns that reading; fails naming <paramref name="what"/>
    /// and the last reading when <paramref name="seconds"/> pass first.
    /// </summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, int seconds = 60)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var last = await read();
        while (!condition(last))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}; last: {(last is JsonNode node ? node.ToJsonString() : last?.ToString())}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
            last = await read();
        }

        return last;
    }

    /// <summary>Waits until <paramref name="condition"/> is true.</summary>
    public static Task<bool> EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 60) =>
        EventuallyAsync(condition, ok => ok, what, seconds);
}

/// <summary>Files of the repository the tests run from (shipped workflows, scripts).</summary>
public static class RepositoryFiles
{
    /// <summary>The path of <paramref name="parts"/> under the folder that holds FlowDocs.sln.</summary>
    public static string PathOf(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FlowDocs.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine([directory?.FullName ?? throw new InvalidOperationException("FlowDocs.sln not found above the test binaries."), .. parts]);
    }
}
