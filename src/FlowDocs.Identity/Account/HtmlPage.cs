using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowDocs.Identity.Account;

/// <summary>
/// The server-rendered pages of sign-in and sign-out: tiny, no scripts, every value HTML-encoded, every form
/// carrying an antiforgery token.
/// </summary>
internal static class HtmlPage
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static string Encode(string? value) => Encoder.Encode(value ?? string.Empty);

    public static ContentHttpResult Render(string title, string body, int status = StatusCodes.Status200OK) =>
        TypedResults.Content(
            $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Encode(title)}} · FlowDocs</title>
            <style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem}label,input,button{display:block;width:100%;margin:.4rem 0}input{padding:.5rem}button{padding:.6rem}.error{color:#b00020}</style>
            </head>
            <body>
            <h1>{{Encode(title)}}</h1>
            {{body}}
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

    public static string Hidden(string name, string? value) => $"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(value)}\">";

    /// <summary>Only same-site paths: a crafted link must not turn the login page into an open redirect.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
