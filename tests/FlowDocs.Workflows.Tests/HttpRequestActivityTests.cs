using System.Net;
using System.Text.Json.Nodes;
using FlowDocs.Data.Workflows;
using FlowDocs.Workflows.Activities.Http;
using FlowDocs.Workflows.Definitions;
using FlowDocs.Workflows.Model;
using FlowDocs.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FlowDocs.Workflows.Tests;

/// <summary>
/// <c>Elsa.FlowSendHttpRequest</c> and <c>Elsa.SendHttpRequest</c> against a WireMock server. WireMock listens on
/// loopback, so the tenant that calls it successfully has loopback explicitly allowed — and only 127.0.0.2, so that
/// 127.0.0.1 (the same server) stays refused and proves the address check; without the allowance every call is refused.
/// </summary>
public sealed class HttpRequestActivityTests : IAsyncLifetime
{
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly WorkflowHarness _harness = new();

    /// <summary>The allowed way to WireMock: 127.0.0.2 is loopback too, allowed for this tenant by network and host.</summary>
    private string AllowedBase => $"http://127.0.0.2:{_server.Port}";

    /// <summary>The same server as 127.0.0.1: on the host list, but its address is not in the tenant's allowed networks.</summary>
    private string LoopbackBase => $"http://127.0.0.1:{_server.Port}";

    private HttpActivityOptions Options => _harness.Services.GetRequiredService<IOptions<HttpActivityOptions>>().Value;

    public ValueTask InitializeAsync()
    {
        Allow(_harness.TenantId, ["127.0.0.2", "127.0.0.1", "localhost", "169.254.169.254", "10.20.30.40", "[::ffff:127.0.0.1]"], ["127.0.0.2"]);
        _server.Given(Request.Create().WithPath("/orders/42").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"id":42,"status":"shipped","lines":[1,2]}"""));
        _server.Given(Request.Create().WithPath("/orders/404").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "text/plain; charset=utf-8").WithBody("no such order"));
        _server.Given(Request.Create().WithPath("/broken").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(500).WithBody("boom"));
        _server.Given(Request.Create().WithPath("/slow").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("late").WithDelay(TimeSpan.FromSeconds(5)));
        _server.Given(Request.Create().WithPath("/big").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(new string('x', 5000)));
        _server.Given(Request.Create().WithPath("/orders").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"id":7}"""));
        Redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/");
        Redirect("/to-private", "http://10.20.30.40/admin");
        Redirect("/to-loopback", $"{LoopbackBase}/orders/42");
        Redirect("/to-other-host", "http://evil.example.test/steal");
        Redirect("/to-allowed", $"{AllowedBase}/orders/42");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _server.Stop();
        _server.Dispose();
        await _harness.DisposeAsync();
    }

    private void Redirect(string path, string location) =>
        _server.Given(Request.Create().WithPath(path).UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", location));

    private void Allow(Guid tenant, string[] hosts, string[] networks) =>
        Options.Tenants[tenant] = new TenantHttpPolicy(hosts, [.. networks.Select(n => NetworkAddresses.TryParseNetwork(n, out var net) ? net : throw new ArgumentException(n))]);

    private static FlowBuilder Flow(string url, string codes = "[200, 404]") => new FlowBuilder("Order lookup")
        .Variable("Order", "Object", null)
        .Raw(HttpNode("call", FlowSendHttpRequestActivity.TypeName, url, codes))
        .WriteLine("ok", "found")
        .WriteLine("missing", "not found")
        .WriteLine("other", "other answer")
        .WriteLine("down", "no connection")
        .WriteLine("late", "too late")
        .Connect("call", "ok", "200")
        .Connect("call", "missing", "404")
        .Connect("call", "other", FlowSendHttpRequestActivity.UnmatchedStatusCode)
        .Connect("call", "down", FlowSendHttpRequestActivity.FailedToConnect)
        .Connect("call", "late", FlowSendHttpRequestActivity.Timeout);

    private static JsonObject HttpNode(string id, string type, string url, string? codes = null, string method = "GET")
    {
        var node = new JsonObject
        {
            ["id"] = id,
            ["type"] = type,
            ["url"] = new JsonObject { ["typeName"] = "Uri", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = url } },
            ["method"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = method } },
            ["parsedContent"] = new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "Order" } },
        };
        if (codes is not null)
        {
            node["expectedStatusCodes"] = new JsonObject { ["typeName"] = "Int32[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = codes } };
        }

        return node;
    }

    private async Task<(WorkflowInstance Instance, InstanceState State, IReadOnlyList<string> Lines)> RunAsync(FlowBuilder flow)
    {
        var version = await _harness.PublishAsync(flow.Json);
        var id = await _harness.StartAsync(version);
        await _harness.RunBurstsAsync();
        return (await _harness.InstanceAsync(id), await _harness.StateAsync(id), await _harness.LinesAsync(id));
    }

    private async Task<string> IncidentAsync(FlowBuilder flow)
    {
        var (instance, state, _) = await RunAsync(flow);
        Assert.Equal(WorkflowSubStatus.Faulted, instance.SubStatus);
        var incident = Assert.Single(state.Incidents);
        Assert.Equal("call", incident.ActivityId);
        return incident.Message;
    }

    [Fact]
    public async Task Expected_status_code_leaves_by_its_port_with_the_JSON_answer_in_the_variable()
    {
        var (instance, state, lines) = await RunAsync(Flow($"{AllowedBase}/orders/42"));

        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal(["found"], lines);
        var order = Assert.IsType<JsonObject>(state.Variables["Order"]);
        Assert.Equal("shipped", order["status"]!.GetValue<string>());
        Assert.Equal(2, order["lines"]!.AsArray().Count);
        var call = Assert.Single(await _harness.JournalAsync(instance.Id), j => j.ActivityId == "call");
        Assert.Equal(("200", $"GET {AllowedBase}/orders/42 answered 200."), (call.Outcome, call.Message));
    }

    [Fact]
    public async Task Another_expected_code_takes_its_port_and_text_answers_stay_text()
    {
        var (_, state, lines) = await RunAsync(Flow($"{AllowedBase}/orders/404"));

        Assert.Equal(["not found"], lines);
        Assert.Equal("no such order", state.Variables["Order"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unexpected_code_leaves_by_Unmatched_status_code()
    {
        var (_, _, lines) = await RunAsync(Flow($"{AllowedBase}/broken"));

        Assert.Equal(["other answer"], lines);
    }

    [Fact]
    public async Task An_unexpected_code_without_a_path_for_it_is_an_incident()
    {
        var flow = new FlowBuilder("Unhandled").Variable("Order", "Object", null)
            .Raw(HttpNode("call", FlowSendHttpRequestActivity.TypeName, $"{AllowedBase}/broken")).WriteLine("ok", "found").Connect("call", "ok", "200");

        var message = await IncidentAsync(flow);

        Assert.Contains("answered 500", message, StringComparison.Ordinal);
        Assert.Contains("expected 200", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_answer_leaves_by_Timeout()
    {
        Options.Timeout = TimeSpan.FromSeconds(1);
        var started = DateTime.UtcNow;

        var (instance, _, lines) = await RunAsync(Flow($"{AllowedBase}/slow"));

        Assert.Equal(["too late"], lines);
        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(4.5), "The timeout did not cut the request short.");
    }

    [Fact]
    public async Task A_timeout_of_the_plain_activity_is_an_incident_a_person_can_read()
    {
        Options.Timeout = TimeSpan.FromSeconds(1);
        var flow = new FlowBuilder("Plain").Variable("Order", "Object", null).Raw(HttpNode("call", SendHttpRequestActivity.TypeName, $"{AllowedBase}/slow"));

        var message = await IncidentAsync(flow);

        Assert.Equal($"'127.0.0.2' did not answer within 1 second (GET {AllowedBase}/slow).", message);
    }

    [Fact]
    public async Task A_connection_refused_leaves_by_Failed_to_connect()
    {
        var closedPort = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closedPort.Start();
        var port = ((IPEndPoint)closedPort.LocalEndpoint).Port;
        closedPort.Stop();

        var (_, _, lines) = await RunAsync(Flow($"http://127.0.0.2:{port}/orders/42"));

        Assert.Equal(["no connection"], lines);
    }

    [Fact]
    public async Task An_answer_over_the_size_limit_is_refused_with_an_incident()
    {
        Options.MaxResponseBytes = 2048;

        var message = await IncidentAsync(Flow($"{AllowedBase}/big"));

        Assert.Equal($"The answer from '127.0.0.2' is larger than the limit of 2 KB; it was not read ({AllowedBase}/big).", message);
    }

    [Fact]
    public async Task Post_sends_the_content_as_JSON_with_headers_and_authorization()
    {
        var node = HttpNode("call", FlowSendHttpRequestActivity.TypeName, $"{AllowedBase}/orders", "[201]", "POST");
        node["content"] = new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "return { customer: 'Contoso', total: 12.5 };" } };
        node["authorization"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "Bearer abc" } };
        node["requestHeaders"] = new JsonObject { ["typeName"] = "HttpRequestHeaders", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = """{"X-Api-Key":["k1"]}""" } };
        var flow = new FlowBuilder("Create order").Variable("Order", "Object", null).Raw(node).WriteLine("ok", "created").Connect("call", "ok", "201");

        var (_, state, lines) = await RunAsync(flow);

        Assert.Equal(["created"], lines);
        Assert.Equal(7, state.Variables["Order"]!["id"]!.GetValue<int>());
        var request = Assert.Single(_server.LogEntries, e => e.RequestMessage.Path == "/orders").RequestMessage;
        Assert.Equal("POST", request.Method);
        Assert.Equal("Bearer abc", request.Headers!["Authorization"].Single());
        Assert.Equal("k1", request.Headers["X-Api-Key"].Single());
        Assert.StartsWith("application/json", request.Headers["Content-Type"].Single(), StringComparison.Ordinal);
        Assert.Equal("Contoso", JsonNode.Parse(request.Body!)!["customer"]!.GetValue<string>());
        // This tenant may reach an internal network: its connections are not pooled for other tenants to reuse.
        Assert.Equal("close", request.Headers["Connection"].Single(), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_redirect_to_an_allowed_host_and_address_is_followed()
    {
        var (_, state, lines) = await RunAsync(Flow($"{AllowedBase}/to-allowed"));

        Assert.Equal(["found"], lines);
        Assert.Equal(42, state.Variables["Order"]!["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_tenant_without_allowed_hosts_may_call_nothing()
    {
        Options.Tenants.Remove(_harness.TenantId);

        var message = await IncidentAsync(Flow($"{AllowedBase}/orders/42"));

        Assert.Equal($"Calling '127.0.0.2' is not allowed: it is not on this tenant's list of allowed hosts. An administrator can add it (setting {HttpActivityOptions.AllowedHostsKey}).", message);
        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public async Task A_host_not_on_the_list_is_refused()
    {
        var message = await IncidentAsync(Flow("https://api.example.test/orders"));

        Assert.StartsWith("Calling 'api.example.test' is not allowed", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/orders/42", "127.0.0.1, a loopback address (this server itself)")]
    [InlineData("http://localhost:{port}/orders/42", "a loopback address (this server itself)")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/orders/42", "a loopback address (this server itself)")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address (such as a cloud metadata service)")]
    [InlineData("http://10.20.30.40/admin", "10.20.30.40, a private network address")]
    public async Task Internal_addresses_on_the_host_list_are_still_refused_without_an_allowed_network(string url, string expected)
    {
        var message = await IncidentAsync(Flow(url.Replace("{port}", _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));

        Assert.StartsWith("The request to '", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.EndsWith("Workflows may only call internal networks an administrator has allowed for this tenant.", message, StringComparison.Ordinal);
        Assert.Empty(_server.LogEntries);
    }

    [Theory]
    [InlineData("/to-metadata", "169.254.169.254, a link-local address")]
    [InlineData("/to-private", "10.20.30.40, a private network address")]
    [InlineData("/to-loopback", "127.0.0.1, a loopback address")]
    [InlineData("/to-other-host", "'127.0.0.2' redirected the request to 'evil.example.test', which is not on this tenant's list of allowed hosts; the redirect was not followed.")]
    public async Task Redirects_to_internal_addresses_or_other_hosts_are_refused(string path, string expected)
    {
        var message = await IncidentAsync(Flow(AllowedBase + path));

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Equal([path], _server.LogEntries.Select(e => e.RequestMessage.Path));
    }

    [Fact]
    public async Task A_start_request_is_not_held_by_the_call_the_job_makes_it()
    {
        var version = await _harness.PublishAsync(Flow($"{AllowedBase}/orders/42").Json);

        var id = await _harness.StartAsync(version);

        Assert.Equal(WorkflowSubStatus.Pending, (await _harness.InstanceAsync(id)).SubStatus);
        Assert.Empty(_server.LogEntries);
        await _harness.RunBurstsAsync();
        Assert.Equal(["found"], await _harness.LinesAsync(id));
    }

    [Theory]
    [InlineData("/orders/42", "Order 42 is shipped", WorkflowSubStatus.Finished)]
    [InlineData("/orders/404", "Order not found", WorkflowSubStatus.Finished)]
    [InlineData("/broken", null, WorkflowSubStatus.Faulted)]
    public async Task Elsa_export_using_the_flow_request_imports_validates_and_runs(string path, string? line, WorkflowSubStatus expected)
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ElsaSamples", "http-request-flow.json"))
            .Replace("https://orders.example.test/orders/42", AllowedBase + path, StringComparison.Ordinal);
        await using (var scope = _harness.Scope())
        {
            Assert.Empty(scope.ServiceProvider.GetRequiredService<WorkflowValidator>().Validate(WorkflowModel.Parse(json)));
        }

        var version = await _harness.PublishAsync(json);
        var id = await _harness.StartAsync(version);
        await _harness.RunBurstsAsync();

        Assert.Equal(expected, (await _harness.InstanceAsync(id)).SubStatus);
        Assert.Equal(line is null ? [] : [line], await _harness.LinesAsync(id));
        if (expected == WorkflowSubStatus.Faulted)
        {
            Assert.Equal("The order service could not be used", Assert.Single((await _harness.StateAsync(id)).Incidents).Message);
        }
    }

    [Fact]
    public async Task Validation_knows_the_ports_of_the_expected_codes()
    {
        var flow = new FlowBuilder("Ports").Variable("Order", "Object", null)
            .Raw(HttpNode("call", FlowSendHttpRequestActivity.TypeName, $"{AllowedBase}/orders/42", "[200]"))
            .WriteLine("ok", "x").Connect("call", "ok", "201");
        await using var scope = _harness.Scope();
        var definitions = scope.ServiceProvider.GetRequiredService<DefinitionService>();
        var imported = await definitions.ImportAsync(WorkflowModel.Parse(flow.Json), CancellationToken.None);

        var error = await Assert.ThrowsAsync<DefinitionException>(() => definitions.PublishAsync(imported.DefinitionId, CancellationToken.None));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(("call", "connection-port-unknown"), (problem.ActivityId, problem.Code));
        Assert.Contains("200, Unmatched status code, Failed to connect, Timeout, Done", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://files.example.test/x", "url")]
    [InlineData("https://api.example.test/x", "method")]
    [InlineData("https://api.example.test/x", "codes")]
    public async Task Validation_reports_bad_literals(string url, string bad)
    {
        var node = HttpNode("call", FlowSendHttpRequestActivity.TypeName, url, bad == "codes" ? "[200, \"abc\"]" : "[200]", bad == "method" ? "FETCH" : "GET");
        await using var scope = _harness.Scope();
        var problems = scope.ServiceProvider.GetRequiredService<WorkflowValidator>().Validate(WorkflowModel.Parse(new FlowBuilder("Bad").Raw(node).Json));

        var problem = Assert.Single(problems);
        Assert.Equal(("call", "activity-invalid"), (problem.ActivityId, problem.Code));
    }

    [Fact]
    public async Task Send_http_request_with_embedded_status_activities_is_reported_as_unsupported()
    {
        var node = HttpNode("call", SendHttpRequestActivity.TypeName, "https://api.example.test/x");
        node["expectedStatusCodes"] = new JsonArray(new JsonObject { ["statusCode"] = 200, ["activity"] = new JsonObject { ["type"] = "Elsa.WriteLine", ["id"] = "inner" } });
        await using var scope = _harness.Scope();
        var problems = scope.ServiceProvider.GetRequiredService<WorkflowValidator>().Validate(WorkflowModel.Parse(new FlowBuilder("Embedded").Raw(node).Json));

        Assert.Contains("not supported", Assert.Single(problems).Message, StringComparison.Ordinal);
    }
}
