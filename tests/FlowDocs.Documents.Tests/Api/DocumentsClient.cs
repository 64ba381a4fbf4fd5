using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FlowDocs.Testing;

namespace FlowDocs.Documents.Tests.Api;

/// <summary>Thin helpers over the documents API, so that tests read as what they check.</summary>
internal static class DocumentsClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] content, string fileName = "report.pdf", string? query = null, string contentType = "application/pdf") =>
        client.PostAsync($"/api/documents?fileName={Uri.EscapeDataString(fileName)}{(query is null ? "" : "&" + query)}", Body(content, contentType), Ct);

    public static async Task<VersionAddedResponse> CreateAsync(this HttpClient client, byte[] content, string fileName = "report.pdf", string? query = null)
    {
        var response = await client.UploadAsync(content, fileName, query);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<VersionAddedResponse>(Json, Ct))!;
    }

    public static Task<HttpResponseMessage> AddVersionAsync(this HttpClient client, Guid documentId, byte[] content, string fileName = "report.pdf", string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/documents/{documentId}/versions?fileName={Uri.EscapeDataString(fileName)}")
        {
            Content = Body(content, "application/pdf"),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request, Ct);
    }

    public static async Task<VersionAddedResponse> AddVersionOkAsync(this HttpClient client, Guid documentId, byte[] content, string fileName = "report.pdf")
    {
        var response = await client.AddVersionAsync(documentId, content, fileName);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<VersionAddedResponse>(Json, Ct))!;
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json, Ct))!;

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    public static async Task<byte[]> DownloadAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    public static ByteArrayContent Body(byte[] content, string contentType)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return body;
    }

    public static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    public static TestUser NewMember() => TestUser.Member(Guid.NewGuid());
}
