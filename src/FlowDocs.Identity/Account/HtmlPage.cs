using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowDocs.Identity.Account;

/// <summary>
/// The server-rendered pages of sign-in and sign-out: tiny, no scripts, every value HTML-encoded, every form
/// carrying an antiforgery token. They wear the Studio's look: its stylesheet (the <c>account-</c> rules of
/// <c>studio.css</c>) and its header bar, with a few inline rules so the form stays usable should the stylesheet
/// not load.
/// </summary>
internal static class HtmlPage
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static string Encode(string? value) => Encoder.Encode(value ?? string.Empty);

    /// <summary>The Studio's stylesheet, by its stable (not fingerprinted) address.</summary>
    public const string Stylesheet = "/_content/FlowDocs.Studio/studio.css";

    public static ContentHttpResult Render(string title, string body, int status = StatusCodes.Status200OK) =>
        TypedResults.Content(
            $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Encode(title)}} · FlowDocs</title>
            <style>body{font-family:Roboto,system-ui,sans-serif;margin:0}label,input,button{display:block;width:100%;box-sizing:border-box;margin:.4rem 0}input{padding:.5rem}button{padding:.6rem}.error{color:#c62828}</style>
            <link rel="stylesheet" href="{{Stylesheet}}">
            </head>
            <body class="account-page">
            <header class="account-bar"><a href="/studio">FlowDocs Studio</a></header>
            <main class="account-card">
            <h1>{{Encode(title)}}</h1>
            {{body}}
            </main>
            </body>
            </html>
            """,
            "text/html; charset=utf-8",
            Encoding.UTF8,
            status);

    public static string Form(HttpContext http, IAntiforgery antiforgery, string action, string fields, string submit)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return $"""
            <form method="post" action="{Encode(action)}">
            <input type="hidden" name="{Encode(tokens.FormFieldName)}" value="{Encode(tokens.RequestToken)}">
            {fields}
            <button type="submit">{Encode(submit)}</button>
            </form>
            """;
    }

    public static string Error(string? message) => message is null ? string.Empty : $"<p class=\"error\" role=\"alert\">{Encode(message)}</p>";

    /// <summary>A confirmation: what just succeeded.</summary>
    public static string Success(string? message) => message is null ? string.Empty : $"<p class=\"success\" role=\"status\">{Encode(message)}</p>";

    /// <summary>A hint shown under a field before anything is typed (e.g. the password rules), tied to it by <c>aria-describedby</c>.</summary>
    public static string Hint(string id, string text) => $"<p class=\"hint\" id=\"{Encode(id)}\">{Encode(text)}</p>";

    public static string Hidden(string name, string? value) => $"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(value)}\">";

    /// <summary>Only same-site paths: a crafted link must not turn the login page into an open redirect.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
