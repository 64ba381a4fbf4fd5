using FlowDocs.Common;
using Microsoft.Extensions.Configuration;

namespace FlowDocs.Imports;

/// <summary>Settings under <c>FlowDocs:Imports</c>, read once at start-up.</summary>
/// <param name="GraphBaseUrl">Microsoft Graph's base URL (tests point it at WireMock).</param>
/// <param name="AuthorityHost">Entra ID's authority host (national clouds differ).</param>
/// <param name="Scope">The scope app tokens are asked for.</param>
/// <param name="NotificationUrl">The public URL of <c>/api/imports/webhooks/graph</c>; without it no change subscriptions are made.</param>
/// <param name="WebhookDebounce">How long a change notification waits for more before the delta run starts.</param>
/// <param name="SmallUploadLimit">Exports up to this size go in one request; larger ones use an upload session.</param>
/// <param name="UploadChunkSize">The upload session's chunk size (a multiple of 320 KiB, as Graph requires).</param>
public sealed record ImportsSettings(
    Uri GraphBaseUrl,
    Uri AuthorityHost,
    string Scope,
    Uri? NotificationUrl,
    TimeSpan WebhookDebounce,
    long SmallUploadLimit,
    int UploadChunkSize)
{
    public const string Section = Settings.Root + ":Imports";
    public const string GraphBaseUrlKey = Section + ":GraphBaseUrl";
    public const string AuthorityHostKey = Section + ":AuthorityHost";
    public const string ScopeKey = Section + ":Scope";
    public const string NotificationUrlKey = Section + ":NotificationUrl";
    public const string WebhookDebounceSecondsKey = Section + ":WebhookDebounceSeconds";
    public const string SmallUploadLimitKey = Section + ":SmallUploadLimitBytes";
    public const string UploadChunkSizeKey = Section + ":UploadChunkBytes";

    /// <summary>Graph's required unit for upload session chunks.</summary>
    public const int ChunkUnit = 320 * 1024;

    public static ImportsSettings Read(IConfiguration configuration)
    {
        var chunk = configuration.GetInt64(UploadChunkSizeKey, 10L * ChunkUnit, ChunkUnit, 180L * ChunkUnit);
        if (chunk % ChunkUnit != 0)
        {
            throw new FlowDocsConfigurationException(UploadChunkSizeKey, $"'{chunk}' is not a multiple of {ChunkUnit} bytes (320 KiB), which Graph upload sessions require");
        }

        return new ImportsSettings(
            Absolute(configuration, GraphBaseUrlKey, "https://graph.microsoft.com/v1.0"),
            Absolute(configuration, AuthorityHostKey, "https://login.microsoftonline.com/"),
            configuration.GetString(ScopeKey, "https://graph.microsoft.com/.default"),
            configuration.GetOptional(NotificationUrlKey) is null ? null : configuration.GetAbsoluteUri(NotificationUrlKey, "the public https URL of /api/imports/webhooks/graph"),
            TimeSpan.FromSeconds(configuration.GetInt64(WebhookDebounceSecondsKey, 30, 0, 3600)),
            configuration.GetInt64(SmallUploadLimitKey, 4L * 1024 * 1024, 1, 250L * 1024 * 1024),
            (int)chunk);
    }

    private static Uri Absolute(IConfiguration configuration, string key, string defaultValue) =>
        configuration.GetOptional(key) is null ? new Uri(defaultValue) : configuration.GetAbsoluteUri(key, "an absolute URL");
}
