using Microsoft.AspNetCore.Diagnostics;

namespace FlowDocs.Server.Hosting;

/// <summary>
/// Turns exceptions into RFC 7807 responses: request errors keep their 4xx status (a too-large body is 413,
/// unreadable JSON is 400); anything else is a logged 500 without internals.
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
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request is not valid.", bad.Message),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested =>
                (499, "The client closed the request.", null),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred.", "The error is logged with the trace id below."),
        };

        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
