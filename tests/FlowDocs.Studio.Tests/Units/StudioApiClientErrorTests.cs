using System.Net;
using System.Text;
using FlowDocs.Studio.Api;

namespace FlowDocs.Studio.Tests.Units;

/// <summary>What the pages show when the API's answer is not a problem document.</summary>
public sealed class StudioApiClientErrorTests
{
    private sealed class Answer(HttpStatusCode status, string mediaType, string body) : HttpMessageHandler
    {
        public string? Cookie { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Cookie = request.Headers.TryGetValues("Cookie", out var values) ? string.Join(";", values) : null;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) });
        }
    }

    private static async Task<StudioApiException> FailAsync(Answer answer)
    {
        var client = new StudioApiClient(new HttpClient(answer), new Uri("http://127.0.0.1:1/"), new StudioSession { Cookie = "flowdocs=abc" });
        return await Assert.ThrowsAsync<StudioApiException>(() => client.GetImportSourceAsync(Guid.NewGuid(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_page_of_html_becomes_the_status_line_and_the_session_cookie_is_sent()
    {
        var answer = new Answer(HttpStatusCode.BadGateway, "text/html", "<h1>proxy</h1>");

        var error = await FailAsync(answer);

        Assert.Equal((502, "The server answered 502 Bad Gateway."), (error.Status, error.Message));
        Assert.Equal("flowdocs=abc", answer.Cookie);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"detail\": 42}")]
    public async Task Unreadable_problem_documents_fall_back_to_the_status_line(string body)
    {
        var error = await FailAsync(new Answer(HttpStatusCode.Conflict, "application/problem+json", body));

        Assert.Equal("The server answered 409 Conflict.", error.Message);
    }

    [Fact]
    public async Task The_title_stands_in_when_there_is_no_detail()
    {
        var error = await FailAsync(new Answer(HttpStatusCode.Conflict, "application/problem+json", "{\"title\":\"A run is already queued.\"}"));

        Assert.Equal("A run is already queued.", error.Message);
    }

    [Fact]
    public async Task An_empty_success_is_an_error_too()
    {
        var client = new StudioApiClient(new HttpClient(new Answer(HttpStatusCode.OK, "application/json", "null")), new Uri("http://127.0.0.1:1/"), new StudioSession());

        var error = await Assert.ThrowsAsync<StudioApiException>(() => client.GetImportSourceAsync(Guid.NewGuid(), TestContext.Current.CancellationToken));

        Assert.Equal("The API answered with an empty body.", error.Message);
    }
}
