using System.Diagnostics;

namespace FlowDocs.Server.Tests;

/// <summary>Runs the built server as a real process, as an operator would, to see its exit code and output.</summary>
internal static class ServerProcess
{
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(
        string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var serverDll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(serverDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("FlowDocs__", StringComparison.OrdinalIgnoreCase) || k == "ASPNETCORE_ENVIRONMENT").ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The server did not exit within 60 s; output: {await stdout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
