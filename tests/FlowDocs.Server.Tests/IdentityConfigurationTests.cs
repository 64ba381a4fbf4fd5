namespace FlowDocs.Server.Tests;

/// <summary>The real executable in Production without identity certificates: one line naming the setting, exit code 2.</summary>
public sealed class IdentityConfigurationTests : IDisposable
{
    private readonly string _workDir = Directory.CreateTempSubdirectory("flowdocs-identity-config-").FullName;

    public void Dispose() => Directory.Delete(_workDir, recursive: true);

    [Fact]
    public async Task Production_without_signing_certificate_stops_with_one_line()
    {
        var (exitCode, _, stderr) = await ServerProcess.RunAsync(_workDir, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["FlowDocs__AllowEmbeddedStores"] = "true",
        });

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Configuration error: FlowDocs:Identity:SigningCertificate:Path: is required in Production", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_refuses_plain_http_for_the_identity_server()
    {
        var (exitCode, _, stderr) = await ServerProcess.RunAsync(_workDir, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["FlowDocs__AllowEmbeddedStores"] = "true",
            ["FlowDocs__Identity__AllowHttp"] = "true",
        });

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Configuration error: FlowDocs:Identity:AllowHttp: 'true' is not allowed in Production", line, StringComparison.Ordinal);
    }
}
