using Microsoft.Extensions.Hosting;

namespace FlowDocs.Common;

/// <summary>What one FlowDocs process does: serve HTTP (web), run Hangfire jobs (worker) or both (all).</summary>
public enum ServerRole
{
    All,
    Web,
    Worker,
}

public static class ServerRoles
{
    public const string Key = Settings.Root + ":Role";

    public static ServerRole GetServerRole(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Configuration.GetEnum(Key, ServerRole.All);
    }

    public static bool RunsWeb(this ServerRole role) => role is ServerRole.All or ServerRole.Web;

    public static bool RunsWorker(this ServerRole role) => role is ServerRole.All or ServerRole.Worker;
}
