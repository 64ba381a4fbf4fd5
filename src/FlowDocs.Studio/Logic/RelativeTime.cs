using System.Globalization;

namespace FlowDocs.Studio.Logic;

/// <summary>
/// Times as people say them: "just now", "5 minutes ago", "2 hours ago", "yesterday", "3 days ago", "in 2 hours"; past a
/// month, the date ("on 3 Dec 2026"). Pages show the exact UTC time as the element's tooltip.
/// </summary>
public static class RelativeTime
{
    public static string Of(DateTimeOffset at, DateTimeOffset now)
    {
        var span = now - at;
        if (span < TimeSpan.Zero)
        {
            return Ahead(-span, at);
        }

        return span switch
        {
            _ when span < TimeSpan.FromMinutes(1) => "just now",
            _ when span < TimeSpan.FromHours(1) => Count((int)span.TotalMinutes, "minute") + " ago",
            _ when span < TimeSpan.FromDays(1) => Count((int)span.TotalHours, "hour") + " ago",
            _ when span < TimeSpan.FromDays(2) => "yesterday",
            _ when span < TimeSpan.FromDays(31) => Count((int)span.TotalDays, "day") + " ago",
            _ => "on " + Date(at),
        };
    }

    /// <summary>The same for a UTC <see cref="DateTime"/> (the workflow engine's times).</summary>
    public static string Of(DateTime utc, DateTimeOffset now) => Of(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), now);

    /// <summary>The exact time, for a tooltip: "2026-12-07 21:25 UTC".</summary>
    public static string Exact(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Exact(DateTime utc) => Exact(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    private static string Ahead(TimeSpan span, DateTimeOffset at) => span switch
    {
        _ when span < TimeSpan.FromMinutes(1) => "in a moment",
        _ when span < TimeSpan.FromHours(1) => "in " + Count((int)span.TotalMinutes, "minute"),
        _ when span < TimeSpan.FromDays(1) => "in " + Count((int)span.TotalHours, "hour"),
        _ when span < TimeSpan.FromDays(2) => "tomorrow",
        _ when span < TimeSpan.FromDays(31) => "in " + Count((int)span.TotalDays, "day"),
        _ => "on " + Date(at),
    };

    private static string Count(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n.ToString(CultureInfo.InvariantCulture)} {unit}s";

    private static string Date(DateTimeOffset at) => at.ToUniversalTime().ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}
