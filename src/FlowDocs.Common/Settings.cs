using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace FlowDocs.Common;

/// <summary>
/// Reads FlowDocs settings eagerly at start-up and turns every bad value into a
/// <see cref="FlowDocsConfigurationException"/> naming the setting (in the <c>FlowDocs:Section:Key</c>
/// form; environment variables use <c>FlowDocs__Section__Key</c>).
/// </summary>
public static class Settings
{
    public const string Root = "FlowDocs";

    /// <summary>Set to true to run embedded stores (SQLite, filesystem) in Production on purpose.</summary>
    public const string AllowEmbeddedStoresKey = Root + ":AllowEmbeddedStores";

    public static TEnum GetEnum<TEnum>(this IConfiguration configuration, string key, TEnum defaultValue)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var raw = configuration[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return defaultValue;
        }

        if (!int.TryParse(raw, out _) && Enum.TryParse<TEnum>(raw.Trim(), ignoreCase: true, out var value))
        {
            return value;
        }

        throw new FlowDocsConfigurationException(
            key,
            $"'{raw}' is not valid; accepted values: {string.Join(", ", Enum.GetNames<TEnum>())}");
    }

    public static string GetRequired(this IConfiguration configuration, string key, string what)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var raw = configuration[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw new FlowDocsConfigurationException(key, $"is required ({what})");
        }

        return raw.Trim();
    }

    public static string GetString(this IConfiguration configuration, string key, string defaultValue)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var raw = configuration[key];
        return string.IsNullOrWhiteSpace(raw) ? defaultValue : raw.Trim();
    }

    public static string? GetOptional(this IConfiguration configuration, string key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var raw = configuration[key];
        return string.IsNullOrWhiteSpace(raw) ? null : raw.Trim();
    }

    public static bool GetBool(this IConfiguration configuration, string key, bool defaultValue)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var raw = configuration[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return defaultValue;
        }

        return bool.TryParse(raw.Trim(), out var value)
            ? value
            : throw new FlowDocsConfigurationException(key, $"'{raw}' is not valid; accepted values: true, false");
    }

    public static long GetInt64(this IConfiguration configuration, string key, long defaultValue, long min, long max)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var raw = configuration[key];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return defaultValue;
        }

        if (long.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        throw new FlowDocsConfigurationException(
            key, $"'{raw}' is not valid; accepted values: a whole number from {min} to {max}");
    }

    public static Uri GetAbsoluteUri(this IConfiguration configuration, string key, string what)
    {
        var raw = configuration.GetRequired(key, what);
        return Uri.TryCreate(raw, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new FlowDocsConfigurationException(key, $"'{raw}' is not valid; accepted values: an absolute http(s) URL ({what})");
    }

    /// <summary>
    /// Production refuses embedded stores unless <c>FlowDocs:AllowEmbeddedStores</c> is true: an embedded
    /// store in a scaled-out deployment silently splits state between pods.
    /// </summary>
    public static void RefuseEmbeddedInProduction(
        this IHostApplicationBuilder builder, string key, string value, string productionValues)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Environment.IsProduction() && !builder.Configuration.GetBool(AllowEmbeddedStoresKey, false))
        {
            throw new FlowDocsConfigurationException(
                key,
                $"'{value}' is an embedded store and is refused in Production; accepted values: {productionValues} " +
                $"(or set {AllowEmbeddedStoresKey}=true)");
        }
    }

    /// <summary>The folder for embedded data (SQLite files, blobs), <c>FlowDocs:DataPath</c>, default <c>./data</c>.</summary>
    public static string DataPath(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var path = builder.Configuration.GetString(Root + ":DataPath", "data");
        return Path.GetFullPath(path, builder.Environment.ContentRootPath);
    }
}
