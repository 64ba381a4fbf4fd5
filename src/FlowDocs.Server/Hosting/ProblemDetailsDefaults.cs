using System.Diagnostics;

namespace FlowDocs.Server.Hosting;

internal static class ProblemDetailsDefaults
{
    /// <summary>Every problem carries the request path and trace id, so a user's report can be found in the logs.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Instance ??= $"{http.Request.Method} {http.Request.Path}";
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        if (problem.Detail is null && problem.Status == StatusCodes.Status404NotFound)
        {
            problem.Detail = $"Nothing is found at '{http.Request.Path}'.";
        }
        else if (problem.Detail is null && problem.Status == StatusCodes.Status405MethodNotAllowed)
        {
            problem.Detail = $"'{http.Request.Path}' does not accept {http.Request.Method}.";
        }
    }
}
