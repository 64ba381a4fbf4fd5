using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FlowDocs.Common.Paging;
using FlowDocs.Documents;
using FlowDocs.Tasks.TaskModel;
using FlowDocs.Testing;

namespace FlowDocs.Tasks.Tests.Api;

/// <summary>Thin helpers over the documents and tasks API, so that tests read as what they check.</summary>
public static class TasksClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string ToHeaderValue(this TestUser user) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(user ?? throw new ArgumentNullException(nameof(user))));

    /// <summary>Uploads a new document (distinct content every time) and returns its id.</summary>
    public static async Task<Guid> UploadDocumentAsync(this HttpClient client, string fileName = "contract.pdf")
    {
        var response = await client.PostAsync($"/api/documents?fileName={Uri.EscapeDataString(fileName)}", Pdf(), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<VersionAddedResponse>(Json, Ct))!.Document.Id;
    }

    /// <summary>Adds a version to the document and returns its number.</summary>
    public static async Task<int> AddVersionAsync(this HttpClient client, Guid documentId)
    {
        var response = await client.PostAsync($"/api/documents/{documentId}/versions?fileName=contract.pdf", Pdf(), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<VersionAddedResponse>(Json, Ct))!.Version.Number;
    }

    public static Task<HttpResponseMessage> CreateTaskAsync(this HttpClient client, Guid documentId, object request) =>
        client.PostAsJsonAsync($"/api/documents/{documentId}/tasks", request, Json, Ct);

    /// <summary>Creates a task and checks it was created.</summary>
    public static async Task<TaskResponse> NewTaskAsync(this HttpClient client, Guid documentId, object request)
    {
        var response = await client.CreateTaskAsync(documentId, request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<TaskResponse>();
    }

    public static Task<HttpResponseMessage> ActAsync(this HttpClient client, Guid taskId, string action, object? request = null) =>
        request is null
            ? client.PostAsync($"/api/tasks/{taskId}/{action}", null, Ct)
            : client.PostAsJsonAsync($"/api/tasks/{taskId}/{action}", request, Json, Ct);

    /// <summary>Performs an action that must succeed and returns the task as it answered.</summary>
    public static async Task<TaskResponse> ActOkAsync(this HttpClient client, Guid taskId, string action, object? request = null)
    {
        var response = await client.ActAsync(taskId, action, request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.ReadAsync<TaskResponse>();
    }

    public static async Task<TaskResponse> GetTaskAsync(this HttpClient client, Guid taskId)
    {
        var response = await client.GetAsync($"/api/tasks/{taskId}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<TaskResponse>();
    }

    /// <summary>The inbox with the given query (e.g. <c>view=Candidate&amp;sort=Priority</c>).</summary>
    public static async Task<PagedList<TaskResponse>> InboxAsync(this HttpClient client, string query = "")
    {
        var response = await client.GetAsync($"/api/tasks?{query}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<PagedList<TaskResponse>>();
    }

    public static async Task<PagedList<TaskResponse>> DocumentTasksAsync(this HttpClient client, Guid documentId, string query = "")
    {
        var response = await client.GetAsync($"/api/documents/{documentId}/tasks?{query}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<PagedList<TaskResponse>>();
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json, Ct))!;

    /// <summary>Checks the status and that the answer is problem details; returns them.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The fields a 422 names, in order.</summary>
    public static async Task<string[]> InvalidFieldsAsync(this HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        return problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
    }

    public static string Detail(this JsonElement problem) => problem.GetProperty("detail").GetString() ?? string.Empty;

    public static IEnumerable<Guid> Ids(this PagedList<TaskResponse> page) => (page ?? throw new ArgumentNullException(nameof(page))).Items.Select(t => t.Id);

    private static ByteArrayContent Pdf()
    {
        var body = new ByteArrayContent(Encoding.ASCII.GetBytes($"%PDF-1.7 {Guid.NewGuid()}"));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return body;
    }
}
