using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FlowDocs.Studio.Logic;

namespace FlowDocs.Studio.Api;

/// <summary>
/// Calls FlowDocs' HTTP API with the signed-in user's cookie. Chosen over calling the modules' handlers directly: most
/// use cases live in endpoint handlers that read the caller from the HTTP request, which a Blazor circuit does not
/// have; going through the API keeps one enforcement point for tenant, roles and validation.
/// </summary>
public sealed class StudioApiClient(HttpClient http, Uri baseAddress, StudioSession session) : IStudioApi
{
    public const string HttpClientName = "flowdocs-studio-api";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public Task<ApiPage<DocumentItem>> ListDocumentsAsync(DocumentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return GetAsync<ApiPage<DocumentItem>>(query.ToPath(), cancellationToken);
    }

    public Task<DocumentItem> GetDocumentAsync(Guid documentId, CancellationToken cancellationToken) =>
        GetAsync<DocumentItem>($"api/documents/{documentId}", cancellationToken);

    /// <summary>Every version, newest first: the list is paged like every other, so this reads page after page.</summary>
    public async Task<IReadOnlyList<DocumentVersionItem>> ListVersionsAsync(Guid documentId, CancellationToken cancellationToken)
    {
        var versions = new List<DocumentVersionItem>();
        for (var page = 1; ; page++)
        {
            var list = await GetAsync<ApiPage<DocumentVersionItem>>(
                $"api/documents/{documentId}/versions?page={page.ToString(CultureInfo.InvariantCulture)}&pageSize=200", cancellationToken);
            versions.AddRange(list.Items);
            if (!list.HasMore)
            {
                return versions;
            }
        }
    }

    public Task<ApiPage<TaskItem>> ListDocumentTasksAsync(Guid documentId, CancellationToken cancellationToken) =>
        GetAsync<ApiPage<TaskItem>>($"api/documents/{documentId}/tasks?pageSize=200", cancellationToken);

    public Task<ApiPage<HistoryItem>> ListDocumentHistoryAsync(Guid documentId, CancellationToken cancellationToken) =>
        GetAsync<ApiPage<HistoryItem>>($"api/documents/{documentId}/history?pageSize=100", cancellationToken);

    public async Task<UploadedVersion> RevertVersionAsync(Guid documentId, int number, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"api/documents/{documentId}/versions/{number.ToString(CultureInfo.InvariantCulture)}/revert");
        return await SendAsync<UploadedVersion>(request, cancellationToken);
    }

    public async Task<UploadedVersion> UploadDocumentAsync(string fileName, string? contentType, long size, Stream content, CancellationToken cancellationToken)
    {
        using var body = new StreamContent(content, 81920);
        body.Headers.ContentType = MediaTypeHeaderValue.TryParse(contentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
        body.Headers.ContentLength = size;
        using var request = Request(HttpMethod.Post, QueryString.Build("api/documents", ("fileName", fileName)));
        request.Content = body;
        return await SendAsync<UploadedVersion>(request, cancellationToken);
    }

    public async Task<UploadSessionItem> CreateUploadSessionAsync(string fileName, string? contentType, long size, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, "api/uploads");
        request.Content = JsonContent.Create(new { fileName, size, contentType = string.IsNullOrWhiteSpace(contentType) ? null : contentType }, options: Json);
        return await SendAsync<UploadSessionItem>(request, cancellationToken);
    }

    public async Task<UploadSessionItem> PutUploadChunkAsync(Guid sessionId, long offset, int length, long size, Stream chunk, CancellationToken cancellationToken)
    {
        using var body = new StreamContent(chunk, 81920);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Headers.ContentLength = length;
        body.Headers.ContentRange = new ContentRangeHeaderValue(offset, offset + length - 1, size);
        using var request = Request(HttpMethod.Put, $"api/uploads/{sessionId}");
        request.Content = body;
        return await SendAsync<UploadSessionItem>(request, cancellationToken);
    }

    public Task<UploadSessionItem> GetUploadSessionAsync(Guid sessionId, CancellationToken cancellationToken) =>
        GetAsync<UploadSessionItem>($"api/uploads/{sessionId}", cancellationToken);

    public async Task<UploadedVersion> CompleteUploadSessionAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"api/uploads/{sessionId}/complete");
        return await SendAsync<UploadedVersion>(request, cancellationToken);
    }

    public Task<ApiPage<TaskItem>> ListInboxAsync(InboxQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return GetAsync<ApiPage<TaskItem>>(query.ToPath(), cancellationToken);
    }

    public async Task<TaskItem> ClaimTaskAsync(Guid taskId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"api/tasks/{taskId}/claim");
        return await SendAsync<TaskItem>(request, cancellationToken);
    }

    public async Task<TaskItem> CompleteTaskAsync(Guid taskId, string outcome, string? comment, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"api/tasks/{taskId}/complete");
        request.Content = JsonContent.Create(new { outcome, comment }, options: Json);
        return await SendAsync<TaskItem>(request, cancellationToken);
    }

    public Task<TaskItem> GetTaskAsync(Guid taskId, CancellationToken cancellationToken) =>
        GetAsync<TaskItem>($"api/tasks/{taskId}", cancellationToken);

    public Task<IReadOnlyList<TaskCommentItem>> ListTaskCommentsAsync(Guid taskId, CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<TaskCommentItem>>($"api/tasks/{taskId}/comments", cancellationToken);

    public async Task<TaskCommentItem> AddTaskCommentAsync(Guid taskId, string text, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"api/tasks/{taskId}/comments");
        request.Content = JsonContent.Create(new { text }, options: Json);
        return await SendAsync<TaskCommentItem>(request, cancellationToken);
    }

    public Task<ApiPage<DecisionItem>> ListDecisionsAsync(Guid documentId, int? versionNumber, CancellationToken cancellationToken) =>
        GetAsync<ApiPage<DecisionItem>>(
            versionNumber is { } number
                ? $"api/documents/{documentId}/versions/{number.ToString(CultureInfo.InvariantCulture)}/decisions?pageSize=100"
                : $"api/documents/{documentId}/decisions?pageSize=100",
            cancellationToken);

    public Task<ApiPage<AttentionItem>> ListAttentionAsync(int page, CancellationToken cancellationToken) =>
        GetAsync<ApiPage<AttentionItem>>($"api/workflows/attention?page={page.ToString(CultureInfo.InvariantCulture)}&pageSize=50", cancellationToken);

    public Task<ApiPage<DefinitionSummary>> ListDefinitionsAsync(string? search, int page, CancellationToken cancellationToken) =>
        GetAsync<ApiPage<DefinitionSummary>>(
            QueryString.Build("api/workflows/definitions", ("search", search), ("page", page.ToString(CultureInfo.InvariantCulture)), ("pageSize", "50")),
            cancellationToken);

    public async Task<DefinitionDetail?> GetDefinitionAsync(string definitionId, string version, CancellationToken cancellationToken)
    {
        try
        {
            return await GetAsync<DefinitionDetail>(
                QueryString.Build($"api/workflows/definitions/{Uri.EscapeDataString(definitionId)}", ("version", version)), cancellationToken);
        }
        catch (StudioApiException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<DefinitionSummary>> ListDefinitionVersionsAsync(string definitionId, CancellationToken cancellationToken) =>
        (await GetAsync<ApiPage<DefinitionSummary>>($"api/workflows/definitions/{Uri.EscapeDataString(definitionId)}/versions", cancellationToken)).Items;

    public Task<ActivityCatalogueItem> GetActivityCatalogueAsync(CancellationToken cancellationToken) =>
        GetAsync<ActivityCatalogueItem>("api/workflows/activities", cancellationToken);

    public async Task<DefinitionDetail> CreateDefinitionAsync(JsonObject definition, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, "api/workflows/definitions");
        request.Content = JsonContent.Create(definition, options: Json);
        return await SendAsync<DefinitionDetail>(request, cancellationToken);
    }

    public async Task<ImportedDefinition> ImportDefinitionAsync(JsonObject definition, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, "api/workflows/definitions/import");
        request.Content = JsonContent.Create(definition, options: Json);
        return await SendAsync<ImportedDefinition>(request, cancellationToken);
    }

    public async Task<DefinitionDetail> SaveDraftAsync(string definitionId, JsonObject definition, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Put, $"api/workflows/definitions/{Uri.EscapeDataString(definitionId)}");
        request.Content = JsonContent.Create(definition, options: Json);
        return await SendAsync<DefinitionDetail>(request, cancellationToken);
    }

    public async Task<ValidationResult> ValidateDefinitionAsync(JsonObject definition, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, "api/workflows/definitions/validate");
        request.Content = JsonContent.Create(definition, options: Json);
        return await SendAsync<ValidationResult>(request, cancellationToken);
    }

    public async Task<DefinitionSummary> PublishDefinitionAsync(string definitionId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"api/workflows/definitions/{Uri.EscapeDataString(definitionId)}/publish");
        return await SendAsync<DefinitionSummary>(request, cancellationToken);
    }

    public async Task<DefinitionSummary> RetractDefinitionAsync(string definitionId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"api/workflows/definitions/{Uri.EscapeDataString(definitionId)}/retract");
        return await SendAsync<DefinitionSummary>(request, cancellationToken);
    }

    public async Task DeleteDraftAsync(string definitionId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Delete, $"api/workflows/definitions/{Uri.EscapeDataString(definitionId)}/draft");
        await SendAsync(request, cancellationToken);
    }

    public Task<ApiPage<InstanceSummaryItem>> ListInstancesAsync(string? definitionId, string? status, int page, CancellationToken cancellationToken) =>
        GetAsync<ApiPage<InstanceSummaryItem>>(
            QueryString.Build("api/workflows/instances", ("definitionId", definitionId), ("status", status), ("page", page.ToString(CultureInfo.InvariantCulture)), ("pageSize", "50")),
            cancellationToken);

    public Task<InstanceDetailItem> GetInstanceAsync(Guid instanceId, CancellationToken cancellationToken) =>
        GetAsync<InstanceDetailItem>($"api/workflows/instances/{instanceId}", cancellationToken);

    public async Task<InstanceSummaryItem> StartInstanceAsync(string definitionId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, "api/workflows/instances");
        request.Content = JsonContent.Create(new { definitionId }, options: Json);
        return await SendAsync<InstanceSummaryItem>(request, cancellationToken);
    }

    public async Task CancelInstanceAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"api/workflows/instances/{instanceId}/cancel");
        await SendAsync(request, cancellationToken);
    }

    public async Task RetryInstanceAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"api/workflows/instances/{instanceId}/retry");
        await SendAsync(request, cancellationToken);
    }

    public Task<ApiPage<ImportSourceItem>> ListImportSourcesAsync(int page, CancellationToken cancellationToken) =>
        GetAsync<ApiPage<ImportSourceItem>>($"api/imports/sources?page={page.ToString(CultureInfo.InvariantCulture)}&pageSize=50", cancellationToken);

    public Task<ImportSourceItem> GetImportSourceAsync(Guid sourceId, CancellationToken cancellationToken) =>
        GetAsync<ImportSourceItem>($"api/imports/sources/{sourceId}", cancellationToken);

    public async Task<ImportRunItem> StartImportRunAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"api/imports/sources/{sourceId}/runs");
        return await SendAsync<ImportRunItem>(request, cancellationToken);
    }

    public Task<ApiPage<ImportRunItem>> ListImportRunsAsync(Guid sourceId, CancellationToken cancellationToken) =>
        GetAsync<ApiPage<ImportRunItem>>($"api/imports/sources/{sourceId}/runs?pageSize=50", cancellationToken);

    public Task<ApiPage<UserItem>> ListUsersAsync(string? search, int page, CancellationToken cancellationToken) =>
        GetAsync<ApiPage<UserItem>>(
            QueryString.Build("api/admin/users", ("search", search), ("page", page.ToString(CultureInfo.InvariantCulture)), ("pageSize", "100")), cancellationToken);

    public async Task<IReadOnlyList<PersonItem>> GetPeopleAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var page = await GetAsync<PeopleItem>(QueryString.Build("api/people", [.. ids.Select(id => ("id", (string?)id))]), cancellationToken);
        return page.Items;
    }

    public async Task<InvitedUserItem> CreateUserAsync(string email, string displayName, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, "api/admin/users");
        request.Content = JsonContent.Create(new { email, displayName, roles }, options: Json);
        return await SendAsync<InvitedUserItem>(request, cancellationToken);
    }

    public async Task<Uri> InviteUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"api/admin/users/{userId}/invitation");
        return await SendAsync<Uri>(request, cancellationToken);
    }

    public async Task<UserItem> SetUserRolesAsync(Guid userId, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Put, $"api/admin/users/{userId}/roles");
        request.Content = JsonContent.Create(new { roles }, options: Json);
        return await SendAsync<UserItem>(request, cancellationToken);
    }

    public async Task<UserItem> SetUserEnabledAsync(Guid userId, bool enabled, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"api/admin/users/{userId}/{(enabled ? "enable" : "disable")}");
        return await SendAsync<UserItem>(request, cancellationToken);
    }

    public async Task<IReadOnlyList<RoleItem>> ListRolesAsync(CancellationToken cancellationToken) =>
        (await GetAsync<ApiPage<RoleItem>>("api/admin/roles", cancellationToken)).Items;

    public async Task<RoleItem> CreateRoleAsync(string name, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, "api/admin/roles");
        request.Content = JsonContent.Create(new { name }, options: Json);
        return await SendAsync<RoleItem>(request, cancellationToken);
    }

    public Task<IReadOnlyList<ServiceClientItem>> ListServiceClientsAsync(CancellationToken cancellationToken) =>
        GetAsync<IReadOnlyList<ServiceClientItem>>("api/admin/service-clients", cancellationToken);

    public async Task<ServiceClientSecretItem> CreateServiceClientAsync(string displayName, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, "api/admin/service-clients");
        request.Content = JsonContent.Create(new { displayName, roles }, options: Json);
        return await SendAsync<ServiceClientSecretItem>(request, cancellationToken);
    }

    public async Task<ServiceClientSecretItem> RotateServiceClientSecretAsync(Guid clientId, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"api/admin/service-clients/{clientId}/secret");
        return await SendAsync<ServiceClientSecretItem>(request, cancellationToken);
    }

    public async Task<ServiceClientItem> SetServiceClientEnabledAsync(Guid clientId, bool enabled, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"api/admin/service-clients/{clientId}/{(enabled ? "enable" : "disable")}");
        return await SendAsync<ServiceClientItem>(request, cancellationToken);
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path);
        return await SendAsync<T>(request, cancellationToken);
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(baseAddress, path));
        if (session.Cookie is { } cookie)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return request;
    }

    private async Task SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, cancellationToken);
        }
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, cancellationToken);
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new StudioApiException((int)response.StatusCode, "The API answered with an empty body.");
    }

    /// <summary>
    /// The problem details' detail (or title) the API wrote for people, the status code when there is none; and the
    /// definition's problems when the API listed them (publish answers 422 with every one).
    /// </summary>
    private static async Task<StudioApiException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var fallback = $"The server answered {status} {response.ReasonPhrase}.";
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
        {
            return new StudioApiException(status, fallback);
        }

        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
            if (problem.ValueKind != JsonValueKind.Object)
            {
                return new StudioApiException(status, fallback);
            }

            var message = (problem.TryGetProperty("detail", out var text) || problem.TryGetProperty("title", out text)) && text.ValueKind == JsonValueKind.String
                ? text.GetString()!
                : fallback;
            var problems = problem.TryGetProperty("problems", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.Deserialize<List<ValidationProblemItem>>(Json)
                : null;
            return new StudioApiException(status, message, problems);
        }
        catch (JsonException)
        {
            return new StudioApiException(status, fallback);
        }
    }
}
