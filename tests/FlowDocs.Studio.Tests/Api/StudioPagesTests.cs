using System.Net;
using FlowDocs.Testing;

namespace FlowDocs.Studio.Tests.Api;

/// <summary>The Studio's pages through HTTP: who may open which page, before any circuit starts.</summary>
public sealed class StudioPagesTests(StudioHost host) : IClassFixture<StudioHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/studio")]
    [InlineData("/studio/documents")]
    [InlineData("/studio/tasks")]
    [InlineData("/studio/workflows")]
    [InlineData("/studio/imports")]
    [InlineData("/studio/admin/users")]
    [InlineData("/studio/attention")]
    [InlineData("/studio/tasks/00000000-0000-0000-0000-000000000001")]
    public async Task A_stranger_is_sent_to_the_login_page_and_back(string path)
    {
        using var response = await host.Client(null).GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=" + Uri.EscapeDataString(path), response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("/studio/documents")]
    [InlineData($"/studio/documents/00000000-0000-0000-0000-000000000001")]
    [InlineData("/studio/tasks")]
    [InlineData("/studio/workflows")]
    [InlineData("/studio/workflows/document-approval")]
    [InlineData("/studio/workflows/document-approval/design")]
    [InlineData("/studio/workflows/document-approval/versions")]
    [InlineData("/studio/instances")]
    [InlineData("/studio/instances/00000000-0000-0000-0000-000000000001")]
    public async Task A_member_gets_the_studio_shell(string path)
    {
        using var response = await host.Client(TestUser.Member(Guid.NewGuid())).GetAsync(path, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>FlowDocs Studio</title>", html, StringComparison.Ordinal);
        Assert.Matches(@"_framework/blazor\.web(\.\w+)?\.js", html);
        Assert.Contains("<!--Blazor:{\"type\":\"server\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/studio/imports")]
    [InlineData("/studio/imports/00000000-0000-0000-0000-000000000001")]
    [InlineData("/studio/admin/users")]
    [InlineData("/studio/admin/service-clients")]
    public async Task Admin_pages_are_for_admins_only(string path)
    {
        using var member = await host.Client(TestUser.Member(Guid.NewGuid())).GetAsync(path, Ct);
        using var admin = await host.Client(TestUser.Admin(Guid.NewGuid())).GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task The_site_root_opens_the_studio_not_the_api_reference()
    {
        using var root = await host.Client(null).GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/studio", root.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Needs_attention_is_refused_to_members_before_anything_renders()
    {
        using var member = await host.Client(TestUser.Member(Guid.NewGuid())).GetAsync("/studio/attention", Ct);
        using var post = await host.Client(TestUser.Member(Guid.NewGuid())).PostAsync(
            "/studio/attention", new FormUrlEncodedContent([new("_handler", "retry"), new("RetryInstanceId", Guid.NewGuid().ToString())]), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }

    [Fact]
    public async Task A_retry_posted_without_the_antiforgery_token_is_refused()
    {
        using var response = await host.Client(TestUser.Admin(Guid.NewGuid())).PostAsync(
            "/studio/attention", new FormUrlEncodedContent([new("_handler", "retry"), new("RetryInstanceId", Guid.NewGuid().ToString())]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_scripts_and_styles_the_shell_names_are_fingerprinted_and_served()
    {
        using var shell = await host.Client(TestUser.Member(Guid.NewGuid())).GetAsync("/studio/tasks", Ct);
        var html = await shell.Content.ReadAsStringAsync(Ct);
        var assets = System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"([^\"]+\\.(?:js|css))\"").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(5, assets.Count);
        foreach (var name in new[] { "blazor.web", "MudBlazor.min", "studio" })
        {
            Assert.Contains(assets, a => a.Contains(name, StringComparison.Ordinal));
        }

        foreach (var asset in assets)
        {
            // Fingerprinted (the content's hash in the name), which a deployed server sends as immutable: the browser
            // keeps it instead of asking again on every page. The test host runs in Development, where it is "no-cache".
            Assert.Matches(@"\.\w{8,}\.(js|css)$", asset);
            using var response = await host.Client(null).GetAsync("/" + asset, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_studio_pages_stay_out_of_the_api_description()
    {
        using var response = await host.Client(null).GetAsync("/openapi/v1.json", Ct);
        var paths = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("paths");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/studio", StringComparison.Ordinal) || p.Name.StartsWith("/_", StringComparison.Ordinal));
        Assert.Contains(paths.EnumerateObject(), p => p.Name == "/api/documents");
    }
}
