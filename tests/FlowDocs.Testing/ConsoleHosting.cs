namespace FlowDocs.Testing;

/// <summary>For benchmarks (console programs) that host the server with <see cref="FlowDocsFactory"/>.</summary>
public static class ConsoleHosting
{
    /// <summary>
    /// WebApplicationFactory finds the server's content root from a test assembly's manifest; a console program is not
    /// one, so the root (src/FlowDocs.Server above the program) is named explicitly.
    /// </summary>
    public static void UseServerContentRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "FlowDocs.Server");
            if (Directory.Exists(candidate))
            {
                Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FLOWDOCS_SERVER", candidate);
                return;
            }
        }

        throw new DirectoryNotFoundException("src/FlowDocs.Server was not found above " + AppContext.BaseDirectory);
    }
}
