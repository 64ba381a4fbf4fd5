using Microsoft.AspNetCore.Diagnostics;

namespace FlowDocs.Server.Hosting;

/// <summary>
/// Turns exceptions into RFC 7807 responses: request errors keep their 4xx status and say, in the caller's words,
/// which field was wrong (logged at Information: no server fault); a dependency that is down is a 503 with
/// <c>Retry-After</c> naming its class (logged as a Warning); anything else is a 500 without internals, logged once
/// as an Error.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>
    /// For <see cref="ExceptionHandlerOptions.SuppressDiagnosticsCallback"/>: once this handler has answered, the
    /// middleware's own "unhandled exception" error is not logged — a request error (400, 413, 499) is no server
    /// fault, and a 500 is logged here already, once.
    /// </summary>
    public static bool SuppressMiddlewareDiagnostics(ExceptionHandlerSuppressDiagnosticsContext context) =>
        context?.ExceptionHandledBy == ExceptionHandledType.ExceptionHandlerService;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        var request = httpContext.Request;
        var problem = new ProblemDetailsContext { HttpContext = httpContext, Exception = exception };
        if (exception is BadHttpRequestException bad)
        {
            var described = RequestProblems.Describe(httpContext, bad);
            logger.LogInformation("Request error {Status} on {Method} {Path}: {Reason}", described.Status, request.Method, request.Path, bad.Message);
            problem.ProblemDetails.Status = described.Status;
            problem.ProblemDetails.Title = "The request is not valid.";
            problem.ProblemDetails.Detail = described.Detail;
            if (described.Field is { } field)
            {
                problem.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [described.Detail] };
            }
        }
        else if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            logger.LogDebug("The client closed the request {Method} {Path}", request.Method, request.Path);
            problem.ProblemDetails.Status = 499;
            problem.ProblemDetails.Title = "The client closed the request.";
        }
        else if (Outages.Dependency(exception) is { } dependency)
        {
            logger.LogWarning("The {Dependency} is unavailable on {Method} {Path}: {Reason}", dependency, request.Method, request.Path, exception.Message);
            problem.ProblemDetails.Status = StatusCodes.Status503ServiceUnavailable;
            problem.ProblemDetails.Title = "Service unavailable";
            problem.ProblemDetails.Detail = $"The {dependency} is not reachable right now; try again in a few seconds.";
            problem.ProblemDetails.Extensions["dependency"] = dependency;
            httpContext.Response.Headers.RetryAfter = Outages.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", request.Method, request.Path);
            problem.ProblemDetails.Status = StatusCodes.Status500InternalServerError;
            problem.ProblemDetails.Title = "An unexpected error occurred.";
            problem.ProblemDetails.Detail = "The error is logged with the trace id below.";
        }

        httpContext.Response.StatusCode = problem.ProblemDetails.Status.Value;
        return await problems.TryWriteAsync(problem);
    }
}
