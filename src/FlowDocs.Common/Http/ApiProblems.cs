using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowDocs.Common.Http;

/// <summary>
/// The problem-details answers module endpoints give, with a detail that names what is wrong. The host adds
/// the instance and trace id to each (ProblemDetailsDefaults).
/// </summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: what);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    /// <summary>422 with every invalid field at once, keyed by the request's field name.</summary>
    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The request is not valid",
            detail: string.Join(" ", errors.SelectMany(e => e.Value)),
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
    }

    public static ProblemHttpResult Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
