using System.Text.Json;
using FlowDocs.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FlowDocs.Server.Tests;

public sealed class ProblemExceptionHandlerTests : IAsyncLifetime
{
    private readonly FlowDocsFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task<(int Status, JsonElement Body)> HandleAsync(Exception exception)
    {
        _ = _factory.CreateClient();
        await using var scope = _factory.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = "POST";
        context.Request.Path = "/api/documents";
        context.Response.Body = new MemoryStream();
        var handler = scope.ServiceProvider.GetServices<IExceptionHandler>().Single();

        var handled = await handler.TryHandleAsync(context, exception, TestContext.Current.CancellationToken);

        Assert.True(handled);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Too_large_request_keeps_413_and_says_why()
    {
        var (status, body) = await HandleAsync(new BadHttpRequestException("Request body too large. The max request body size is 10 bytes.", 413));

        Assert.Equal(413, status);
        Assert.Equal(413, body.GetProperty("status").GetInt32());
        Assert.Contains("too large", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("POST /api/documents", body.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task Unexpected_error_is_a_500_without_internals()
    {
        var (status, body) = await HandleAsync(new InvalidOperationException("connection string Password=secret"));

        Assert.Equal(500, status);
        Assert.DoesNotContain("secret", body.ToString(), StringComparison.Ordinal);
        Assert.True(body.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task Framework_binding_jargon_becomes_a_sentence_naming_the_field()
    {
        var (status, body) = await HandleAsync(new BadHttpRequestException("Failed to bind parameter \"Nullable<int> page\" from \"abc\".", 400));

        Assert.Equal(400, status);
        Assert.Equal("'abc' is not a valid page; expected a whole number.", body.GetProperty("detail").GetString());
        Assert.True(body.GetProperty("errors").TryGetProperty("page", out _));
    }

    [Theory]
    [InlineData(typeof(System.DayOfWeek), "accepted values: Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday")]
    [InlineData(typeof(Guid?), "expected an id")]
    [InlineData(typeof(bool), "expected true or false")]
    [InlineData(typeof(int[]), "expected a list (expected a whole number)")]
    public void Expectation_says_what_a_value_looks_like(Type type, string expected) =>
        Assert.StartsWith(expected, Hosting.RequestProblems.Expectation(type), StringComparison.Ordinal);

    [Theory]
    [InlineData(ExceptionHandledType.ExceptionHandlerService, true)]
    [InlineData(ExceptionHandledType.Unhandled, false)]
    public void The_middleware_logs_no_second_error_once_the_handler_answered(ExceptionHandledType handledBy, bool suppressed)
    {
        _ = _factory.CreateClient();
        var options = _factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ExceptionHandlerOptions>>().Value;
        var context = new ExceptionHandlerSuppressDiagnosticsContext
        {
            HttpContext = new DefaultHttpContext(),
            Exception = new BadHttpRequestException("Malformed JSON.", 400),
            ExceptionHandledBy = handledBy,
        };

        Assert.NotNull(options.SuppressDiagnosticsCallback);
        Assert.Equal(suppressed, options.SuppressDiagnosticsCallback(context));
    }
}
