namespace FlowDocs.Studio.Api;

/// <summary>
/// The signed-in user's session cookie for this circuit. Captured from the request that opened the Studio: a circuit
/// has no HTTP request of its own, and the API authenticates by that cookie (tokens never reach the browser).
/// </summary>
public sealed class StudioSession
{
    /// <summary>The identity module's UI cookie (<c>IdentityModule.CookieScheme</c>; the Studio does not depend on that module).</summary>
    public const string CookieName = "flowdocs";

    /// <summary>The <c>Cookie</c> header to send to the API (only FlowDocs' authentication cookies).</summary>
    public string? Cookie { get; set; }

    /// <summary>Keeps only the authentication cookie (and its chunks); other cookies are none of the API's business.</summary>
    public static string? AuthenticationCookies(IEnumerable<KeyValuePair<string, string>> cookies, string cookieName)
    {
        ArgumentNullException.ThrowIfNull(cookies);
        var kept = cookies
            .Where(c => c.Key == cookieName || (c.Key.StartsWith(cookieName + "C", StringComparison.Ordinal) && int.TryParse(c.Key.AsSpan(cookieName.Length + 1), out _)))
            .Select(c => $"{c.Key}={c.Value}")
            .ToList();
        return kept.Count == 0 ? null : string.Join("; ", kept);
    }
}
